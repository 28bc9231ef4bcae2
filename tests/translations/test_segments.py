"""Rich text as segments: splitting, the placeholder notation, and state per segment."""

import pytest
from django.utils import translation

from content.richtext import sanitize_html
from projects.models import Project
from tests.factories import make_translated_project
from translations.segments import SegmentError, render, split
from translations.services import confirm_english
from translations.state import COMPLETE, MISSING, OUTDATED, english_notation, item_status

BODY = sanitize_html(
    "<p>Wij werken met <strong>lokale</strong> partners.</p>"
    "<ul><li><p>Rechtshulp</p></li><li>Opvang</li></ul>"
    "<h3>Resultaten</h3><blockquote><p>Een citaat.</p></blockquote>"
)


@pytest.fixture(autouse=True)
def english_messages():
    """The problems are read in English here; the admin shows them in its language."""
    with translation.override("en"):
        yield


def notations(markup):
    return [segment.notation for segment in split(markup).segments]


def test_each_paragraph_list_item_heading_and_quote_is_a_segment():
    assert notations(BODY) == [
        "Wij werken met <1>lokale</1> partners.",
        "Rechtshulp",
        "Opvang",
        "Resultaten",
        "Een citaat.",
    ]


def test_segments_put_back_give_the_same_html():
    document = split(BODY)
    assert document.assemble({i: s.html for i, s in enumerate(document.segments)}) == BODY


def test_a_block_without_any_segment_left_is_left_out():
    document = split(BODY)
    kept = {0: "We work.", 2: "Shelter"}
    assert document.assemble(kept) == ("<p>We work.</p><ul><li>Shelter</li></ul>")


def test_inline_codes_are_numbered_in_order_and_line_breaks_stand_alone():
    markup = sanitize_html('<p><em>Zie</em> <a href="https://example.org/">de site</a>.<br>Ja.</p>')
    (segment,) = split(markup).segments
    assert segment.notation == "<1>Zie</1> <2>de site</2>.<3/>Ja."
    assert [code.tag for code in segment.codes] == ["em", "a", "br"]


def test_text_that_looks_like_markup_is_escaped_in_the_notation():
    (segment,) = split("<p>a &lt;b&gt; &amp;amp; c &lt; d &amp; e</p>").segments
    assert segment.notation == "a &lt;b> &amp;amp; c < d & e"


def test_english_may_move_placeholders_and_keeps_the_dutch_tags():
    (segment,) = split(
        sanitize_html(
            '<p>Met <strong>steun</strong> van <a href="https://eu.example/">de EU</a>.</p>'
        )
    ).segments
    html = render("With <2>EU</2> <1>support</1>.", segment.codes)
    assert html == (
        'With <a href="https://eu.example/" rel="noopener noreferrer">EU</a> '
        "<strong>support</strong>."
    )


@pytest.mark.parametrize(
    ("english", "problem"),
    [
        ("With support.", "The placeholder <1>…</1> is missing."),
        ("<1>With</1> <1>support</1>.", "used more than once"),
        ("<1>With support.", "is opened but not closed"),
        ("<1/>With support.", "must be written around text"),
        ("<1>With</1> <7>support</7>.", "does not exist in the Dutch text"),
        ('<1>With</1> <a href="https://evil.example/">support</a>.', "HTML tags are not allowed"),
        ("<1>With <b>support</b></1>.", "HTML tags are not allowed"),
    ],
)
def test_english_that_breaks_the_placeholders_is_refused_with_the_reason(english, problem):
    (segment,) = split("<p>Met <strong>steun</strong>.</p>").segments
    with pytest.raises(SegmentError) as error:
        render(english, segment.codes)
    assert any(problem in message for message in error.value.messages)


def test_a_lone_less_than_sign_and_entities_are_text():
    (segment,) = split("<p>Tekst</p>").segments
    assert render("Children &lt; 5 &amp; < 12", segment.codes) == "Children &lt; 5 &amp; &lt; 12"


def test_english_notation_takes_the_numbers_of_the_dutch_codes():
    (dutch,) = split(
        sanitize_html('<p><strong>Een</strong> en <a href="https://x.example/">twee</a></p>')
    ).segments
    (english,) = split(
        sanitize_html('<p><a href="https://x.example/">Two</a> and <strong>one</strong></p>')
    ).segments
    assert english.notation == "<1>Two</1> and <2>one</2>"  # its own order
    assert english_notation(english, dutch.codes) == "<2>Two</2> and <1>one</1>"


# State per segment ----------------------------------------------------------------------

THREE = "<p>Eerste alinea.</p><p>Tweede alinea. Met twee zinnen.</p><p>Derde alinea.</p>"
THREE_EN = "<p>First paragraph.</p><p>Second paragraph. With two sentences.</p><p>Third.</p>"


def body_segments(project):
    project = Project.objects.get(pk=project.pk)
    status = next(s for s in item_status(project).fields if s.field == "body")
    return status, [(s.number, s.state) for s in status.segments.statuses]


@pytest.mark.django_db
def test_a_one_sentence_change_in_the_dutch_outdates_only_its_segment():
    project = make_translated_project(body_nl=THREE, body_en=THREE_EN)
    project.body_nl = THREE.replace("Met twee zinnen.", "Met drie zinnen.")
    project.save()
    status, states = body_segments(project)
    assert states == [(1, COMPLETE), (2, OUTDATED), (3, COMPLETE)]
    changed = status.segments.statuses[1]
    assert changed.previous.notation == "Tweede alinea. Met twee zinnen."
    assert changed.english == "Second paragraph. With two sentences."


@pytest.mark.django_db
def test_a_change_of_white_space_only_outdates_nothing():
    """The rich-text editor makes "die  zich" "die zich" when another paragraph is edited;
    the Dutch reads the same, so nothing is to be translated again."""
    spaced = THREE.replace("Met twee zinnen.", "Met  twee\nzinnen. ")
    project = make_translated_project(body_nl=spaced, body_en=THREE_EN)
    project.body_nl = THREE
    project.save()
    status, states = body_segments(project)
    assert states == [(1, COMPLETE), (2, COMPLETE), (3, COMPLETE)]
    assert status.state == COMPLETE
    assert item_status(Project.objects.get(pk=project.pk)).state == COMPLETE
    # A word changed beside the spaces is a change.
    project.body_nl = THREE.replace("Met twee zinnen.", "Met drie zinnen.")
    project.save()
    assert body_segments(project)[1] == [(1, COMPLETE), (2, OUTDATED), (3, COMPLETE)]


@pytest.mark.django_db
def test_a_plain_text_changed_in_white_space_only_stays_complete():
    project = make_translated_project(summary_nl="Een  korte samenvatting.")
    project.summary_nl = "Een korte samenvatting."
    project.save()
    status = next(s for s in item_status(project).fields if s.field == "summary")
    assert status.state == COMPLETE
    project.summary_nl = "Een lange samenvatting."
    project.save()
    status = next(s for s in item_status(project).fields if s.field == "summary")
    assert status.state == OUTDATED


@pytest.mark.django_db
def test_a_new_dutch_paragraph_is_missing_and_the_rest_stays_complete():
    project = make_translated_project(body_nl=THREE, body_en=THREE_EN)
    project.body_nl = THREE.replace("<p>Derde", "<p>Nieuw.</p><p>Derde")
    project.save()
    assert body_segments(project)[1] == [
        (1, COMPLETE),
        (2, COMPLETE),
        (3, MISSING),
        (4, COMPLETE),
    ]


@pytest.mark.django_db
def test_a_deleted_dutch_paragraph_is_named_and_its_english_goes_on_confirming():
    project = make_translated_project(body_nl=THREE, body_en=THREE_EN)
    project.body_nl = "<p>Eerste alinea.</p><p>Derde alinea.</p>"
    project.save()
    status, states = body_segments(project)
    assert states == [(1, COMPLETE), (2, COMPLETE)]
    assert [s.notation for s in status.segments.removed] == ["Tweede alinea. Met twee zinnen."]
    assert status.state == OUTDATED
    confirm_english(Project.objects.get(pk=project.pk), ["body"])
    project.refresh_from_db()
    assert project.body_en == "<p>First paragraph.</p><p>Third.</p>"
    assert item_status(project).state == COMPLETE


@pytest.mark.django_db
def test_english_divided_unlike_the_dutch_is_handled_as_a_whole():
    project = make_translated_project(body_nl=THREE, body_en="<p>All in one paragraph.</p>")
    project.body_nl = THREE.replace("Derde", "Laatste")
    project.save()
    status, states = body_segments(project)
    assert not status.segments.aligned
    assert states == [(1, COMPLETE), (2, COMPLETE), (3, OUTDATED)]
    assert all(s.english is None for s in status.segments.statuses)
