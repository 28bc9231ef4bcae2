"""Fuzzy matches from the translation memory: similar Dutch is offered with its score."""

import polib
import pytest
from lxml import etree

from tests.factories import make_dutch_only_project, make_translated_project
from tests.translations.exchange_files import export
from translations.exchange import PO, XLIFF2, XLIFF12
from translations.exchange.formats import XLIFF2_MATCHES_NS, XLIFF12_NS
from translations.exchange.units import base_id
from translations.fuzzy import sentences

pytestmark = pytest.mark.django_db

WORDS = (
    "VluchtelingenWerk ondersteunt samen met lokale partners vluchtelingen in Kenia bij het "
    "vinden van werk, onderdak en onderwijs voor hun kinderen. In de kampen Kakuma en "
    "Dadaab helpen wij mensen met juridisch advies over hun verblijf, met trainingen voor "
    "vakmanschap en met kleine leningen om een eigen bedrijf te beginnen zodat zij zelf "
    "weer een inkomen hebben in hun nieuwe woonplaats"
)
ENGLISH = (
    "VluchtelingenWerk works with local partners to support refugees in Kenya in finding "
    "work, shelter and education for their children. In the Kakuma and Dadaab camps we help "
    "people with legal advice about their stay, with vocational training and with small "
    "loans to start a business of their own so that they have an income again in their new "
    "home"
)


def remembered(dutch, english):
    """The memory knows ``english`` for ``dutch`` (a project since deleted)."""
    make_translated_project(body_nl=dutch, body_en=english).delete()


def xliff_matches(project, number=1):
    root = etree.fromstring(export(XLIFF12))
    unit = next(
        u
        for u in root.iter(f"{{{XLIFF12_NS}}}trans-unit")
        if base_id(u.get("id")) == f"projects.project.{project.pk}.body.{number}"
    )
    return [
        (
            alt.get("origin"),
            int(alt.get("match-quality")),
            "".join(alt.find(f"{{{XLIFF12_NS}}}target").itertext()),
        )
        for alt in unit.iter(f"{{{XLIFF12_NS}}}alt-trans")
    ]


def test_one_word_changed_in_a_paragraph_of_60_words_is_offered_at_its_percentage():
    assert len(WORDS.split()) == 60
    remembered(f"<p>{WORDS}.</p>", f"<p>{ENGLISH}.</p>")
    changed = WORDS.replace("onderdak", "huisvesting")
    project = make_dutch_only_project(body_nl=f"<p>{changed}.</p>")
    (origin, score, english), *others = xliff_matches(project)
    assert origin == "vwn-memory"
    assert 90 <= score < 100
    assert english == f"{ENGLISH}."
    # Its unchanged second sentence, learnt as a sentence, too.
    assert ("vwn-memory-sentence", 100) in [(origin, score) for origin, score, _e in others]
    entry = next(
        e
        for e in polib.pofile(export(PO).decode())
        if base_id(e.msgctxt) == f"projects.project.{project.pk}.body.1"
    )
    assert f"Memory (similar, {score}%)" in entry.comment
    assert entry.msgstr == ""  # only an exact match is pre-filled


def test_a_sentence_translated_before_is_found_inside_a_longer_paragraph():
    remembered(
        "<p>Wij werken met lokale partners. Zij kennen de regio goed.</p>",
        "<p>We work with local partners. They know the region well.</p>",
    )
    project = make_dutch_only_project(
        body_nl="<p>Sinds 2020 zijn wij actief in Oeganda. Zij kennen de regio goed.</p>"
    )
    assert ("vwn-memory-sentence", 100, "They know the region well.") in xliff_matches(project)


def test_the_same_words_with_other_markup_are_a_match_just_below_100():
    remembered("<p>Wij helpen vluchtelingen in Kenia.</p>", "<p>We help refugees in Kenya.</p>")
    project = make_dutch_only_project(
        body_nl="<p>Wij helpen <strong>vluchtelingen</strong> in Kenia.</p>"
    )
    assert xliff_matches(project) == [("vwn-memory", 99, "We help refugees in Kenya.")]


def test_unlike_dutch_is_not_offered():
    remembered("<p>Wij helpen vluchtelingen in Kenia.</p>", "<p>We help refugees in Kenya.</p>")
    project = make_dutch_only_project(body_nl="<p>Een heel andere zin over iets anders.</p>")
    assert xliff_matches(project) == []


def test_xliff_2_offers_a_fuzzy_match_with_its_similarity():
    remembered("<p>Wij helpen vluchtelingen in Kenia.</p>", "<p>We help refugees in Kenya.</p>")
    project = make_dutch_only_project(body_nl="<p>Wij helpen vluchtelingen in Oeganda.</p>")
    root = etree.fromstring(export(XLIFF2))
    match = next(
        u
        for u in root.iter("{urn:oasis:names:tc:xliff:document:2.0}unit")
        if base_id(u.get("id")) == f"projects.project.{project.pk}.body.1"
    ).find(f"{{{XLIFF2_MATCHES_NS}}}matches/{{{XLIFF2_MATCHES_NS}}}match")
    assert 75 <= float(match.get("similarity")) < 100


def test_dutch_sentences_are_split_without_breaking_at_abbreviations():
    text = (
        "Dhr. Jansen woont in Den Haag. Hij werkt o.a. voor VWN, bijv. in Kenia. "
        "Wij helpen ca. 300 mensen!"
    )
    assert sentences(text, "nl") == [
        "Dhr. Jansen woont in Den Haag.",
        "Hij werkt o.a. voor VWN, bijv. in Kenia.",
        "Wij helpen ca. 300 mensen!",
    ]


def test_the_translators_form_shows_a_fuzzy_match_with_its_score(client):
    from tests.factories import admin_url, make_translator

    remembered(f"<p>{WORDS}.</p>", f"<p>{ENGLISH}.</p>")
    project = make_dutch_only_project(body_nl=f"<p>{WORDS.replace('onderdak', 'huisvesting')}.</p>")
    client.force_login(make_translator())
    page = " ".join(client.get(admin_url(project)).content.decode().split())
    assert "Similar Dutch in the translation memory:" in page
    assert f'<strong>97%</strong>: <span lang="nl">{WORDS}.</span>' in page
