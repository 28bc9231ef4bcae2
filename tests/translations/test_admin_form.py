"""The edit form shows the Dutch source and the English state; the changelist filters by it."""

import pytest
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from projects.models import Project
from tests.admin_forms import change_form_data
from tests.factories import (
    admin_url,
    make_dutch_only_project,
    make_editor,
    make_translated_project,
    make_translator,
    make_video,
)
from translations.state import COMPLETE, OUTDATED, item_status

pytestmark = pytest.mark.django_db


def field_html(html, name):
    """The wrapper rendered around the English input ``name``."""
    end = html.index(f'name="{name}"')
    start = html.rindex('<div class="translation-field', 0, end)
    return html[start:end]


def test_rich_text_source_stands_above_the_english_field_for_editors(client):
    client.force_login(make_editor())
    project = make_dutch_only_project(body_nl="<p>De <strong>bron</strong>tekst.</p>")
    html = client.get(admin_url(project)).content.decode()
    box = field_html(html, "body_en")
    assert '<div class="translation-source" lang="nl">' in box
    assert "<p>De <strong>bron</strong>tekst.</p>" in box


def test_empty_english_field_is_marked(client):
    client.force_login(make_translator())
    project = make_translated_project(summary_en="")
    html = client.get(admin_url(project)).content.decode()
    assert "translation-mark--missing" in field_html(html, "summary_en")
    assert "translation-mark--missing" not in field_html(html, "title_en")


def test_outdated_field_shows_old_and_new_dutch_with_the_difference(client):
    client.force_login(make_translator())
    project = make_translated_project(summary_nl="Het project loopt een jaar.")
    project.summary_nl = "Het project loopt twee jaar."
    project.save()
    box = field_html(client.get(admin_url(project)).content.decode(), "summary_en")
    assert "translation-mark--outdated" in box
    assert "<del>een</del>" in box
    assert "<ins>twee</ins>" in box
    assert "Het project loopt een jaar." in box  # the Dutch it was translated from
    assert f'name="_translation_still_correct" value="projects.project.{project.pk}.summary"' in box


def test_inline_english_field_shows_its_dutch_source(client):
    client.force_login(make_translator())
    project = make_translated_project()
    make_video(project, title_nl="Werk in Kakuma")
    box = field_html(client.get(admin_url(project)).content.decode(), "videos-0-title_en")
    assert "Werk in Kakuma" in box
    assert "translation-mark--missing" in box


def test_still_correct_checkbox_clears_outdated_on_save(client):
    client.force_login(make_translator())
    project = make_translated_project(summary_nl="Oud.")
    project.summary_nl = "Nieuw."
    project.save()
    data = change_form_data(client.get(admin_url(project)))
    data["_translation_still_correct"] = f"projects.project.{project.pk}.summary"
    assert client.post(admin_url(project), data).status_code == 302
    assert item_status(project).state == COMPLETE


def test_still_correct_checkbox_for_another_object_is_ignored(client):
    client.force_login(make_translator())
    other = make_translated_project(summary_nl="Oud.")
    other.summary_nl = "Nieuw."
    other.save()
    project = make_translated_project()
    data = change_form_data(client.get(admin_url(project)))
    data["_translation_still_correct"] = f"projects.project.{other.pk}.summary"
    client.post(admin_url(project), data)
    assert item_status(other).state == OUTDATED


def test_editor_says_no_retranslation_needed(client):
    client.force_login(make_editor())
    project = make_translated_project(summary_nl="Een tipfout.")
    data = change_form_data(client.get(admin_url(project)))
    data.update({"summary_nl": "Een typfout.", "no_retranslation_needed": "on"})
    assert client.post(admin_url(project), data).status_code == 302
    project.refresh_from_db()
    assert project.summary_nl == "Een typfout."
    assert item_status(project).state == COMPLETE


def test_editor_change_without_the_checkbox_outdates_english(client):
    client.force_login(make_editor())
    project = make_translated_project(summary_nl="Een zin.")
    data = change_form_data(client.get(admin_url(project)))
    data["summary_nl"] = "Een heel andere zin."
    assert client.post(admin_url(project), data).status_code == 302
    assert item_status(project).state == OUTDATED


def test_translator_has_no_no_retranslation_checkbox(client):
    client.force_login(make_translator())
    project = make_translated_project()
    html = client.get(admin_url(project)).content.decode()
    assert "no_retranslation_needed" not in html


def test_changelist_shows_the_english_state(client):
    client.force_login(make_editor())
    make_dutch_only_project(title_nl="Zonder Engels")
    html = client.get("/admin/projects/project/").content.decode()
    with translation.override("nl"):  # the admin speaks Dutch
        labels = ", ".join(
            str(Project._meta.get_field(f).verbose_name) for f in ["title", "summary", "body"]
        )
        expected = gettext("missing: %(fields)s") % {"fields": labels}
    assert escape(expected) in html


@pytest.mark.parametrize("state", ["complete", "missing", "outdated"])
def test_changelist_filter_by_english_state(client, state):
    client.force_login(make_translator())
    complete = make_translated_project()
    missing = make_dutch_only_project()
    outdated = make_translated_project()
    outdated.body_nl = "<p>Nieuw.</p>"
    outdated.save()
    expected = {"complete": complete, "missing": missing, "outdated": outdated}[state]
    response = client.get(f"/admin/projects/project/?english={state}")
    assert list(response.context["cl"].result_list) == [expected]


@pytest.mark.parametrize("empty", ["", None])
def test_changelist_filter_treats_blank_and_null_english_as_missing(client, empty):
    client.force_login(make_translator())
    project = make_translated_project()
    Project.objects.filter(pk=project.pk).update(title_en=empty)
    response = client.get("/admin/projects/project/?english=missing")
    assert list(response.context["cl"].result_list) == [project]


def test_still_correct_action_on_the_changelist(client):
    client.force_login(make_translator())
    project = make_translated_project(summary_nl="Oud.")
    project.summary_nl = "Nieuw."
    project.save()
    response = client.post(
        "/admin/projects/project/",
        {"action": "mark_english_still_correct", "_selected_action": [project.pk]},
    )
    assert response.status_code == 302
    assert item_status(project).state == COMPLETE


def test_every_translated_model_admin_has_the_state_filter(admin_client):
    for url in [
        "/admin/projects/overviewpage/",
        "/admin/projects/country/",
        "/admin/projects/project/",
        "/admin/projects/workshop/",
        "/admin/partners/partnerorganisation/",
        "/admin/partners/fundingsource/",
    ]:
        html = admin_client.get(url).content.decode()
        assert "?english=missing" in html, url
