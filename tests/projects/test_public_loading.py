"""projects/public.py: what the public pages load, in which order, in any language."""

import pytest
from django.utils import translation

from projects.models import ProjectPartner, Workshop
from projects.public import attach_countries, attach_sections, overview_countries
from tests.factories import make_country, make_partner, make_project
from website.template_helpers.site_tags import translated

pytestmark = pytest.mark.django_db


def test_countries_and_projects_follow_the_model_ordering_in_each_language():
    """Meta.ordering ("sort_order", then the name in the page's language) decides."""
    alpha = make_country(name_nl="Zweden", name_en="Albania", sort_order=1)
    omega = make_country(name_nl="Albanië", name_en="Sweden", sort_order=1)
    first = make_country(name_nl="Zuid-Sudan", name_en="South Sudan", sort_order=0)
    for country in (alpha, omega, first):
        make_project(countries=[country], title_nl="B-project", title_en="Y project", sort_order=0)
        make_project(countries=[country], title_nl="A-project", title_en="Z project", sort_order=0)

    with translation.override("nl"):
        countries = overview_countries()
        assert [c.name for c in countries] == ["Zuid-Sudan", "Albanië", "Zweden"]
        assert [p.title for p in countries[1].published_projects] == ["A-project", "B-project"]
    with translation.override("en"):
        countries = overview_countries()
        assert [c.name for c in countries] == ["South Sudan", "Albania", "Sweden"]
        assert [p.title for p in countries[1].published_projects] == ["Y project", "Z project"]


def test_facilitators_and_countries_follow_their_ordering():
    project = make_project(countries=[make_country(name_nl="Turkije", sort_order=2)])
    project.countries.add(make_country(name_nl="Griekenland", sort_order=1))
    workshop = Workshop.objects.create(project=project, title_nl="Workshop")
    workshop.facilitators.add(make_partner(name_nl="Zeta"), make_partner(name_nl="Alfa"))
    ProjectPartner.objects.create(project=project, partner=make_partner(), sort_order=2)
    ProjectPartner.objects.create(project=project, partner=make_partner(), sort_order=1)

    attach_sections([project])
    attach_countries([project])

    assert [p.name for p in project.public_workshops[0].public_facilitators] == ["Alfa", "Zeta"]
    assert [c.name for c in project.public_countries] == ["Griekenland", "Turkije"]
    assert [p.sort_order for p in project.public_partnerships] == [1, 2]


def test_loading_works_without_an_active_language():
    """Management commands and other code without a request have no active language."""
    make_project(countries=[make_country(name_nl="Kenia")])
    with translation.override(None):
        countries = overview_countries()
        assert [c.name for c in countries] == ["Kenia"]
        assert str(translated(countries[0], "name")) == "Kenia"


def test_a_project_in_two_countries_appears_under_both_once():
    project = make_project(countries=[make_country(), make_country()])
    make_project(countries=[project.countries.first()], published=False)
    countries = overview_countries()
    assert [[p.pk for p in c.published_projects] for c in countries] == [[project.pk]] * 2


def test_translated_refuses_a_field_without_translations():
    partner = make_partner(website="https://example.org/")
    with pytest.raises(ValueError, match="website is not a translated field"):
        translated(partner, "website")


def test_section_rows_come_in_the_admin_order_ties_by_creation():
    """Sorted in Python (no ORDER BY): sort_order first, equal ones in the order made."""
    from projects.models import ProjectLink, Video

    project = make_project(countries=[make_country()])
    made = [
        ProjectLink.objects.create(
            project=project, label_nl=f"L{n}", url="https://x.nl", sort_order=order
        )
        for n, order in enumerate([3, 1, 1, 0, 2])
    ]
    Video.objects.create(project=project, url="https://www.youtube.com/watch?v=a", sort_order=5)
    Video.objects.create(project=project, url="https://www.youtube.com/watch?v=b", sort_order=4)
    attach_sections([project])
    assert [link.pk for link in project.public_links] == [
        made[3].pk,
        made[1].pk,
        made[2].pk,
        made[4].pk,
        made[0].pk,
    ]
    assert [video.sort_order for video in project.public_videos] == [4, 5]


def test_an_ordering_python_cannot_follow_is_refused():
    from projects.models import Country, Result
    from projects.public import row_order

    with pytest.raises(ValueError):
        row_order(Country)  # by name, in the page's language
    with pytest.raises(ValueError):
        row_order(Result)  # newest year first
