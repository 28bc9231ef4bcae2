"""The projects list with filters, funders' pages and themes' pages."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import translation

from projects.models import Project
from tests.factories import (
    add_funding,
    add_partner,
    make_country,
    make_funder,
    make_partner,
    make_project,
)

pytestmark = pytest.mark.django_db


def listed(client, path, **parameters):
    response = client.get(path, parameters)
    assert response.status_code == 200
    html = response.content.decode()
    return html, [
        re.sub(r"<[^>]+>", "", title)
        for title in re.findall(r'class="project-list__title" href="[^"]*">(.*?)</a>', html)
    ]


def option(html, name, label):
    """The option text of a filter's choice, e.g. "Kenia (2)", or None when not offered."""
    select = re.search(rf'<select id="filter-{name}" name="{name}">(.*?)</select>', html, re.S)
    assert select, name
    texts = [
        re.sub(r"\s+", " ", o) for o in re.findall(r"<option[^>]*>(.*?)</option>", select.group(1))
    ]
    return next((text for text in texts if text.startswith(label + " (")), None)


@pytest.fixture
def world():
    kenya = make_country(
        name_nl="Kenia",
        name_en="Kenya",
        slug_nl="kenia",
        slug_en="kenya",
        region_nl="Oost-Afrika",
        region_en="East Africa",
    )
    uganda = make_country(
        name_nl="Oeganda",
        name_en="Uganda",
        slug_nl="oeganda",
        slug_en="uganda",
        region_nl="Oost-Afrika",
        region_en="East Africa",
    )
    turkey = make_country(name_nl="Turkije", name_en="Turkey", slug_nl="turkije", slug_en="turkey")
    eu = make_funder("de EU", slug="eu", name_en="the EU")
    lottery = make_funder("de Postcode Loterij", slug="postcode-loterij")
    kituo = make_partner("Kituo cha Sheria", slug_nl="kituo", slug_en="kituo-en")
    a = make_project(
        countries=[kenya],
        title_nl="A Kenia",
        title_en="A Kenya",
        sector="15130",
        start_date=datetime.date(2019, 1, 1),
        end_date=datetime.date(2020, 6, 30),
    )
    b = make_project(
        countries=[kenya, uganda],
        title_nl="B Oost-Afrika",
        title_en="B East Africa",
        start_date=datetime.date(2023, 1, 1),
    )
    c = make_project(
        countries=[turkey],
        title_nl="C Turkije",
        title_en="C Turkey",
        sector="15130",
        start_date=datetime.date(2022, 3, 1),
    )
    make_project(countries=[turkey], title_nl="D Concept", published=False, sector="15130")
    add_funding(a, eu)
    add_funding(b, eu)
    add_funding(c, lottery)
    add_partner(a, kituo)
    add_partner(b, kituo)
    return {"kenya": kenya, "turkey": turkey, "eu": eu, "kituo": kituo, "a": a, "b": b, "c": c}


def test_the_list_shows_every_published_project_and_no_draft(client, world):
    html, titles = listed(client, "/nl/projecten/")
    assert titles == ["A Kenia", "B Oost-Afrika", "C Turkije"]
    assert "3 projecten" in html


def test_filters_combine_and_count_each_choice(client, world):
    html, titles = listed(client, "/nl/projecten/", place="kenia")
    assert titles == ["A Kenia", "B Oost-Afrika"]
    # Counts are of the projects each choice gives together with the other filters.
    assert option(html, "funder", "de EU") == "de EU (2)"
    assert option(html, "funder", "de Postcode Loterij") is None  # none in Kenya
    assert option(html, "place", "Turkije") == "Turkije (1)"  # the place itself is replaceable
    html, titles = listed(client, "/nl/projecten/", place="kenia", theme="15130")
    assert titles == ["A Kenia"]
    theme = "juridische en rechterlijke ontwikkeling"
    assert option(html, "theme", theme) == f"{theme} (1)"
    assert option(html, "theme", "immigratie") == "immigratie (1)"
    html, titles = listed(
        client, "/nl/projecten/", funder="eu", partner="kituo", status="completed"
    )
    assert titles == ["A Kenia"]


def test_region_status_and_year(client, world):
    assert listed(client, "/nl/projecten/", region="oost-afrika")[1] == ["A Kenia", "B Oost-Afrika"]
    assert listed(client, "/nl/projecten/", status="current")[1] == ["B Oost-Afrika", "C Turkije"]
    assert listed(client, "/nl/projecten/", year="2020")[1] == ["A Kenia"]
    html, titles = listed(client, "/nl/projecten/", year="2022")
    assert titles == ["C Turkije"]
    assert option(html, "year", "2019") == "2019 (1)"


def test_english_list_uses_english_names_and_slugs(client, world):
    html, titles = listed(client, "/en/projects/", place="kenya")
    assert titles == ["A Kenya", "B East Africa"]
    assert option(html, "region", "East Africa") == "East Africa (2)"
    # The language switch keeps the filter, in the other language's slug.
    assert 'href="/nl/projecten/?place=kenia"' in html
    # A Dutch slug in an English address still works (a shared link from the Dutch page).
    assert listed(client, "/en/projects/", place="kenia")[1] == ["A Kenya", "B East Africa"]


def test_an_unknown_filter_value_is_left_out_and_said(client, world):
    html, titles = listed(client, "/nl/projecten/", partner="bestaat-niet", year="abc")
    assert titles == ["A Kenia", "B Oost-Afrika", "C Turkije"]
    assert "Een filter in dit adres geldt niet meer" in html


def test_a_partner_only_in_a_draft_is_no_choice(client, world):
    hidden = make_partner("Verborgen partner", slug_nl="verborgen")
    add_partner(Project.objects.get(title_nl="D Concept"), hidden)
    html, titles = listed(client, "/nl/projecten/", partner="verborgen")
    assert "Verborgen partner" not in html
    assert len(titles) == 3


def test_the_list_is_paginated_with_shareable_addresses(client):
    place = make_country(slug_nl="griekenland")
    for number in range(45):
        make_project(countries=[place], title_nl=f"Project {number:02d}")
    html, titles = listed(client, "/nl/projecten/", place="griekenland")
    assert len(titles) == 20 and "45 projecten · pagina 1 van 3" in html
    assert 'href="/nl/projecten/?place=griekenland&amp;page=3"' in html
    html, titles = listed(client, "/nl/projecten/", place="griekenland", page="3")
    assert len(titles) == 5 and 'aria-current="page">3<' in html
    assert listed(client, "/nl/projecten/", page="99")[1] == titles
    assert len(listed(client, "/nl/projecten/", page="x")[1]) == 20


def test_the_result_count_is_announced(client, world):
    html, _titles = listed(client, "/nl/projecten/", place="kenia")
    assert re.search(r'<h2 id="results-heading"[^>]*aria-live="polite">2 projecten</h2>', html)
    assert "<title>Projecten: Kenia (2 projecten)" in html
    assert 'name="robots" content="noindex, follow"' in html


def test_the_unfiltered_list_is_cached_and_filtered_ones_are_fresh(client, world):
    assert client.get("/nl/projecten/").has_header("ETag")
    first = listed(client, "/nl/projecten/", place="turkije")[1]
    make_project(countries=[world["turkey"]], title_nl="E Turkije")
    assert listed(client, "/nl/projecten/", place="turkije")[1] == [*first, "E Turkije"]
    assert "E Turkije" in listed(client, "/nl/projecten/")[0]


# The first list a process renders reads the content clock (its number and the next
# scheduled moments: four queries) and the facet index (projects, places, pairs ×3,
# partners, funders: seven); the overview's texts and the page's projects, which the
# index keeps: the next lists read only the projects of a page not shown before (one),
# as long as the clock says nothing the index was read from has changed.
CLOCK_QUERIES = 4
INDEX_QUERIES = 7
LIST_QUERIES = 2


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_list_takes_a_fixed_number_of_queries(
    client, django_assert_num_queries, settings, size, language
):
    settings.PAGE_CACHE_ENABLED = False
    place = make_country()
    funder = make_funder()
    for _ in range(size):
        project = make_project(countries=[place, make_country()])
        add_partner(project, make_partner())
        add_funding(project, funder)
    path = "/nl/projecten/" if language == "nl" else "/en/projects/"
    with django_assert_num_queries(CLOCK_QUERIES + INDEX_QUERIES + LIST_QUERIES):
        response = client.get(path, {"funder": funder.slug, "page": "1"})
    assert response.status_code == 200
    second = {"funder": funder.slug, "page": "2", "status": "current"}
    # With three projects there is no page 2: the first is shown again.
    with django_assert_num_queries(1 if size > 20 else 0):
        response = client.get(path, second)
    assert response.status_code == 200
    with django_assert_num_queries(0):
        again = client.get(path, second)
    assert again.content.decode().count("project-list__item") == (
        response.content.decode().count("project-list__item")
    )


# Funders --------------------------------------------------------------------------------


def test_a_funders_page_lists_its_published_projects_and_shown_amounts(client, world):
    funding = world["eu"].fundings.get(project=world["a"])
    funding.amount, funding.show_amount = Decimal("25000"), True
    funding.save()
    hidden = world["eu"].fundings.get(project=world["b"])
    hidden.amount = Decimal("99999")
    hidden.save()
    html = client.get("/nl/financiers/eu/").content.decode().replace("\xa0", " ")
    assert "<h1>de EU</h1>" in html
    assert "A Kenia" in html and "B Oost-Afrika" in html and "C Turkije" not in html
    assert "€ 25.000" in html and "99.999" not in html
    english = client.get("/en/funders/eu/").content.decode().replace("\xa0", " ")
    assert "<h1>the EU</h1>" in english and "€25,000" in english
    assert 'hreflang="nl" href="http://testserver/nl/financiers/eu/"' in english


def test_a_funder_of_drafts_only_has_no_page(client, world):
    hidden = make_funder("het stille fonds", slug="stil")
    add_funding(Project.objects.get(title_nl="D Concept"), hidden)
    assert client.get("/nl/financiers/stil/").status_code == 404


FUNDER_QUERIES = 3  # the funder, its fundings with their projects, the projects' places


@pytest.mark.parametrize("size", [3, 30])
def test_a_funders_page_takes_a_fixed_number_of_queries(
    client, django_assert_num_queries, settings, size
):
    settings.PAGE_CACHE_ENABLED = False
    funder = make_funder(slug="fonds-x")
    for _ in range(size):
        add_funding(make_project(), funder)
    with django_assert_num_queries(FUNDER_QUERIES):
        assert client.get("/nl/financiers/fonds-x/").status_code == 200


# Themes ---------------------------------------------------------------------------------


def test_a_themes_page_lists_its_projects_in_both_languages(client, world, settings):
    settings.IATI_DEFAULT_SECTOR = "15136"
    html = client.get("/nl/themas/15130/").content.decode()
    assert "A Kenia" in html and "C Turkije" in html and "B Oost-Afrika" not in html
    assert "D Concept" not in html
    with translation.override("en"):
        assert "legal and judicial development" in client.get("/en/themes/15130/").content.decode()
    # A project without a sector has the site's default sector.
    assert "B Oost-Afrika" in client.get("/nl/themas/15136/").content.decode()
    assert client.get("/nl/themas/15160/").status_code == 404
    assert client.get("/nl/themas/onzin/").status_code == 404


THEME_QUERIES = 3  # the theme's projects, their places, the overview texts


@pytest.mark.parametrize("size", [3, 30])
def test_a_themes_page_takes_a_fixed_number_of_queries(
    client, django_assert_num_queries, settings, size
):
    settings.PAGE_CACHE_ENABLED = False
    for _ in range(size):
        make_project(sector="15160")
    with django_assert_num_queries(THEME_QUERIES):
        assert client.get("/nl/themas/15160/").status_code == 200


def test_the_sitemap_lists_the_list_funders_and_themes_in_both_languages(client, world):
    xml = client.get("/sitemap.xml").content.decode()
    for path in (
        "/nl/projecten/",
        "/en/projects/",
        "/nl/financiers/eu/",
        "/en/funders/eu/",
        "/nl/themas/15130/",
        "/en/themes/15130/",
    ):
        assert f"<loc>http://testserver{path}</loc>" in xml, path
    assert 'hreflang="en" href="http://testserver/en/themes/15130/"' in xml


def test_the_page_cache_stores_the_plain_list_and_never_a_filtered_one(
    client, world, django_assert_num_queries, django_assert_max_num_queries
):
    client.get("/nl/projecten/")
    with django_assert_num_queries(0):  # answered from the page cache
        assert client.get("/nl/projecten/").status_code == 200
    client.get("/nl/projecten/", {"place": "kenia"})
    # Rendered again (from the facet index, which keeps what the list shows: no query),
    # never answered from the page cache.
    with django_assert_max_num_queries(20):
        response = client.get("/nl/projecten/", {"place": "kenia"})
    assert response.get("X-Page-Cache") != "hit"
    html = response.content.decode()
    assert "A Kenia" in html and "C Turkije" not in html
