"""What visitors of the English pages see of untranslated content; per-language slugs."""

import pytest
from django.utils import translation

from partners.models import PartnerOrganisation
from projects.models import Country, Project
from tests.factories import (
    make_country,
    make_dutch_only_project,
    make_overview,
    make_partner,
    make_translated_project,
)

pytestmark = pytest.mark.django_db

NOTICE = "Some parts of this page are not yet available in English"


def test_english_page_with_dutch_fallback_says_so_once(client):
    project = make_translated_project(summary_en="", body_en="")
    html = client.get(f"/en/projects/{project.slug_en}/").content.decode()
    assert html.count(NOTICE) == 1
    assert html.index(NOTICE) < html.index("<h1>")
    assert '<div lang="nl"><p>Wat VluchtelingenWerk doet.</p></div>' in html


def test_fully_translated_english_page_has_no_notice(client):
    project = make_translated_project()
    html = client.get(f"/en/projects/{project.slug_en}/").content.decode()
    assert NOTICE not in html


def test_dutch_page_has_no_notice(client):
    project = make_dutch_only_project()
    html = client.get(f"/nl/projecten/{project.slug_nl}/").content.decode()
    assert NOTICE not in html
    assert "Sommige delen" not in html


def test_overview_page_notice_comes_from_any_fallback_on_it(client):
    make_overview(intro_nl="<p>Inleiding.</p>")  # no English intro
    make_translated_project()
    html = client.get("/en/").content.decode()
    assert html.count(NOTICE) == 1


def test_language_switcher_leads_to_the_same_project_with_different_slugs(client):
    make_translated_project(slug_nl="bescherming-kenia", slug_en="protection-kenya")
    html = client.get("/nl/projecten/bescherming-kenia/").content.decode()
    assert 'href="/en/projects/protection-kenya/"' in html
    html = client.get("/en/projects/protection-kenya/").content.decode()
    assert 'href="/nl/projecten/bescherming-kenia/"' in html


def test_english_url_with_the_dutch_slug_redirects_to_the_english_url(client):
    make_translated_project(slug_nl="bescherming-kenia", slug_en="protection-kenya")
    response = client.get("/en/projects/bescherming-kenia/")
    assert response.status_code == 301
    assert response["Location"] == "/en/projects/protection-kenya/"


def test_project_without_english_slug_is_reached_at_its_dutch_slug(client):
    make_dutch_only_project(slug_nl="alleen-nederlands")
    assert client.get("/en/projects/alleen-nederlands/").status_code == 200


def test_two_objects_without_an_english_slug_save_fine():
    first = make_dutch_only_project()
    second = make_dutch_only_project()
    country_a, country_b = make_country(slug_en=None), make_country(slug_en=None)
    partner_a, partner_b = make_partner(), make_partner()
    assert Project.objects.filter(pk__in=[first.pk, second.pk], slug_en__isnull=True).count() == 2
    assert Country.objects.filter(pk__in=[country_a.pk, country_b.pk], slug_en=None).count() == 2
    assert (
        PartnerOrganisation.objects.filter(
            pk__in=[partner_a.pk, partner_b.pk], slug_en__isnull=True
        ).count()
        == 2
    )


def test_lookups_do_not_fall_back_to_dutch():
    project = make_dutch_only_project(title_nl="Bescherming in Kenia")
    with translation.override("en"):
        assert project.title == "Bescherming in Kenia"  # attribute reads fall back...
        assert not Project.objects.filter(title="Bescherming in Kenia").exists()  # ...lookups not
    assert Project.objects.filter(title_nl="Bescherming in Kenia").exists()
