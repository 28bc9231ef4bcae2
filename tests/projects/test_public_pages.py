import pytest
from django.utils import translation

from projects.models import OverviewPage
from projects.public import (
    OVERVIEW_FULL_PROGRAMMES,
    OVERVIEW_FULL_PROJECTS,
    OVERVIEW_LISTED,
    OVERVIEW_PLACES,
)
from tests.factories import make_country, make_full_project, make_partner, make_project

pytestmark = pytest.mark.django_db


def test_root_redirects_to_a_language():
    response = pytest.importorskip("django.test").Client().get("/")
    assert response.status_code == 302
    assert response["Location"] in ("/nl/", "/en/")


def test_overview_shows_published_projects_per_country_in_dutch(client):
    country = make_country(name_nl="Turkije", name_en="Turkey")
    make_project(countries=[country], body_nl="<p>Wij geven workshops.</p>")
    response = client.get("/nl/")
    html = response.content.decode()
    assert "De situatie in Turkije" in html
    assert "Wat doet VluchtelingenWerk?" in html
    assert "Wij geven workshops." in html


def test_overview_in_english_uses_english_text_and_interface(client):
    country = make_country(name_nl="Turkije", name_en="Turkey")
    make_project(countries=[country], body_en="<p>We give workshops.</p>")
    html = client.get("/en/").content.decode()
    assert "The situation in Turkey" in html
    assert "What does VluchtelingenWerk do?" in html
    assert "We give workshops." in html
    assert '<html lang="en">' in html


def test_overview_texts_come_from_the_database(client):
    OverviewPage.objects.create(title_nl="Werk over de grens", title_en="Work abroad")
    assert "<h1>Werk over de grens</h1>" in client.get("/nl/").content.decode()
    assert "<h1>Work abroad</h1>" in client.get("/en/").content.decode()


def test_untranslated_text_falls_back_to_dutch_marked_as_dutch(client):
    make_project(body_nl="<p>Alleen in het Nederlands.</p>", body_en="")
    html = client.get("/en/").content.decode()
    assert '<div lang="nl"><p>Alleen in het Nederlands.</p></div>' in html


def test_translated_text_is_not_marked_as_dutch(client):
    make_project(body_en="<p>In English.</p>")
    html = client.get("/en/").content.decode()
    assert "<p>In English.</p>" in html
    assert '<div lang="nl"><p>In English.</p>' not in html


def test_project_page_in_both_languages(client):
    project = make_full_project(title_nl="Rechtshulp", title_en="Legal aid")
    with translation.override("nl"):
        nl_url = project.get_absolute_url()
    with translation.override("en"):
        en_url = project.get_absolute_url()
    assert nl_url.startswith("/nl/projecten/")
    assert en_url.startswith("/en/projects/")
    assert "<h1>Rechtshulp</h1>" in client.get(nl_url).content.decode()
    assert "<h1>Legal aid</h1>" in client.get(en_url).content.decode()


def test_project_page_shows_partners_funders_workshops_videos_and_links(client):
    project = make_full_project()
    partnership = project.partnerships.get()
    funding = project.fundings.get()
    with translation.override("nl"):
        html = client.get(project.get_absolute_url()).content.decode()
        assert partnership.partner.get_absolute_url() in html
    assert funding.funder.name_nl in html
    assert "een looptijd van een jaar" in html
    assert project.workshops.get().title_nl in html
    assert "https://www.youtube.com/watch?v=abcdefghijk" in html
    assert "https://example.org/" in html


def test_country_page_in_both_languages(client):
    country = make_country(name_nl="Servië", name_en="Serbia", slug_nl="servie", slug_en="serbia")
    make_project(countries=[country], title_nl="Asielsysteem", title_en="Asylum system")
    nl = client.get("/nl/landen/servie/").content.decode()
    en = client.get("/en/countries/serbia/").content.decode()
    assert "<h1>Servië</h1>" in nl and "Asielsysteem" in nl
    assert "<h1>Serbia</h1>" in en and "Asylum system" in en


def test_partner_page_lists_its_published_projects(client):
    partner = make_partner(name_nl="CEDEM", slug_nl="cedem")
    project = make_full_project(title_nl="Bescherming")
    project.partnerships.update(partner=partner)
    draft = make_project(published=False, title_nl="Geheim concept")
    draft.partnerships.create(partner=partner)
    html = client.get("/nl/partners/cedem/").content.decode()
    assert "Bescherming" in html
    assert "Geheim concept" not in html


def test_language_switcher_leads_to_the_same_project_in_the_other_language(client):
    project = make_project(slug_nl="rechtshulp", slug_en="legal-aid")
    html = client.get("/nl/projecten/rechtshulp/").content.decode()
    assert 'href="/en/projects/legal-aid/" hreflang="en"' in html
    html = client.get("/en/projects/legal-aid/").content.decode()
    assert 'href="/nl/projecten/rechtshulp/" hreflang="nl"' in html
    assert project.pk


def test_language_switcher_labels_are_in_the_target_language(client):
    make_project()
    assert "Read this article in English" in client.get("/nl/").content.decode()
    assert "Lees dit artikel in het Nederlands" in client.get("/en/").content.decode()


def test_english_address_without_english_slug_uses_the_dutch_slug(client):
    make_project(slug_nl="alleen-nederlands", slug_en=None)
    assert client.get("/en/projects/alleen-nederlands/").status_code == 200


def test_english_address_with_dutch_slug_redirects_to_the_english_address(client):
    make_project(slug_nl="rechtshulp", slug_en="legal-aid")
    response = client.get("/en/projects/rechtshulp/")
    assert response.status_code == 301
    assert response["Location"] == "/en/projects/legal-aid/"


def test_draft_project_page_is_not_found_in_either_language(client):
    make_project(published=False, slug_nl="concept", slug_en="draft")
    assert client.get("/nl/projecten/concept/").status_code == 404
    assert client.get("/en/projects/draft/").status_code == 404
    assert client.get("/en/projects/concept/").status_code == 404


def test_drafts_are_not_listed_on_the_overview(client):
    country = make_country()
    make_project(countries=[country], title_nl="Zichtbaar", body_nl="<p>Zichtbaar werk</p>")
    make_project(countries=[country], published=False, body_nl="<p>Geheim concept</p>")
    html = client.get("/nl/").content.decode()
    assert "Zichtbaar werk" in html
    assert "Geheim concept" not in html


def test_country_with_only_draft_projects_is_hidden(client):
    country = make_country(slug_nl="verborgen", name_nl="Verborgenland")
    make_project(countries=[country], published=False)
    assert client.get("/nl/landen/verborgen/").status_code == 404
    assert "Verborgenland" not in client.get("/nl/").content.decode()


def test_partner_of_draft_projects_only_is_hidden(client):
    partner = make_partner(slug_nl="onbekend")
    make_project(published=False).partnerships.create(partner=partner)
    assert client.get("/nl/partners/onbekend/").status_code == 404


def test_unknown_slug_is_not_found(client):
    assert client.get("/nl/projecten/bestaat-niet/").status_code == 404


# The overview's queries (tests/performance: its own and the facet index's, the first
# page after a change) without an overview text of its own, plus the three with which the
# page cache finds the next moment the page changes by itself (a call to action that
# ends, a project's end date, a photo's consent that ends).
OVERVIEW_QUERIES = 21


def _build(count):
    """``count`` projects in ``count`` countries: every country shown shows its project in
    full (beyond OVERVIEW_PLACES places the overview shows that many)."""
    for _ in range(count):
        make_full_project(countries=[make_country()])


@pytest.mark.parametrize("count", [3, 30])
def test_overview_query_count_does_not_grow_with_projects(client, django_assert_num_queries, count):
    _build(count)
    # The page's own (tests/performance), plus the page cache's reading of the content
    # clock (with the changes since) and its look-up of the next scheduled moment.
    with django_assert_num_queries(OVERVIEW_QUERIES + 2):
        response = client.get("/nl/")
    assert response.content.decode().count('class="project"') == min(count, OVERVIEW_PLACES)


def test_a_country_with_many_projects_lists_them_and_links_to_its_page(client):
    """Above OVERVIEW_FULL_PROJECTS a country's projects are listed by title and summary;
    their sections are on the country page. Other countries still show theirs in full."""
    busy = make_country(name_nl="Griekenland", slug_nl="griekenland")
    quiet = make_country(name_nl="Kenia", slug_nl="kenia")
    listed = [
        make_full_project(countries=[busy], title_nl=f"Project {n}", summary_nl=f"Samenvatting {n}")
        for n in range(OVERVIEW_FULL_PROJECTS + 1)
    ]
    make_project(countries=[busy], published=False, title_nl="Concept in Griekenland")
    in_full = make_full_project(countries=[quiet], body_nl="<p>Volledige tekst Kenia</p>")

    html = client.get("/nl/").content.decode()

    for project in listed:
        assert f'href="{project.get_absolute_url()}"' in html
        assert f"Samenvatting {project.title_nl[-1]}" in html
        assert f"Workshop {project.pk}" not in html  # the section itself is not on the overview
    assert html.count('class="project-list__item"') == len(listed)
    assert "Concept in Griekenland" not in html
    link = f"Lees over alle {len(listed)} projecten in Griekenland"
    assert f'<a href="/nl/landen/griekenland/">{link}</a>' in html
    assert "Volledige tekst Kenia" in html and f"Workshop {in_full.pk}" in html

    country_page = client.get("/nl/landen/griekenland/").content.decode()
    for project in listed:
        assert f"Workshop {project.pk}" in country_page


def test_listing_countries_take_no_more_queries_than_countries_in_full(
    client, django_assert_num_queries
):
    make_full_project(countries=[make_country()])
    busy = make_country()
    for _ in range(OVERVIEW_FULL_PROJECTS + 1):
        make_full_project(countries=[busy])
    # The page's own (tests/performance), plus the page cache's reading of the content
    # clock (with the changes since) and its look-up of the next scheduled moment.
    with django_assert_num_queries(OVERVIEW_QUERIES + 2):
        response = client.get("/en/")
    listed = response.content.decode().count('class="project-list__item"')
    assert listed == OVERVIEW_FULL_PROJECTS + 1


def test_many_programmes_are_listed_with_their_places_and_link_to_their_pages(
    client, django_assert_max_num_queries
):
    """Above OVERVIEW_FULL_PROGRAMMES the programmes are listed by title, places and
    summary (their sections are on their own pages); each country refers to its newest
    OVERVIEW_LISTED, each reference lands on its entry, the others are counted with a link
    to the place's projects in the list; the overview takes no more queries."""
    north, south = make_country(name_nl="Noorderland"), make_country(name_nl="Zuiderland")
    programmes = [
        make_full_project(
            countries=[north, south], title_nl=f"Programma {n}", summary_nl=f"Kort {n}."
        )
        for n in range(OVERVIEW_FULL_PROGRAMMES + 1)
    ]
    with django_assert_max_num_queries(OVERVIEW_QUERIES + 1):
        html = client.get("/nl/").content.decode()
    for project in programmes:
        assert f'<li class="project-list__item programme" id="programme-{project.pk}">' in html
        assert f"Kort {project.title_nl.split()[-1]}." in html
        assert f"Workshop {project.pk}" not in html
    # Without start dates "newest" is the editors' order: the first ones are referred to.
    referred = [p for p in programmes if f'href="#programme-{p.pk}"' in html]
    assert referred == programmes[:OVERVIEW_LISTED]
    more = len(programmes) - OVERVIEW_LISTED
    link = f"En nog {more} programma&#x27;s in Noorderland"
    assert f'<a href="/nl/projecten/?place={north.slug}">{link}</a>' in html
    assert html.count("In Noorderland en Zuiderland.") == len(programmes)
    assert 'class="project programme"' not in html


def test_a_few_programmes_are_shown_in_full(client):
    north, south = make_country(name_nl="Noorderland"), make_country(name_nl="Zuiderland")
    programmes = [
        make_full_project(countries=[north, south]) for _ in range(OVERVIEW_FULL_PROGRAMMES)
    ]
    html = client.get("/nl/").content.decode()
    assert html.count('class="project programme"') == len(programmes)
    for project in programmes:
        assert f"Workshop {project.pk}" in html
