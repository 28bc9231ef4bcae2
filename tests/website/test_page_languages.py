"""The one rule for "this page exists in English" and the description excerpt."""

import pytest

from projects.models import Country, OverviewPage, Project
from tests.factories import NEW_COUNTRY, NEW_PROJECT, make_country, make_project
from website.seo import content_languages, excerpt, has_content_in


def test_dutch_always_has_the_content():
    assert has_content_in(Project(title_nl="Titel", body_nl="<p>Tekst</p>"), "nl")


def test_project_needs_english_title_and_body():
    assert not has_content_in(Project(title_nl="T", body_nl="<p>x</p>", title_en="T"), "en")
    assert not has_content_in(Project(title_nl="T", body_nl="<p>x</p>", body_en="<p>y</p>"), "en")
    assert has_content_in(
        Project(title_nl="T", body_nl="<p>x</p>", title_en="T", body_en="<p>y</p>"), "en"
    )


def test_empty_rich_text_does_not_count_as_a_translation():
    country = Country(situation_nl="<p>Situatie</p>", situation_en="<p> </p>")
    assert content_languages(country) == ["nl"]


def test_a_field_without_dutch_text_needs_no_translation():
    assert has_content_in(Project(title_nl="T", title_en="T", body_nl=""), "en")


def test_overview_needs_english_title_and_intro():
    page = OverviewPage(title_nl="T", intro_nl="<p>i</p>", title_en="T")
    assert content_languages(page) == ["nl"]


def test_excerpt_strips_markup_and_cuts_at_a_word():
    text = "<p>" + " ".join(["woord"] * 60) + "</p>"
    result = excerpt(text, limit=40)
    assert result == "woord woord woord woord woord woord…"
    assert len(result) <= 40


def test_excerpt_keeps_short_text_whole_and_unescapes_entities():
    assert excerpt("<p>A &amp; B</p>\n<p>C</p>") == "A & B C"


def test_rich_text_translated_in_part_is_not_english():
    """Some paragraphs with English only: the page shows the whole text in Dutch."""
    half = Project(
        title_nl="T",
        title_en="T",
        body_nl="<p>Een.</p><p>Twee.</p>",
        body_en="<p>One.</p>",
    )
    assert content_languages(half) == ["nl"]
    half.body_en = "<p>One.</p><p>Two.</p>"
    assert content_languages(half) == ["nl", "en"]


@pytest.mark.django_db
def test_a_page_translated_in_part_is_canonical_to_dutch_with_no_english_alternate(head):
    make_project(
        [make_country("GR", **NEW_COUNTRY)],
        **{**NEW_PROJECT, "body_nl": "<p>Wat wij doen.</p><p>En meer.</p>"},
        title_en="New project",
        slug_en="new-project",
        body_en="<p>What we do.</p>",
    )
    page = head("/en/projects/new-project/")
    assert page.canonical == "http://testserver/nl/projecten/nieuw-project/"
    assert set(page.hreflangs) == {"nl", "x-default"}
    assert "en" not in head("/nl/projecten/nieuw-project/").hreflangs
