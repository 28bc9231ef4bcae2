"""website.front_cache: what a front cache may keep, and the bans that purge it."""

import datetime
import http.server
import re
import threading

import pytest
from django.utils import timezone

from tests.factories import make_project
from website import freshness, front_cache

pytestmark = pytest.mark.django_db


class Bans(http.server.BaseHTTPRequestHandler):
    received = []

    def do_BAN(self):  # noqa: N802 (the method's name)
        Bans.received.append(self.headers["X-Ban-Expression"])
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def varnish(settings):
    """A stand-in that answers BAN and remembers the expressions."""
    server = http.server.HTTPServer(("127.0.0.1", 0), Bans)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Bans.received = []
    settings.FRONT_CACHE_URLS = [f"http://127.0.0.1:{server.server_port}"]
    front_cache.backend.cache_clear()
    yield Bans.received
    server.shutdown()
    front_cache.backend.cache_clear()


def matches(expression, header):
    """Does the ban ``expression`` match an answer with X-Page-Items ``header``?"""
    pattern = expression.split(" ~ ", 1)[1].replace("[[:space:]]", r"\s")
    return re.search(pattern, header) is not None


def test_a_ban_matches_exactly_the_answers_that_name_a_changed_item():
    expression = front_cache.ban_expression({"projects.project:12", "projects.project~"})
    assert "\\" not in expression and " " not in expression.split(" ~ ", 1)[1]
    assert matches(expression, "projects.country:1 projects.project:12")
    assert matches(expression, "projects.project:12")
    assert matches(expression, "projects.project~ projects.country~")
    assert matches(expression, "*")
    assert not matches(expression, "projects.project:120 projects.project:1")
    assert not matches(expression, "projects.project projects.country:12")


def test_a_page_of_very_many_objects_names_their_kinds():
    items = {f"projects.project:{n}" for n in range(2000)} | {"projects.country:1"}
    header = front_cache.header_for(items)
    assert header == "projects.country~ projects.project~"
    assert matches(front_cache.ban_expression({"projects.project:5", "projects.project~"}), header)


def test_answers_carry_s_maxage_and_their_items_with_a_front_cache(client, varnish):
    make_project()
    response = client.get("/nl/")
    assert re.search(r"s-maxage=\d+", response["Cache-Control"])
    assert "projects.project" in response["X-Page-Items"]
    cached = client.get("/nl/")
    assert cached["X-Page-Items"] == response["X-Page-Items"]


def test_without_a_front_cache_no_s_maxage(client):
    make_project()
    response = client.get("/nl/")
    assert "s-maxage" not in response["Cache-Control"]
    assert "X-Page-Items" not in response


def test_s_maxage_never_reaches_past_the_next_scheduled_moment(client, varnish):
    make_project(publish_until=timezone.now() + datetime.timedelta(minutes=10))
    seconds = int(re.search(r"s-maxage=(\d+)", client.get("/nl/")["Cache-Control"]).group(1))
    assert 500 < seconds <= 601


def test_each_change_is_banned_once(varnish):
    project = make_project()
    state = freshness.knowledge.current()
    project.body_nl = "<p>Nieuw.</p>"
    project.save()
    new = freshness.knowledge.current()
    front_cache.purge_changes(new, state.number)
    front_cache.purge_changes(new, state.number)  # another worker learnt of it too
    assert len(varnish) == 1
    assert matches(varnish[0], f"projects.project:{project.pk}")


def test_each_change_is_banned_again_once_every_worker_has_learnt_of_it(
    varnish, settings, monkeypatch
):
    """A front cache may fetch a page again from a worker that has not polled the clock
    yet: the same ban follows after two polls (the usual case) and at the bound after
    which a worker serves nothing cached."""
    settings.PAGE_CACHE_POLL_SECONDS = 0.2
    settings.PAGE_CACHE_STALENESS = 1.0
    later = []

    class Timer:
        def __init__(self, delay, function, args):
            later.append((delay, function, args))

        def start(self):
            pass

    monkeypatch.setattr(front_cache.threading, "Timer", Timer)
    project = make_project()
    state = freshness.knowledge.current()
    project.body_nl = "<p>Nieuw.</p>"
    project.save()
    front_cache.purge_changes(freshness.knowledge.current(), state.number)
    assert len(varnish) == 1
    assert [round(delay, 2) for delay, _f, _a in later] == [0.45, 1.2]
    for _delay, function, args in later:
        function(*args)
        function(*args)  # and another worker's timer: still once per wave
    assert len(varnish) == 3
    assert all(matches(ban, f"projects.project:{project.pk}") for ban in varnish)


def test_a_404_tells_shared_caches_not_to_keep_it(client):
    for url in ("/nl/projecten/bestaat-niet/", "/media/photos/bestaat-niet.jpg"):
        response = client.get(url)
        assert response.status_code == 404
        assert "no-cache" in response["Cache-Control"]
