"""LocalPages: each process answers the pages it has answered before from its own memory,
and never one that a change, in any process, made stale (website/freshness.py)."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from tests.factories import make_full_project
from website import freshness, page_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():
    return make_full_project(title_nl="Opvang aan de grens")


@pytest.fixture
def shared_reads(monkeypatch):
    """How often the shared cache was asked for a page."""
    reads = []
    original = page_cache.cache.get

    def counting(key, *args, **kwargs):
        reads.append(key)
        return original(key, *args, **kwargs)

    monkeypatch.setattr(page_cache.cache, "get", counting)
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


def another_process_changes(project, title):
    """What a save in another process leaves in the database: the row and the change,
    and no signal or mark in this process."""
    type(project).objects.filter(pk=project.pk).update(title_nl=title)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE vwn_content_clock SET number = number + 1 WHERE id = 1 RETURNING number"
        )
        number = cursor.fetchone()[0]
        cursor.execute(
            "INSERT INTO vwn_content_change (number, item) VALUES (%s, %s)",
            [number, page_cache.item_of(project)],
        )


def test_a_change_in_another_process_is_seen_at_the_next_reading_of_the_clock(
    client, project, settings
):
    client.get("/nl/")
    client.get("/nl/")
    another_process_changes(project, "Opvang op de eilanden")
    assert page_cache.local_pages.entries
    # The clock is read every PAGE_CACHE_POLL_SECONDS (0.2 s in production).
    assert "Opvang op de eilanden" not in client.get("/nl/").content.decode()
    settings.PAGE_CACHE_POLL_SECONDS = 0
    assert "Opvang op de eilanden" in client.get("/nl/").content.decode()


def test_knowledge_older_than_the_staleness_bound_serves_nothing_cached(
    client, project, settings, monkeypatch
):
    settings.PAGE_CACHE_STALENESS = 1.0
    client.get("/nl/")
    assert freshness.knowledge.current() is not None
    polled = freshness.knowledge.state.polled_at
    monkeypatch.setattr(freshness.time, "monotonic", lambda: polled + 1.5)
    assert freshness.knowledge.current() is None
    another_process_changes(project, "Opvang op de eilanden")
    # Not served from this process's memory nor from the shared cache: rendered.
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


def test_the_copies_stay_within_their_bytes(settings):
    settings.PAGE_CACHE_LOCAL_BYTES = 1000
    pages = page_cache.LocalPages()
    now = timezone.now()
    later = now + datetime.timedelta(hours=1)
    state = freshness.State("e", 5, {}, None, None, 0.0)
    newer = freshness.State("e", 7, {"projects.project:1": 7}, None, None, 0.0)

    def entry(size):
        return {"content": b"x" * size, "stamp": ("e", 5), "items": None, "not_after": later}

    for number in range(5):
        pages.put(f"k{number}", entry(240))
    assert pages.size <= 1000
    assert list(pages.entries) == ["k1", "k2", "k3", "k4"]
    assert pages.get("k1", state, now) is not None
    pages.put("big", entry(300))
    assert "big" not in pages.entries  # over a quarter of the budget: shared cache only
    assert pages.get("k2", newer, now) is None and "k2" not in pages.entries


def test_after_a_change_only_the_pages_being_read_are_rendered_ahead(
    client, project, settings, monkeypatch
):
    """The warm-up renders again the stale pages visitors read lately, not every page
    this process ever answered: an editor saving once a second would otherwise keep the
    machine busy rendering pages nobody reads."""
    settings.PAGE_CACHE_WARM_UP_WINDOW = 10.0
    clock = [1000.0]
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: clock[0])
    page_cache.local_pages.clear()
    client.get("/en/")
    client.get(project.get_absolute_url())
    clock[0] += 30  # read long ago; /nl/ is read now
    client.get("/nl/")
    client.get("/nl/")
    another_process_changes(project, "Opvang op de eilanden")
    settings.PAGE_CACHE_POLL_SECONDS = 0
    state = freshness.knowledge.current()
    assert not state.serves(
        page_cache.local_pages.entries[page_cache.key_for("en", "/en/")], timezone.now()
    )
    assert page_cache.WarmUp.stale_addresses(state, timezone.now()) == ["/nl/"]
    # What the warm-up itself renders again is not a reading: it does not keep a page warm.
    page_cache._warming.active = True
    try:
        clock[0] += 30
        page_cache.local_pages.put(
            page_cache.key_for("nl", "/nl/"),
            page_cache.local_pages.entries[page_cache.key_for("nl", "/nl/")],
        )
    finally:
        page_cache._warming.active = False
    assert page_cache.local_pages.recently_used(10.0, 20) == []


def test_a_reading_of_the_clock_between_a_change_and_its_commit_does_not_hide_it(
    django_capture_on_commit_callbacks,
):
    """Where no thread polls the clock (tests, runserver), a change marks the process's
    knowledge as out of date; a request of another thread that reads the clock before the
    change is committed sees the number before it and clears that mark. The commit marks
    it again, so the next request reads the clock (a scheduled project appeared on its own
    page but not on the overview, which stayed as it was rendered before)."""
    freshness.knowledge.current()
    with django_capture_on_commit_callbacks(execute=True):
        freshness.record_change(["projects.project:1"])
        assert freshness.knowledge.dirty
        freshness.knowledge.dirty = False  # what that other thread's poll leaves
    assert freshness.knowledge.dirty


def test_the_warm_up_renders_the_list_and_overview_as_the_new_state_has_them(
    client, project, settings
):
    """The warm-up renders the stale pages for the new state before the process serves
    under it: what they read through the process's own structures (the projects list's
    facet index) must be read as of that state, not of the old one the process still
    serves, or the old page would be stored as the new one."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from projects.listing import forget_facet_indexes

    forget_facet_indexes()
    settings.PAGE_CACHE_POLL_SECONDS = 3600  # this process learns of changes when told
    settings.PAGE_CACHE_STALENESS = 3600
    for address in ("/nl/", "/nl/projecten/"):
        assert "Opvang aan de grens" in client.get(address).content.decode()
    old = freshness.knowledge.current()
    another_process_changes(project, "Opvang op de eilanden")
    new = freshness.knowledge.poll(publish=False)
    assert freshness.knowledge.current() is old  # still served under the old state
    with freshness.knowledge.rendering_under(new):
        assert freshness.knowledge.current() is new
    handler = WSGIHandler()
    # As the test client does: the test's connection (its transaction) stays open.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        for address in ("/nl/", "/nl/projecten/"):
            page_cache.warm_up.render(handler, address, new)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    freshness.knowledge.state = new  # the process now serves under the new state
    for address in ("/nl/", "/nl/projecten/"):
        response = client.get(address)
        assert response["X-Page-Cache"] == "hit"  # the page the warm-up rendered
        html = response.content.decode()
        assert "Opvang op de eilanden" in html and "Opvang aan de grens" not in html
