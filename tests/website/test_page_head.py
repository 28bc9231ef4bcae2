"""Titles, descriptions, canonical URLs and hreflang alternates in the page head."""

import pytest
from django.test import override_settings
from django.utils import translation

from projects.models import OverviewPage
from tests.factories import NEW_COUNTRY, NEW_PROJECT, make_country, make_project

pytestmark = pytest.mark.django_db

TURKEY_NL = "/nl/projecten/rechtshulp-asielzoekers-turkije/"
TURKEY_EN = "/en/projects/legal-aid-asylum-seekers-turkey/"


def test_overview_title_and_description_come_from_the_overview_page_in_dutch(seed, head):
    page = head("/nl/")
    assert page.title == "Onze projecten buiten Nederland · VluchtelingenWerk Nederland"
    assert page.meta("description").startswith("VluchtelingenWerk Nederland steunt lokale")


def test_overview_title_and_description_come_from_the_overview_page_in_english(seed, head):
    page = head("/en/")
    assert page.title == "Our projects outside the Netherlands · VluchtelingenWerk Nederland"
    assert page.meta("description").startswith("The Dutch Council for Refugees supports")


def test_overview_description_falls_back_to_the_intro_without_a_meta_description(seed, head):
    OverviewPage.objects.update(meta_description_nl="")
    description = head("/nl/").meta("description")
    assert description.startswith("VluchtelingenWerk Nederland is een van de grootste")
    assert "<p>" not in description
    assert len(description) <= 160


def test_project_title_and_description_come_from_its_title_and_summary(seed, head):
    page = head(TURKEY_EN)
    assert page.title == "Free legal aid for asylum seekers in Turkey · VluchtelingenWerk Nederland"
    assert page.meta("description") == (
        "With Helsinki Citizens Assembly and ECRE, VluchtelingenWerk works towards a system "
        "of free legal aid for asylum seekers in Turkey."
    )


def test_project_description_falls_back_to_an_excerpt_of_the_body(head):
    make_project(
        [make_country("GR", **NEW_COUNTRY)],
        **(NEW_PROJECT | {"summary_nl": "", "body_nl": "<p>Eerste zin &amp; meer.</p>"}),
    )
    assert head("/nl/projecten/nieuw-project/").meta("description") == "Eerste zin & meer."


def test_country_description_is_an_excerpt_of_the_situation(seed, head):
    page = head("/nl/landen/servie/")
    assert page.title == "Servië · VluchtelingenWerk Nederland"
    description = page.meta("description")
    assert description.startswith("Na vier oorlogen leven in Servië veel vluchtelingen")
    assert description.endswith("…")
    assert len(description) <= 160


def test_partner_title_and_description_come_from_its_name_and_description(seed, head):
    page = head("/en/partners/cedem/")
    assert page.title == (
        "Centre for Democracy and Human Rights (CEDEM) · VluchtelingenWerk Nederland"
    )
    assert page.meta("description") == (
        "VluchtelingenWerk's local partner organisation in Montenegro."
    )


def test_canonical_is_the_absolute_address_of_the_page_in_its_language(seed, head):
    assert head(TURKEY_NL).canonical == "http://testserver" + TURKEY_NL
    assert head(TURKEY_EN).canonical == "http://testserver" + TURKEY_EN


@override_settings(SITE_URL="https://projecten.example.org")
def test_canonical_uses_the_site_url_setting_when_set(seed, head):
    assert head(TURKEY_EN).canonical == "https://projecten.example.org" + TURKEY_EN


def test_translated_project_has_alternates_for_both_languages_and_x_default(seed, head):
    assert head(TURKEY_EN).hreflangs == {
        "nl": "http://testserver" + TURKEY_NL,
        "en": "http://testserver" + TURKEY_EN,
        "x-default": "http://testserver" + TURKEY_NL,
    }


def test_project_without_english_body_has_no_english_alternate(head):
    make_project(
        [make_country("GR", **NEW_COUNTRY)], **NEW_PROJECT, title_en="New project", body_en=""
    )
    page = head("/en/projects/nieuw-project/")
    assert set(page.hreflangs) == {"nl", "x-default"}


def test_untranslated_english_page_is_canonical_to_the_dutch_page(head):
    make_project([make_country("GR", **NEW_COUNTRY)], **NEW_PROJECT)
    assert head("/en/projects/nieuw-project/").canonical == (
        "http://testserver/nl/projecten/nieuw-project/"
    )


def test_project_with_english_title_and_body_has_an_english_alternate(head):
    make_project(
        [make_country("GR", **NEW_COUNTRY)],
        **NEW_PROJECT,
        title_en="New project",
        slug_en="new-project",
        body_en="<p>What we do.</p>",
    )
    page = head("/nl/projecten/nieuw-project/")
    assert page.hreflangs["en"] == "http://testserver/en/projects/new-project/"


def test_country_without_english_situation_has_no_english_alternate(seed, head):
    from projects.models import Country

    Country.objects.filter(slug_nl="kenia").update(situation_en="")
    page = head("/en/countries/kenya/")
    assert set(page.hreflangs) == {"nl", "x-default"}
    assert page.canonical == "http://testserver/nl/landen/kenia/"


def test_partner_without_english_description_has_no_english_alternate(seed, head):
    from partners.models import PartnerOrganisation

    PartnerOrganisation.objects.filter(slug_nl="cedem").update(description_en="")
    assert set(head("/nl/partners/cedem/").hreflangs) == {"nl", "x-default"}


def test_overview_without_english_intro_has_no_english_alternate(seed, head):
    OverviewPage.objects.update(intro_en="")
    assert set(head("/nl/").hreflangs) == {"nl", "x-default"}


def test_the_not_found_page_has_a_title_and_no_canonical(db, client):
    with translation.override("en"):
        response = client.get("/en/projects/does-not-exist/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<title>Page not found · VluchtelingenWerk Nederland</title>" in html
    assert 'rel="canonical"' not in html


def test_country_without_situation_gets_a_described_fallback_in_dutch(head):
    from projects.models import Country

    make_project([make_country("GR", **NEW_COUNTRY)], **NEW_PROJECT)
    Country.objects.filter(slug_nl="land-gr").update(situation_nl="")
    assert head("/nl/landen/land-gr/").meta("description") == (
        "Het werk van VluchtelingenWerk Nederland in Land GR."
    )


@pytest.mark.parametrize("host", ["127.0.0.1:9999", "localhost", "testserver:8443"])
@override_settings(SITE_URL="https://projecten.example.org", PAGE_CACHE_ENABLED=False)
def test_the_request_host_never_reaches_canonical_og_url_or_alternates(seed, head, host):
    page = head(TURKEY_NL, HTTP_HOST=host)
    assert page.canonical == "https://projecten.example.org" + TURKEY_NL
    assert page.meta("og:url") == page.canonical
    assert set(page.hreflangs.values()) == {
        "https://projecten.example.org" + TURKEY_NL,
        "https://projecten.example.org" + TURKEY_EN,
    }
    assert host.split(":")[0] not in page.html.replace("projecten.example.org", "")


@override_settings(SITE_URL="https://projecten.example.org")
def test_sitemap_and_robots_ignore_the_request_host(seed, client):
    for path in ("/sitemap.xml", "/robots.txt"):
        body = client.get(path, HTTP_HOST="127.0.0.1:9999").content.decode()
        assert "9999" not in body and "127.0.0.1" not in body
        assert "https://projecten.example.org/" in body
