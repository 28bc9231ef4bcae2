"""The translator's desk: counts per kind of content and the items that need work."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from projects.models import Video
from tests.factories import (
    admin_url,
    make_country,
    make_dutch_only_project,
    make_editor,
    make_funder,
    make_overview,
    make_partner,
    make_translated_project,
    make_translator,
    make_user,
    make_video,
    make_workshop,
)

pytestmark = pytest.mark.django_db


def summaries(response):
    return {
        summary.kind.key: (summary.complete, summary.missing, summary.outdated)
        for summary in response.context["desk"].summaries
    }


def test_translator_lands_on_the_translation_overview(client):
    client.force_login(make_translator())
    project = make_dutch_only_project(title_nl="Bescherming in Kenia")
    response = client.get("/admin/")
    html = response.content.decode()
    assert "translation-desk" in html
    assert "Bescherming in Kenia" in html
    assert admin_url(project) in html


def test_editor_sees_the_same_overview(client):
    client.force_login(make_editor())
    make_dutch_only_project(title_nl="Bescherming in Kenia")
    html = client.get("/admin/translations/").content.decode()
    assert "Bescherming in Kenia" in html


def test_desk_counts_every_kind_of_content(client):
    client.force_login(make_translator())
    make_overview()
    country = make_country(name_en="Kenya")
    complete = make_translated_project(countries=[country])
    make_translated_project(countries=[country], summary_en="")
    outdated = make_translated_project(countries=[country])
    outdated.body_nl = "<p>Iets nieuws.</p>"
    outdated.save()
    make_workshop(complete)
    make_partner(name_en="Partner")
    make_funder(name_en=None)
    counts = summaries(client.get("/admin/translations/"))
    assert counts == {
        "projects.overviewpage": (1, 0, 0),
        "projects.country": (1, 0, 0),
        "projects.project": (1, 1, 1),
        "projects.workshop": (0, 1, 0),
        "partners.partnerorganisation": (1, 0, 0),
        "projects.calltoaction": (0, 0, 0),
        "projects.result": (0, 0, 0),
        "partners.fundingsource": (0, 1, 0),
        # The throw-away content app of the test settings (tests/testapp).
        "testapp.leaflet": (0, 0, 0),
    }


def test_desk_lists_items_that_need_work_with_links_to_their_forms(client):
    client.force_login(make_translator())
    done = make_translated_project(title_nl="Klaar")
    todo = make_dutch_only_project(title_nl="Nog te doen")
    response = client.get("/admin/translations/")
    items = [item.status.obj for item in response.context["desk"].items]
    assert todo in items
    assert done not in items
    assert admin_url(todo) in response.content.decode()


def test_video_without_english_counts_under_its_project(client):
    client.force_login(make_translator())
    project = make_translated_project()
    make_video(project, title_nl="Werk in Kakuma")
    response = client.get("/admin/translations/")
    assert summaries(response)["projects.project"] == (0, 1, 0)
    with translation.override("en"):  # a translator's admin speaks English
        title = Video._meta.get_field("title").verbose_name
        expected = f"{Video._meta.verbose_name} “Werk in Kakuma”: {title}"
    assert expected in response.content.decode()


def test_staff_without_content_rights_cannot_open_the_desk(client):
    client.force_login(make_user())
    assert client.get("/admin/translations/").status_code == 403
    assert "translation-desk" not in client.get("/admin/").content.decode()


def test_desk_needs_a_login(client):
    response = client.get("/admin/translations/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_desk_queries_do_not_grow_with_the_content(client):
    client.force_login(make_translator())
    project = make_translated_project()
    make_video(project)
    with CaptureQueriesContext(connection) as few:
        client.get("/admin/translations/")
    for _ in range(5):
        make_video(make_dutch_only_project())
    with CaptureQueriesContext(connection) as many:
        client.get("/admin/translations/")
    assert len(many) == len(few)


# English addresses ----------------------------------------------------------------------


def test_a_missing_english_slug_is_flagged_on_the_desk(client):
    client.force_login(make_translator())
    project = make_translated_project(slug_en=None, title_en="Protection in Kenya")
    make_translated_project()  # has its English address
    response = client.get("/admin/translations/")
    summary = next(
        s for s in response.context["desk"].summaries if s.kind.key == "projects.project"
    )
    assert summary.no_slug == 1
    (missing,) = response.context["desk"].missing_slugs
    assert missing.obj == project
    assert missing.suggestion == "protection-in-kenya"
    html = response.content.decode()
    assert f'name="slug:projects.project.{project.pk}.slug"' in html
    assert 'value="protection-in-kenya"' in html


def test_a_translator_sets_the_english_slug_on_the_desk(client):
    client.force_login(make_translator())
    project = make_translated_project(slug_en=None)
    unit = f"projects.project.{project.pk}.slug"
    response = client.post(
        "/admin/translations/addresses/",
        {f"slug:{unit}": "protection-in-kenya", f"dutch:{unit}": project.slug_nl},
        follow=True,
    )
    assert response.status_code == 200
    project.refresh_from_db()
    assert project.slug_en == "protection-in-kenya"
    assert response.context["desk"].missing_slugs == []
    with translation.override("en"):
        assert client.get(project.get_absolute_url()).status_code == 200
        assert project.get_absolute_url().endswith("/protection-in-kenya/")


@pytest.mark.parametrize("slug", ["Not a slug", "taken"])
def test_an_invalid_or_taken_slug_on_the_desk_is_refused_with_the_reason(client, slug):
    client.force_login(make_translator())
    make_translated_project(slug="taken")
    project = make_translated_project(slug_en=None)
    unit = f"projects.project.{project.pk}.slug"
    response = client.post(
        "/admin/translations/addresses/",
        {f"slug:{unit}": slug, f"dutch:{unit}": project.slug_nl},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1 and project.title_en in messages[0]
    project.refresh_from_db()
    assert not project.slug_en


def test_an_empty_address_field_changes_nothing(client):
    client.force_login(make_translator())
    project = make_translated_project(slug_en=None)
    client.post("/admin/translations/addresses/", {f"slug:projects.project.{project.pk}.slug": ""})
    project.refresh_from_db()
    assert not project.slug_en


def test_a_kind_without_translated_slugs_has_no_address_count(client):
    client.force_login(make_translator())
    response = client.get("/admin/translations/")
    summary = next(
        s for s in response.context["desk"].summaries if s.kind.key == "partners.fundingsource"
    )
    assert not summary.has_slugs


def test_a_partly_translated_field_says_how_many_segments_need_work(client):
    client.force_login(make_translator())
    project = make_translated_project(
        body_nl="<p>Een.</p><p>Twee.</p><p>Drie.</p>", body_en="<p>One.</p><p>Two.</p><p>Three.</p>"
    )
    project.body_nl = "<p>Een.</p><p>Twee!</p><p>Drie.</p>"
    project.save()
    html = client.get("/admin/translations/").content.decode()
    assert "(1/3)" in html


@pytest.mark.parametrize("field", ["title", "summary", "body", "nonsense", "slug.x"])
def test_the_address_form_saves_addresses_only(client, field):
    """Texts are translated on the forms or by file, with their states and checks."""
    client.force_login(make_translator())
    project = make_translated_project(slug_en=None)
    before = project.title_en
    unit = f"projects.project.{project.pk}.{field}"
    response = client.post(
        "/admin/translations/addresses/", {f"slug:{unit}": "Injected via address form"}, follow=True
    )
    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["Only English addresses can be saved here."]
    project.refresh_from_db()
    assert project.title_en == before


def test_a_page_translated_in_part_is_listed_as_shown_in_dutch_with_its_new_paragraph_missing(
    client,
):
    client.force_login(make_translator())
    with translation.override("en"):
        project = make_translated_project(body_nl="<p>Een.</p>", body_en="<p>One.</p>")
        project.body_nl = "<p>Een.</p><p>Twee.</p>"
        project.save()
        response = client.get("/admin/translations/")
    desk = response.context["desk"]
    assert [item.status.obj for item in desk.shown_in_dutch] == [project]
    item = desk.shown_in_dutch[0]
    assert item.status.state == "missing"
    assert [(state, label.split(" (")[-1]) for state, label in item.details] == [
        ("missing", "1/2)")
    ]
    assert 'id="shown-in-dutch"' in response.content.decode()
