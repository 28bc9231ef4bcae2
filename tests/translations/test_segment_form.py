"""The translator's form: rich text per segment, Dutch and English side by side; the
outdated view: old and new Dutch side by side with the changes marked."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import html as lxml_html

from projects.models import Project
from tests.admin_forms import change_form_data
from tests.factories import (
    admin_url,
    make_dutch_only_project,
    make_editor,
    make_translated_project,
    make_translator,
    make_workshop,
)
from tests.translations.exchange_files import segment_inputs
from translations.state import COMPLETE, MISSING, OUTDATED, item_status

pytestmark = pytest.mark.django_db

TWO = "<p>Eerste <strong>alinea</strong>.</p><p>Tweede alinea.</p>"
TWO_EN = "<p>First <strong>paragraph</strong>.</p><p>Second paragraph.</p>"


@pytest.fixture
def translator(client):
    client.force_login(make_translator())
    return client


def form_post(client, obj, **segments):
    response = client.get(admin_url(obj))
    data = {**change_form_data(response), **segment_inputs(response, "body_en")}
    data.update(segments)
    return client.post(admin_url(obj), data)


def body_states(project):
    project = Project.objects.get(pk=project.pk)
    status = next(s for s in item_status(project).fields if s.field == "body")
    return [s.state for s in status.segments.statuses]


def test_rich_text_is_shown_per_segment_dutch_beside_english(translator):
    project = make_translated_project(body_nl=TWO, body_en=TWO_EN)
    page = lxml_html.fromstring(translator.get(admin_url(project)).content)
    rows = page.xpath('//table[@class="translation-segments__table"]/tbody/tr')
    assert len(rows) == 2
    dutch = rows[0].xpath('.//td[@class="translation-segment__dutch"]')[0]
    assert dutch.get("lang") == "nl"
    assert "Eerste" in dutch.text_content()
    assert "<1>alinea</1>" in dutch.text_content()  # the placeholders the English keeps
    assert rows[0].xpath(".//textarea")[0].text == "First <1>paragraph</1>."
    assert 'name="body_en"' not in translator.get(admin_url(project)).content.decode()


def test_changing_one_segment_keeps_the_other_as_it_was(translator):
    project = make_translated_project(body_nl=TWO, body_en=TWO_EN)
    project.body_nl = TWO.replace("Tweede", "De tweede").replace("Eerste", "De eerste")
    project.save()
    assert body_states(project) == [OUTDATED, OUTDATED]
    response = form_post(translator, project, body_en__2="The second paragraph.")
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.body_en == "<p>First <strong>paragraph</strong>.</p><p>The second paragraph.</p>"
    assert body_states(project) == [OUTDATED, COMPLETE]


def test_english_for_some_new_segments_leaves_the_others_missing(translator):
    project = make_dutch_only_project(body_nl=TWO)
    assert form_post(translator, project, body_en__1="First <1>one</1>.").status_code == 302
    project.refresh_from_db()
    assert project.body_en == "<p>First <strong>one</strong>.</p>"
    assert body_states(project) == [COMPLETE, MISSING]


def test_rich_text_translated_in_part_is_shown_in_dutch_until_complete(translator):
    """English for some paragraphs only would read as the whole text, the rest silently
    gone: the English page shows the Dutch, marked as Dutch, and the open data has no
    English of it, until every paragraph is translated."""
    project = make_dutch_only_project(body_nl=TWO, title_en="Legal aid", slug_en="legal-aid")
    form_post(translator, project, body_en__1="First <1>one</1>.")
    client = Client()  # a visitor
    page = client.get("/en/projects/legal-aid/").content.decode()
    assert f'<div lang="nl">{TWO}</div>' in page
    assert "First <strong>one</strong>." not in page
    assert "shown in Dutch" in page  # the page's notice
    iati = client.get(reverse("iati:activities")).content.decode()
    assert "First one." not in iati and "Tweede alinea." in iati
    form_post(translator, project, body_en__2="Second one.")
    page = client.get("/en/projects/legal-aid/").content.decode()
    assert "<p>First <strong>one</strong>.</p><p>Second one.</p>" in page
    assert f'<div lang="nl">{TWO}</div>' not in page
    assert "First one." in client.get(reverse("iati:activities")).content.decode()


def test_broken_placeholders_are_shown_and_nothing_is_saved(translator):
    project = make_dutch_only_project(body_nl=TWO)
    response = form_post(translator, project, body_en__1="First <b>one</b>.")
    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.errors["body_en"])
    assert "Segment 1" in errors and "HTML tags are not allowed" in errors
    assert "First &lt;b&gt;one&lt;/b&gt;." in response.content.decode()  # kept to correct
    project.refresh_from_db()
    assert not project.body_en


def test_a_control_character_in_a_segment_is_refused(translator):
    project = make_dutch_only_project(body_nl=TWO)
    response = form_post(translator, project, body_en__2="Second\x07 one.")
    assert response.status_code == 200
    project.refresh_from_db()
    assert not project.body_en


def test_dutch_changed_while_translating_is_not_overwritten(translator):
    project = make_dutch_only_project(body_nl=TWO)
    response = translator.get(admin_url(project))
    data = {**change_form_data(response), **segment_inputs(response, "body_en")}
    data["body_en__1"] = "First <1>one</1>."
    Project.objects.filter(pk=project.pk).update(body_nl="<p>Heel <strong>anders</strong>.</p>")
    response = translator.post(admin_url(project), data)
    assert response.status_code == 200
    assert "changed while you were translating" in " ".join(
        response.context["adminform"].form.errors["body_en"]
    )
    project.refresh_from_db()
    assert not project.body_en


def test_emptying_a_segment_takes_its_english_away(translator):
    project = make_translated_project(body_nl=TWO, body_en=TWO_EN)
    assert form_post(translator, project, body_en__2="").status_code == 302
    project.refresh_from_db()
    assert project.body_en == "<p>First <strong>paragraph</strong>.</p>"
    assert body_states(project) == [COMPLETE, MISSING]


def test_english_written_as_a_whole_is_replaced_only_by_all_segments(translator):
    project = make_translated_project(body_nl=TWO, body_en="<p>All in one.</p>")
    project.body_nl = TWO.replace("Tweede", "Andere")
    project.save()
    response = form_post(translator, project, body_en__2="Other paragraph.")
    assert response.status_code == 200
    assert "only be replaced as a whole" in " ".join(
        response.context["adminform"].form.errors["body_en"]
    )
    response = form_post(translator, project, body_en__1="First <1>one</1>.", body_en__2="Other.")
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.body_en == "<p>First <strong>one</strong>.</p><p>Other.</p>"
    assert item_status(project).state == COMPLETE


def test_a_workshop_inline_is_translated_per_segment_too(translator):
    project = make_translated_project()
    workshop = make_workshop(project, description_nl=TWO)
    response = translator.get(admin_url(project))
    data = {**change_form_data(response), **segment_inputs(response, "workshops-0-description_en")}
    data["workshops-0-description_en__2"] = "Second paragraph."
    assert translator.post(admin_url(project), data).status_code == 302
    workshop.refresh_from_db()
    assert workshop.description_en == "<p>Second paragraph.</p>"


def test_editors_keep_the_rich_text_editor(client):
    client.force_login(make_editor())
    project = make_translated_project(body_nl=TWO, body_en=TWO_EN)
    html = client.get(admin_url(project)).content.decode()
    assert 'name="body_en"' in html
    assert "translation-segments__table" not in html


def test_the_outdated_view_shows_old_and_new_dutch_side_by_side(client):
    client.force_login(make_editor())
    project = make_translated_project(body_nl=TWO, body_en=TWO_EN)
    project.body_nl = TWO.replace("Tweede alinea.", "Tweede lange alinea, niet kort.")
    project.save()
    page = lxml_html.fromstring(client.get(admin_url(project)).content)
    (table,) = page.xpath('//table[@class="translation-changes"]')
    (row,) = table.xpath("tbody/tr")
    number, before, now = [cell.text_content().strip() for cell in row]
    assert number == "2"  # only the segment that changed
    assert before == "Tweede alinea." and now == "Tweede lange alinea, niet kort."
    assert [e.text.strip() for e in row[1].xpath(".//del")] == ["alinea."]
    assert row[1].xpath(".//ins") == []
    assert [e.text.strip() for e in row[2].xpath(".//ins")] == ["lange alinea, niet kort."]
    assert row[2].xpath(".//del") == []


def test_the_translators_form_queries_do_not_grow_with_the_segments(translator):
    short = make_translated_project(body_nl=TWO, body_en=TWO_EN)
    long = make_translated_project(body_nl=TWO * 15, body_en=TWO_EN * 15)
    for project in (short, long):
        project.body_nl = project.body_nl.replace("Eerste", "De eerste")
        project.save()
    with CaptureQueriesContext(connection) as few:
        translator.get(admin_url(short))
    with CaptureQueriesContext(connection) as many:
        translator.get(admin_url(long))
    assert len(many) == len(few)


def test_english_whose_markup_the_dutch_lacks_is_shown_not_lost(translator):
    project = make_translated_project(
        body_nl="<p>Een.</p><p>Twee.</p>", body_en="<p><em>One</em>.</p><p>Two.</p>"
    )
    response = translator.get(admin_url(project))
    html = response.content.decode()
    assert "its markup differs from the Dutch" in html
    assert "<em>One</em>." in html
    assert form_post(translator, project).status_code == 302  # saved untouched: kept
    project.refresh_from_db()
    assert project.body_en == "<p><em>One</em>.</p><p>Two.</p>"
