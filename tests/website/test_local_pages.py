"""LocalPages: with PAGE_CACHE_VERSION_FILE each process answers the pages it has answered
before from its own memory, and never one that a change, in any process, made stale."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import make_full_project
from website import page_cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def version_file(settings, tmp_path):
    settings.PAGE_CACHE_VERSION_FILE = str(tmp_path / "content-version")
    page_cache.local_pages.entries.clear()
    page_cache.local_pages.size = 0
    page_cache.bump_content_version()
    yield settings.PAGE_CACHE_VERSION_FILE
    page_cache.local_pages.entries.clear()
    page_cache.local_pages.size = 0


@pytest.fixture
def project():
    return make_full_project(title_nl="Opvang aan de grens")


@pytest.fixture
def shared_reads(monkeypatch):
    """How often the shared cache was asked for a page."""
    reads = []
    original = page_cache.cache.get_many

    def counting(keys, *args, **kwargs):
        reads.append(keys)
        return original(keys, *args, **kwargs)

    monkeypatch.setattr(page_cache.cache, "get_many", counting)
    return reads


def test_a_page_answered_once_is_answered_again_without_the_shared_cache(
    client, project, shared_reads, django_assert_num_queries
):
    first = client.get("/nl/")
    asked = len(shared_reads)
    with django_assert_num_queries(0):
        second = client.get("/nl/")
    assert len(shared_reads) == asked
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_a_change_in_another_process_is_seen_at_once(client, project):
    client.get("/nl/")
    client.get("/nl/")
    # Another process saved: this one gets no signal; the shared cache and the version
    # file are all it can know of it.
    type(project).objects.filter(pk=project.pk).update(title_nl="Opvang op de eilanden")
    page_cache.bump_content_version()
    assert page_cache.local_pages.entries
    assert "Opvang op de eilanden" in client.get("/nl/").content.decode()


def test_a_save_here_is_seen_at_once(client, project):
    client.get("/nl/")
    project.title_nl = "Opvang op de eilanden"
    project.save()
    assert "Opvang op de eilanden" in client.get("/nl/").content.decode()


def test_a_change_committed_while_the_page_was_rendered_is_not_kept(client, project, monkeypatch):
    """The copy carries the version read when the request began: a bump during the
    render makes it stale before it is ever answered."""
    original = page_cache.render
    renders = []

    def bumping(response):
        renders.append(response)
        if len(renders) == 1:
            page_cache.bump_content_version()
        return original(response)

    monkeypatch.setattr(page_cache, "render", bumping)
    client.get("/nl/")
    client.get("/nl/")
    assert len(renders) == 2


def test_the_scheduled_moment_ends_the_local_copy(client, project, monkeypatch):
    soon = timezone.now() + datetime.timedelta(minutes=5)
    project.publish_until = soon
    project.save()
    assert "Opvang aan de grens" in client.get("/nl/").content.decode()
    client.get("/nl/")
    later = soon + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "Opvang aan de grens" not in client.get("/nl/").content.decode()


def test_without_a_readable_version_file_every_answer_asks_the_shared_cache(
    client, project, shared_reads, settings, tmp_path
):
    settings.PAGE_CACHE_VERSION_FILE = str(tmp_path / "missing-folder" / "content-version")
    page_cache.bump_content_version()  # cannot be written: nothing to read
    assert page_cache.read_local_version() is None
    client.get("/nl/")
    asked = len(shared_reads)
    client.get("/nl/")
    assert len(shared_reads) == asked + 1
    assert not page_cache.local_pages.entries


def test_a_version_file_that_cannot_be_replaced_is_removed(version_file, monkeypatch):
    def refuse(*args):
        raise PermissionError("read-only")

    monkeypatch.setattr(page_cache.os, "replace", refuse)
    page_cache.bump_content_version()
    assert page_cache.read_local_version() is None


def test_the_copies_stay_within_their_bytes(settings):
    settings.PAGE_CACHE_LOCAL_BYTES = 1000
    pages = page_cache.LocalPages()
    now = timezone.now()
    later = now + datetime.timedelta(hours=1)
    for number in range(5):
        pages.put(f"k{number}", {"content": b"x" * 240, "local_version": "v", "not_after": later})
    assert pages.size <= 1000
    assert list(pages.entries) == ["k1", "k2", "k3", "k4"]
    assert pages.get("k1", "v", now) is not None
    pages.put("big", {"content": b"x" * 300, "local_version": "v", "not_after": later})
    assert "big" not in pages.entries  # over a quarter of the budget: shared cache only
    assert pages.get("k2", "other", now) is None and "k2" not in pages.entries
