"""Translation state per field and item: complete, missing, outdated."""

import pytest
from django.utils import translation

from projects.models import Project, Video
from tests.factories import make_dutch_only_project, make_link, make_translated_project, make_video
from translations.models import TranslationRecord
from translations.services import confirm_english, source_change_is_trivial
from translations.state import COMPLETE, MISSING, OUTDATED, item_status

pytestmark = pytest.mark.django_db


def field_state(obj, field):
    obj = type(obj).objects.get(pk=obj.pk)
    return next(s.state for s in item_status(obj).fields if s.obj == obj and s.field == field)


def test_new_object_with_english_is_complete():
    project = make_translated_project()
    assert item_status(project).state == COMPLETE


def test_object_without_english_is_missing():
    project = make_dutch_only_project()
    assert item_status(project).state == MISSING
    assert field_state(project, "title") == MISSING


def test_changed_dutch_marks_english_outdated():
    project = make_translated_project(summary_nl="Oude samenvatting.")
    project.summary_nl = "Nieuwe samenvatting."
    project.save()
    assert field_state(project, "summary") == OUTDATED
    assert field_state(project, "title") == COMPLETE


def test_outdated_field_knows_the_dutch_it_was_translated_from():
    project = make_translated_project(summary_nl="Oude samenvatting.")
    project.summary_nl = "Nieuwe samenvatting."
    project.save()
    status = next(s for s in item_status(project).fields if s.field == "summary")
    assert status.previous_source == "Oude samenvatting."
    assert status.source == "Nieuwe samenvatting."


def test_saving_new_english_clears_outdated():
    project = make_translated_project(summary_nl="Oud.")
    project.summary_nl = "Nieuw."
    project.save()
    project.summary_en = "New."
    project.save()
    assert field_state(project, "summary") == COMPLETE


def test_saving_dutch_and_english_together_is_complete():
    project = make_translated_project()
    project.summary_nl = "Nieuw."
    project.summary_en = "New."
    project.save()
    assert field_state(project, "summary") == COMPLETE


def test_still_correct_clears_outdated():
    project = make_translated_project(summary_nl="Oud.")
    project.summary_nl = "Nieuw."
    project.save()
    assert confirm_english(project) == ["summary"]
    assert field_state(project, "summary") == COMPLETE


def test_trivial_dutch_change_keeps_english_up_to_date():
    project = make_translated_project(summary_nl="Een tipfout.")
    project.summary_nl = "Een typfout."
    with source_change_is_trivial():
        project.save()
    assert field_state(project, "summary") == COMPLETE


def test_trivial_change_does_not_hide_an_earlier_real_change():
    project = make_translated_project(summary_nl="Eerste versie.")
    project.summary_nl = "Heel andere tekst met een tipfout."
    project.save()
    project.summary_nl = "Heel andere tekst met een typfout."
    with source_change_is_trivial():
        project.save()
    assert field_state(project, "summary") == OUTDATED


@pytest.mark.parametrize("empty", ["", None])
def test_blank_and_null_english_are_both_missing(empty):
    project = make_translated_project()
    Project.objects.filter(pk=project.pk).update(summary_en=empty)
    assert field_state(project, "summary") == MISSING


def test_english_from_before_the_workflow_counts_as_complete_then_outdates():
    project = make_dutch_only_project()
    # Written without signals (as if before this feature): English but no record.
    Project.objects.filter(pk=project.pk).update(summary_en="A summary.")
    assert field_state(project, "summary") == COMPLETE
    project = Project.objects.get(pk=project.pk)
    project.summary_nl = "Een andere samenvatting."
    project.save()
    assert field_state(project, "summary") == OUTDATED


def test_emptying_english_makes_it_missing_again():
    project = make_translated_project()
    project.summary_en = ""
    project.save()
    assert field_state(project, "summary") == MISSING


def test_video_without_english_makes_its_project_missing():
    project = make_translated_project()
    make_video(project)
    status = item_status(project)
    assert status.state == MISSING
    assert [(type(s.obj), s.field) for s in status.missing] == [(Video, "title")]


def test_link_address_without_english_is_not_missing():
    project = make_translated_project()
    make_link(project, label_en="Read more")
    assert item_status(project).state == COMPLETE


def test_english_slug_is_not_tracked():
    project = make_translated_project(slug_en=None)
    assert "slug" not in [s.field for s in item_status(project).fields]
    assert item_status(project).state == COMPLETE


def test_field_without_dutch_needs_no_english():
    project = make_translated_project(photo_caption_nl="")
    assert field_state(project, "photo_caption") is None


def test_deleting_an_object_removes_its_records():
    project = make_translated_project()
    assert TranslationRecord.objects.filter(object_id=project.pk).exists()
    project.delete()
    assert not TranslationRecord.objects.filter(object_id=project.pk).exists()


def test_saving_while_english_is_active_does_not_copy_dutch_into_english():
    from django.utils import translation

    with translation.override("en"):
        project = make_dutch_only_project(body_nl="<p>Tekst.</p>")
        project.save()
    project.refresh_from_db()
    assert not project.body_en  # empty (NULL), not the Dutch text
    assert field_state(project, "body") == MISSING


def test_a_new_dutch_paragraph_makes_the_english_missing_not_outdated():
    project = make_translated_project(body_nl="<p>Een.</p>", body_en="<p>One.</p>")
    project.body_nl = "<p>Een.</p><p>Twee.</p>"
    project.save()
    assert field_state(project, "body") == MISSING
    assert item_status(project).state == MISSING


def test_a_changed_paragraph_beside_a_new_one_is_outdated():
    project = make_translated_project(body_nl="<p>Een.</p>", body_en="<p>One.</p>")
    project.body_nl = "<p>Een!</p><p>Twee.</p>"
    project.save()
    assert field_state(project, "body") == OUTDATED


def test_still_correct_does_not_pretend_to_translate_a_new_paragraph():
    project = make_translated_project(body_nl="<p>Een.</p>", body_en="<p>One.</p>")
    project.body_nl = "<p>Een.</p><p>Twee.</p>"
    project.save()
    assert confirm_english(project) == []
    assert field_state(project, "body") == MISSING


def test_the_form_shows_a_new_paragraph_as_missing_without_a_still_correct_box():
    from translations.state import item_status as status_of
    from translations.widgets import SourceTextWidget

    project = make_translated_project(body_nl="<p>Een.</p>", body_en="<p>One.</p>")
    project.body_nl = "<p>Een.</p><p>Twee.</p>"
    project.save()
    project = Project.objects.get(pk=project.pk)
    status = next(s for s in status_of(project).fields if s.field == "body")
    html = SourceTextWidget(None, project, "body", status).context()
    assert html["state"] == MISSING and html["partial"] and html["new_segments"] == 1
    assert [number for number, _old, _new in html["changes"]] == [2]
    from django.template.loader import render_to_string

    with translation.override("en"):
        page = render_to_string(SourceTextWidget.template_name, {**html, "widget_html": ""})
    assert "1 paragraph is new in the Dutch" in page
    assert "still correct" not in page.lower()
    assert "Outdated" not in page


def test_the_form_says_still_correct_leaves_a_new_paragraph_missing():
    from django.template.loader import render_to_string

    from translations.widgets import SourceTextWidget

    project = make_translated_project(body_nl="<p>Een.</p>", body_en="<p>One.</p>")
    project.body_nl = "<p>Een!</p><p>Twee.</p>"
    project.save()
    project = Project.objects.get(pk=project.pk)
    status = next(s for s in item_status(project).fields if s.field == "body")
    context = SourceTextWidget(None, project, "body", status).context()
    with translation.override("en"):
        page = " ".join(
            render_to_string(SourceTextWidget.template_name, {**context, "widget_html": ""}).split()
        )
    assert "Outdated" in page
    assert (
        "confirms the English of the changed paragraphs only; the new one still needs English"
        in page
    )
