"""The one rule for "this page exists in English" and the description excerpt."""

from projects.models import Country, OverviewPage, Project
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
