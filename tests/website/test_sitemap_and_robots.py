"""sitemap.xml and robots.txt."""

import xml.etree.ElementTree as ET

import pytest
from django.test import override_settings

from projects.models import Country, Project
from tests.factories import NEW_COUNTRY, NEW_PROJECT, make_country, make_partner, make_project

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    return {
        url.findtext("s:loc", namespaces=NS): {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
        }
        for url in root.findall("s:url", NS)
    }


def test_sitemap_lists_every_public_page_in_both_languages(seed, client):
    urls = sitemap(client)
    base = "http://testserver"
    for path in (
        "/nl/",
        "/en/",
        "/nl/landen/turkije/",
        "/en/countries/turkey/",
        "/nl/projecten/rechtshulp-asielzoekers-turkije/",
        "/en/projects/legal-aid-asylum-seekers-turkey/",
        "/nl/partners/cedem/",
        "/en/partners/cedem/",
    ):
        assert base + path in urls
    # overview 2 + countries 10 + projects 10 + partners 14 + projects list 2 + funders 6
    # + themes 2 + open data 2 + at a glance 2
    assert len(urls) == 50


def test_sitemap_gives_each_page_its_alternates_and_x_default(seed, client):
    alternates = sitemap(client)["http://testserver/en/countries/kenya/"]
    assert alternates == {
        "nl": "http://testserver/nl/landen/kenia/",
        "en": "http://testserver/en/countries/kenya/",
        "x-default": "http://testserver/nl/landen/kenia/",
    }


def test_sitemap_leaves_out_drafts_and_their_countries(client):
    make_project(
        [make_country("GR", **NEW_COUNTRY)],
        **(NEW_PROJECT | {"slug": "concept"}),
        status=Project.Status.DRAFT,
        title_en="Draft",
        body_en="<p>x</p>",
    )
    urls = " ".join(sitemap(client))
    assert "concept" not in urls
    assert "land-gr" not in urls


def test_sitemap_leaves_out_untranslated_english_pages(client):
    make_project([make_country("GR", **NEW_COUNTRY)], **NEW_PROJECT)
    urls = sitemap(client)
    assert "http://testserver/nl/projecten/nieuw-project/" in urls
    assert "http://testserver/en/projects/nieuw-project/" not in urls
    assert set(urls["http://testserver/nl/projecten/nieuw-project/"]) == {"nl", "x-default"}


def test_a_place_without_an_english_name_has_no_english_page_in_the_sitemap(client):
    """Also a place without a situation text: its name is its page's text."""
    balkan = make_country(
        "AL", name_nl="Westelijke Balkan", name_en="", slug_nl="westelijke-balkan",
        slug_en="western-balkans", situation_nl="", situation_en="",
    )  # fmt: skip
    named = make_country(
        "XK", name_nl="Kosovo", name_en="Kosovo", slug_nl="kosovo", slug_en="kosovo",
        situation_nl="", situation_en="",
    )  # fmt: skip
    make_project([balkan, named])
    urls = sitemap(client)
    assert "http://testserver/nl/landen/westelijke-balkan/" in urls
    assert "http://testserver/en/countries/western-balkans/" not in urls
    assert "http://testserver/en/countries/kosovo/" in urls


def test_sitemap_leaves_out_partners_of_draft_projects_only(seed, client):
    from projects.models import ProjectPartner

    draft = Project.objects.create(slug_nl="concept", title_nl="Concept")
    ProjectPartner.objects.create(
        project=draft,
        partner=make_partner(
            "Nieuwe Partner",
            slug="nieuwe-partner",
            plain=True,
            description_nl="<p>Een lokale organisatie.</p>",
        ),
    )
    assert "nieuwe-partner" not in " ".join(sitemap(client))


def test_sitemap_has_last_modified_dates_for_projects(seed, client):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    for url in root.findall("s:url", NS):
        if "/projecten/" in url.findtext("s:loc", namespaces=NS):
            assert url.findtext("s:lastmod", namespaces=NS)


@override_settings(SITE_URL="https://projecten.example.org")
def test_sitemap_uses_the_site_url_setting(seed, client):
    assert all(url.startswith("https://projecten.example.org/") for url in sitemap(client))


def test_sitemap_country_pages_follow_publication(seed, client):
    Project.objects.filter(countries__slug_nl="kenia").update(status=Project.Status.DRAFT)
    assert not any("kenia" in url for url in sitemap(client))
    assert Country.objects.filter(slug_nl="kenia").exists()


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(db, client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


@override_settings(SITE_URL="https://projecten.example.org")
def test_robots_txt_uses_the_site_url_setting(db, client):
    assert (
        "Sitemap: https://projecten.example.org/sitemap.xml"
        in client.get("/robots.txt").content.decode().splitlines()
    )


def test_sitemap_needs_one_query_per_section_whatever_the_number_of_pages(
    seed, client, django_assert_num_queries
):
    from django.contrib.sites.models import Site

    # Overview, completed projects (whether there are any), countries, projects, partners,
    # the projects list (its date), funders, themes, open data, at a glance. The sites
    # framework's one row (installed for the redirects) is read once per process.
    Site.objects.get_current()
    with django_assert_num_queries(11):
        client.get("/sitemap.xml")


def test_sitemap_leaves_out_an_english_page_translated_in_part(client):
    make_project(
        [make_country("GR", **NEW_COUNTRY)],
        **{**NEW_PROJECT, "body_nl": "<p>Wat wij doen.</p><p>En meer.</p>"},
        title_en="New project",
        slug_en="new-project",
        body_en="<p>What we do.</p>",
    )
    urls = sitemap(client)
    assert "http://testserver/en/projects/new-project/" not in urls
    assert set(urls["http://testserver/nl/projecten/nieuw-project/"]) == {"nl", "x-default"}
