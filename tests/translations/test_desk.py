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
    with translation.override("nl"):  # the admin speaks Dutch
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
