"""Pages and open-data files that change without anyone saving (a call to action ends, a
project's end date passes) are rendered afresh once that moment has passed; the IATI
files follow the same content version and ETag as the pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from projects.models import Project
from tests.factories import SUMMARY_ONLY, make_call_to_action, make_overview, make_project
from website import freshness

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    """Move the site's clock forward: ``clock(hours=25)``."""

    def forward(**delta):
        moved = timezone.now() + datetime.timedelta(**delta)
        monkeypatch.setattr(timezone, "now", lambda: moved)
        monkeypatch.setattr(
            timezone, "localdate", lambda value=None, timezone=None: moved.astimezone().date()
        )
        monkeypatch.setattr(freshness.time, "time_ns", lambda: int(moved.timestamp() * 1e9))
        return moved

    return forward


def test_a_call_to_action_disappears_from_the_cached_page_when_it_ends(client, clock):
    appeal = make_call_to_action(ends_at=timezone.now() + datetime.timedelta(hours=1))
    make_overview().calls_to_action.add(appeal)
    make_project()
    assert appeal.heading_nl.encode() in client.get("/nl/").content
    assert appeal.heading_nl.encode() in client.get("/nl/").content  # from the cache
    clock(hours=2)
    assert appeal.heading_nl.encode() not in client.get("/nl/").content


def test_a_call_to_action_appears_on_the_cached_page_when_it_starts(client, clock):
    appeal = make_call_to_action(starts_at=timezone.now() + datetime.timedelta(minutes=30))
    make_overview().calls_to_action.add(appeal)
    make_project()
    assert appeal.heading_nl.encode() not in client.get("/nl/").content
    clock(hours=1)
    assert appeal.heading_nl.encode() in client.get("/nl/").content


def test_a_project_leaves_the_cached_overview_the_day_after_its_end_date(client, clock):
    make_project(body_nl="<p>Werk dat vandaag eindigt.</p>", end_date=timezone.localdate())
    assert b"Werk dat vandaag eindigt." in client.get("/nl/").content
    clock(days=1, hours=1)
    assert b"Werk dat vandaag eindigt." not in client.get("/nl/").content


def test_a_project_leaves_the_cached_overview_the_day_after_its_duration(client, clock):
    """No end date: the start date plus the duration is the moment the page changes."""
    start = timezone.localdate() - datetime.timedelta(days=400)
    project = make_project(body_nl="<p>Werk van dertien maanden.</p>", start_date=start)
    project.duration_months = 13
    project.save()
    ends = project.planned_end
    clock(days=(ends - timezone.localdate()).days - 1)  # the day before its last day
    assert b"Werk van dertien maanden." in client.get("/nl/").content
    assert b"Werk van dertien maanden." in client.get("/nl/").content  # from the cache
    clock(days=(ends - timezone.localdate()).days + 1, hours=1)
    assert b"Werk van dertien maanden." not in client.get("/nl/").content


def test_last_modified_follows_the_latest_moment_that_passed(client, clock):
    make_project(end_date=timezone.localdate())
    first = client.get("/nl/")
    clock(days=2)
    second = client.get("/nl/")
    assert second["ETag"] != first["ETag"]
    assert second["Last-Modified"] != first["Last-Modified"]


# The open-data files -----------------------------------------------------------------------


def activities(client, **headers):
    return client.get(reverse("iati:activities"), **headers)


def test_an_unpublished_project_leaves_the_iati_file_at_the_next_request(client):
    keep = make_project(**SUMMARY_ONLY, slug="blijft")
    gone = make_project(**SUMMARY_ONLY, slug="verdwijnt")
    assert f"-{gone.project_code}<".encode() in activities(client).content
    gone.status = Project.Status.DRAFT
    gone.save()
    content = activities(client).content
    assert f"-{gone.project_code}<".encode() not in content
    assert f"-{keep.project_code}<".encode() in content


def test_an_edited_project_is_in_the_iati_file_at_the_next_request(client):
    project = make_project(**SUMMARY_ONLY)
    assert b"Een korte samenvatting." in activities(client).content
    project.summary_nl = "Een nieuwe samenvatting."
    project.save()
    assert b"Een nieuwe samenvatting." in activities(client).content


def test_an_ended_projects_activity_status_follows_at_the_next_request(client, clock):
    make_project(
        **SUMMARY_ONLY, start_date=datetime.date(2020, 1, 1), end_date=timezone.localdate()
    )
    assert b'<activity-status code="2"/>' in activities(client).content
    clock(days=1, hours=1)
    assert b'<activity-status code="3"/>' in activities(client).content


def test_the_iati_file_has_an_etag_and_answers_304_while_unchanged(client):
    make_project(**SUMMARY_ONLY)
    first = activities(client)
    assert first["ETag"] and "max-age=0" in first["Cache-Control"]
    assert activities(client, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    project = Project.objects.get()
    project.summary_nl = "Een andere samenvatting."
    project.save()
    assert activities(client, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_the_iati_file_is_served_from_the_page_cache(client, django_assert_num_queries):
    make_project(**SUMMARY_ONLY)
    first = activities(client)
    with django_assert_num_queries(0):
        second = activities(client)
    assert second.content == first.content
