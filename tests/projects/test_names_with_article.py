"""A place's name with its article ("de Nederlandse Cariben", "the Dutch Caribbean") in the
headings and sentences the site writes around it, in both languages."""

import re

import pytest
from django.utils import translation

from tests.factories import admin_url, make_project, make_territory, make_translator
from tests.translations.exchange_files import FORMATS, export, units_of
from translations.state import COMPLETE, MISSING, item_status

pytestmark = pytest.mark.django_db

PARTS = ["AW", "BQ", "CW", "SX"]


def caribbean(**fields):
    defaults = {
        "name_en": "Dutch Caribbean",
        "name_with_article_nl": "de Nederlandse Cariben",
        "name_with_article_en": "the Dutch Caribbean",
        "situation_nl": "<p>Op de eilanden komen vluchtelingen aan.</p>",
        "situation_en": "<p>Refugees arrive on the islands.</p>",
    }
    return make_territory(PARTS, "Nederlandse Cariben", **{**defaults, **fields})


def pages(client, place, language):
    with translation.override(language):
        urls = [f"/{language}/", place.get_absolute_url()]
    return [client.get(url).content.decode() for url in urls]


def test_dutch_headings_name_the_place_with_its_article(client):
    place = caribbean()
    make_project([place], title_nl="Lopend werk", body_nl="<p>Werk.</p>")
    make_project([place], title_nl="Afgerond werk", completed=True)
    overview, page = pages(client, place, "nl")
    assert "De situatie in de Nederlandse Cariben" in overview
    assert "De situatie in de Nederlandse Cariben" in page
    assert "Afgeronde projecten in de Nederlandse Cariben" in page
    assert "Kaart: de ligging van de Nederlandse Cariben" in page
    # The name on its own (the page's title, the map's list) keeps no article.
    assert re.search(r"<h1>Nederlandse Cariben</h1>", page)
    assert ">Nederlandse Cariben</a></li>" in overview
    assert "De situatie in Nederlandse Cariben" not in overview + page


def test_english_headings_name_the_place_with_its_article(client):
    place = caribbean()
    make_project([place], title_nl="Lopend werk", body_nl="<p>Werk.</p>")
    make_project([place], title_nl="Afgerond werk", completed=True)
    overview, page = pages(client, place, "en")
    assert "The situation in the Dutch Caribbean" in overview
    assert "The situation in the Dutch Caribbean" in page
    assert "Completed projects in the Dutch Caribbean" in page
    assert "Map: where the Dutch Caribbean lies" in page
    assert re.search(r"<h1>Dutch Caribbean</h1>", page)
    assert "de Nederlandse Cariben" not in overview + page


def test_a_programme_and_the_read_more_link_name_places_with_their_article(client):
    place = caribbean()
    other = make_territory(["AW"], "Aruba", name_en="Aruba")
    make_project([place, other], title_nl="Programma", body_nl="<p>Werk.</p>")
    for _ in range(4):
        make_project([place], body_nl="<p>Werk.</p>")
    overview, page = pages(client, place, "nl")
    assert "In de Nederlandse Cariben en Aruba." in overview
    assert "Programma in de Nederlandse Cariben en Aruba." in page
    assert "Lees over alle 4 projecten in de Nederlandse Cariben" in overview
    overview, page = pages(client, place, "en")
    assert "In the Dutch Caribbean and Aruba." in overview
    assert "Read about all 4 projects in the Dutch Caribbean" in overview


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", "Het werk van VluchtelingenWerk Nederland in de Nederlandse Cariben."),
        ("en", "The work of VluchtelingenWerk Nederland in the Dutch Caribbean."),
    ],
)
def test_the_search_engine_description_names_the_place_with_its_article(client, language, expected):
    place = caribbean(situation_nl="", situation_en="")
    make_project([place], plain=True)
    page = pages(client, place, language)[1]
    assert f'<meta name="description" content="{expected}">' in page


def test_a_name_that_needs_no_article_reads_on_its_own(client):
    place = make_territory(PARTS, "Kenia", name_en="Kenya", situation_nl="<p>Droogte.</p>")
    make_project([place], plain=True)
    assert "De situatie in Kenia" in pages(client, place, "nl")[1]
    assert "Kaart: de ligging van Kenia" in pages(client, place, "nl")[1]
    assert "The situation in Kenya" in pages(client, place, "en")[1]


def test_an_english_name_without_its_article_never_borrows_the_dutch_one(client):
    place = caribbean(name_with_article_en="")
    make_project([place], plain=True)
    page = pages(client, place, "en")[1]
    assert "The situation in Dutch Caribbean" in page
    assert "de Nederlandse" not in page


def test_an_untranslated_place_shows_its_dutch_name_with_article_marked_as_dutch(client):
    place = caribbean(name_en="", name_with_article_en="", situation_en="")
    make_project([place], plain=True)
    page = pages(client, place, "en")[1]
    assert 'The situation in <span lang="nl">de Nederlandse Cariben</span>' in page


def test_the_translator_sees_the_name_with_article_as_work_and_can_write_it(client):
    place = caribbean(name_with_article_en="")
    assert item_status(place).state == MISSING
    client.force_login(make_translator())
    html = client.get(admin_url(place)).content.decode()
    assert 'name="name_with_article_en"' in html
    place.name_with_article_en = "the Dutch Caribbean"
    place.save()
    assert item_status(place).state == COMPLETE


@pytest.mark.parametrize("file_format", FORMATS)
def test_the_exchange_files_carry_the_name_with_article(file_format):
    place = caribbean(name_with_article_en="")
    units = units_of(export(file_format), file_format)
    assert f"projects.country.{place.pk}.name_with_article" in units
