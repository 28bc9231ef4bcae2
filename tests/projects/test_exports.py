"""The projects as CSV and as an Atom feed, in both languages; drafts never in them."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from lxml import etree

from projects.exports import spreadsheet_safe
from tests.factories import (
    add_funding,
    add_partner,
    make_country,
    make_funder,
    make_partner,
    make_project,
)

pytestmark = pytest.mark.django_db

ATOM = {"a": "http://www.w3.org/2005/Atom"}


def read_csv(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def projects():
    kenya = make_country(name_nl="Kenia", name_en="Kenya", slug_nl="kenia", slug_en="kenya")
    turkey = make_country(name_nl="Turkije", name_en="Turkey", slug_nl="turkije")
    shown = make_project(
        countries=[kenya],
        title_nl="Rechtshulp in Kenia",
        title_en="Legal aid in Kenya",
        summary_nl='=HYPERLINK("http://evil")',
        summary_en="Legal aid.",
    )
    add_partner(shown, make_partner("Kituo cha Sheria", acronym="KCS"))
    add_funding(shown, make_funder("de EU", name_en="the EU"))
    make_project(countries=[turkey], title_nl="Opvang in Turkije", title_en="Reception in Turkey")
    make_project(countries=[kenya], title_nl="Geheim concept", published=False)
    return shown


def test_the_list_downloads_as_csv_with_its_filters_in_both_languages(client, projects):
    rows = read_csv(client.get("/nl/projecten.csv", {"place": "kenia"}))
    assert [row["Titel"] for row in rows] == ["Rechtshulp in Kenia"]
    row = rows[0]
    assert list(row) == [
        "Titel", "Adres", "Landen en gebieden", "Partnerorganisaties", "Financiers", "Thema",
        "Lopend of afgerond", "Begin", "Einde", "Samenvatting",
    ]  # fmt: skip
    assert row["Adres"] == "http://testserver" + projects.get_absolute_url()
    assert row["Partnerorganisaties"] == "Kituo cha Sheria (KCS)"
    assert row["Financiers"] == "de EU" and row["Lopend of afgerond"] == "Lopend"
    # A cell a spreadsheet would run as a formula is text.
    assert row["Samenvatting"] == '\'=HYPERLINK("http://evil")'
    english = read_csv(client.get("/en/projects.csv"))
    assert [r["Title"] for r in english] == ["Legal aid in Kenya", "Reception in Turkey"]
    assert english[0]["Funders"] == "the EU" and english[0]["Places"] == "Kenya"


def test_the_list_links_to_its_csv_with_the_same_filters(client, projects):
    html = client.get("/nl/projecten/", {"place": "kenia"}).content.decode()
    assert 'href="/nl/projecten.csv?place=kenia"' in html


@pytest.mark.parametrize(
    ("value", "safe"),
    [("=1+1", "'=1+1"), ("+31 20", "'+31 20"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),
     ("\t=1", "'\t=1"), ("Kenia", "Kenia"), ("", ""), (None, "")],
)  # fmt: skip
def test_cells_are_spreadsheet_safe(value, safe):
    assert spreadsheet_safe(value) == safe


def test_the_atom_feed_lists_published_projects_newest_change_first(client, projects):
    older = make_project(title_nl="Oud project", title_en="Old project")
    type(older).objects.filter(pk=older.pk).update(updated_at=timezone.now() - timedelta(days=30))
    make_project(title_nl="Later project", publish_from=timezone.now() + timedelta(days=1))
    for language, titles in (
        ("nl", ["Opvang in Turkije", "Rechtshulp in Kenia", "Oud project"]),
        ("en", ["Reception in Turkey", "Legal aid in Kenya", "Old project"]),
    ):
        path = "/nl/projecten.atom" if language == "nl" else "/en/projects.atom"
        response = client.get(path)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/atom+xml")
        feed = etree.fromstring(response.content)
        assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == language
        assert feed.xpath("a:entry/a:title/text()", namespaces=ATOM) == titles
        links = feed.xpath("a:entry/a:link/@href", namespaces=ATOM)
        assert all(link.startswith("http://testserver/" + language + "/") for link in links)
        assert feed.xpath("a:entry/a:updated/text()", namespaces=ATOM)


@pytest.mark.parametrize("size", [3, 30])
def test_csv_and_feed_take_a_fixed_number_of_queries(
    client, django_assert_num_queries, settings, size
):
    settings.PAGE_CACHE_ENABLED = False
    place = make_country()
    for _ in range(size):
        project = make_project(countries=[place])
        add_partner(project, make_partner())
        add_funding(project, make_funder())
    # The content clock's four, the facet index's seven (tests/projects/test_project_list.py)
    # and the projects; then the index is current.
    with django_assert_num_queries(4 + 7 + 1):
        assert client.get("/nl/projecten.csv").status_code == 200
    with django_assert_num_queries(1):
        assert client.get("/nl/projecten.csv", {"status": "current"}).status_code == 200
    # The projects, and the sites framework's row that Django's feed view reads.
    with django_assert_num_queries(2):
        assert client.get("/nl/projecten.atom").status_code == 200
