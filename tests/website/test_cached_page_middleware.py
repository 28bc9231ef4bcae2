"""CachedPageMiddleware: cached public pages answered at the top of the stack, with the
same headers, freshness and privacy as the pages the whole stack serves."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from tests.factories import make_full_project
from tests.website.test_page_cache import DOWN_REDIS
from website import freshness, page_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():
    return make_full_project(title_nl="Rechtshulp aan de grens", body_nl="<p>Eerste tekst.</p>")


@pytest.fixture
def counted(monkeypatch):
    """How many requests reached the views: a hit at the top of the stack reaches none."""
    calls = []
    original = page_cache.render

    def counting(response):
        calls.append(response)
        return original(response)

    monkeypatch.setattr(page_cache, "render", counting)
    return calls


def test_a_cached_page_is_answered_before_the_rest_of_the_stack(client, project, counted):
    first = client.get("/nl/")
    assert len(counted) == 1
    second = client.get("/nl/")
    assert len(counted) == 1, "the second request reached the view"
    assert second.status_code == 200
    assert second.content == first.content
    # Nothing ran that a cached page does not need: no session, no user, no CSRF.
    assert not hasattr(second.wsgi_request, "user")
    assert not hasattr(second.wsgi_request, "session")


def test_a_cached_answer_carries_every_header_of_the_rendered_page(client, project, settings):
    first = client.get("/en/")
    second = client.get("/en/")
    for name in (
        "Content-Type",
        "Content-Language",
        "Content-Security-Policy",
        "Permissions-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "Cache-Control",
        "ETag",
        "Last-Modified",
    ):
        assert first.get(name), name
        assert second.get(name) == first.get(name), name
    assert "nonce-" not in second["Content-Security-Policy"]


def test_hsts_is_on_every_cached_answer(client, project, settings):
    settings.SECURE_HSTS_SECONDS = 3600
    client.get("/nl/", secure=True)
    second = client.get("/nl/", secure=True)
    assert second["Strict-Transport-Security"].startswith("max-age=3600")


def test_a_save_is_served_at_once_from_the_top_of_the_stack_too(client, project, counted):
    client.get("/nl/")
    project.title_nl = "Rechtshulp op de Balkanroute"
    project.save()
    response = client.get("/nl/")
    assert "Rechtshulp op de Balkanroute" in response.content.decode()
    assert len(counted) == 2


def test_a_passed_scheduled_moment_is_not_answered_from_the_top(client, project, counted):
    soon = timezone.now() + datetime.timedelta(minutes=5)
    project.publish_until = soon
    project.save()
    client.get("/nl/")
    client.get("/nl/")
    assert len(counted) == 1
    later = soon + datetime.timedelta(seconds=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: later)
        response = client.get("/nl/")
    assert len(counted) == 2
    assert "Rechtshulp aan de grens" not in response.content.decode()


def test_a_conditional_request_gets_304_with_the_validators(client, project, counted):
    first = client.get("/nl/")
    client.get("/nl/")
    response = client.get("/nl/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 304
    assert response["ETag"] == first["ETag"]
    assert response["Cache-Control"] == first["Cache-Control"]
    assert len(counted) == 1


def test_logged_in_visitors_pass_the_whole_stack_and_get_a_private_page(client, project):
    client.get("/nl/")
    user = get_user_model().objects.create_user("redacteur", password="pw", is_staff=True)
    editor = Client()
    editor.force_login(user)
    response = editor.get("/nl/")
    assert response.wsgi_request.user == user
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize(
    "variant",
    [
        {"HTTP_COOKIE": "messages=abc"},
        {"REQUEST_METHOD": "POST"},
    ],
    ids=["messages-cookie", "post"],
)
def test_other_requests_go_down_the_stack(client, project, counted, rf, variant):
    client.get("/nl/")
    request = rf.generic(variant.pop("REQUEST_METHOD", "GET"), "/nl/", **variant)
    assert page_cache.CachedPageMiddleware(lambda r: None).key(request) is None


def test_a_host_that_is_not_allowed_gets_400_not_the_cached_page(client, project):
    client.get("/nl/")
    response = client.get("/nl/", HTTP_HOST="evil.example")
    assert response.status_code == 400


STATE = freshness.State("e", 1, {}, None, None, 0.0)
LATER = timezone.now() + datetime.timedelta(days=1)


def test_a_page_whose_policy_has_a_nonce_is_never_replayed(rf):
    """A nonce must be new on every response: such a page is stored without headers, so
    the top of the stack never answers it (the view still serves it from the cache)."""

    def view(request):
        response = page_cache.HttpResponse("<p>x</p>")
        response["Content-Security-Policy"] = "script-src 'self' 'nonce-abc'"
        entry = {"stamp": ("e", 1), "items": None, "not_after": LATER, "content": b"<p>x</p>"}
        response.page_cache_entry = (entry, 60)
        return response

    middleware = page_cache.CachedPageMiddleware(view)
    request = rf.get("/en/")
    request.page_cache_state = STATE
    key = middleware.key(request)
    middleware(request)
    assert request.page_cache_key == key
    assert "headers" not in page_cache.cache.get(key)

    def plain(request):
        response = view(request)
        del response["Content-Security-Policy"]
        return response

    request = rf.get("/en/")
    request.page_cache_state = STATE
    page_cache.CachedPageMiddleware(plain)(request)
    assert "headers" in page_cache.cache.get(key)


def test_a_cache_that_does_not_answer_leaves_the_page_to_the_view(client, project, settings):
    settings.CACHES = DOWN_REDIS
    response = client.get("/nl/")
    assert response.status_code == 200
    assert b"Eerste tekst." in response.content


def test_a_query_string_the_page_does_not_read_gets_the_cached_page_at_the_top(
    client, project, counted
):
    first = client.get("/nl/")
    for query in ("x=8f3a91", "utm_source=nieuwsbrief&x=1", "page=2&sort=title"):
        response = client.get(f"/nl/?{query}")
        assert response.status_code == 200
        assert response.content == first.content
    assert len(counted) == 1, "a request with a query string reached the view"
    assert not hasattr(response.wsgi_request, "session")


def test_an_absurd_query_string_is_still_refused_below(client, project):
    client.get("/nl/")
    assert client.get("/nl/?q=" + "x" * 9000).status_code == 414
    assert client.get("/nl/?q=%00").status_code == 400


def test_while_another_worker_renders_a_page_this_one_waits_for_it(client, project, counted):
    """After a change every worker asks for the same stale page at once: one renders it,
    the others wait for its entry instead of rendering it too."""
    import threading
    import time

    first = client.get("/nl/")
    key = page_cache.key_for("nl", "/nl/")
    stored = page_cache.cache.get(key)
    page_cache.cache.delete(key)
    page_cache.local_pages.clear()
    page_cache.cache.set(f"{key}:rendering", 1, 5)  # another worker renders it

    def other_worker_finishes():
        time.sleep(0.2)
        page_cache.cache.set(key, stored, 60)
        page_cache.cache.delete(f"{key}:rendering")

    threading.Thread(target=other_worker_finishes).start()
    started = time.monotonic()
    response = client.get("/nl/")
    assert 0.15 < time.monotonic() - started < 1.0
    assert response.content == first.content
    assert len(counted) == 1, "the waiting request rendered the page itself"


def test_a_render_that_takes_too_long_elsewhere_is_not_waited_for(
    client, project, counted, settings
):
    settings.PAGE_CACHE_RENDER_WAIT_SECONDS = 0.1
    client.get("/nl/")
    key = page_cache.key_for("nl", "/nl/")
    page_cache.cache.delete(key)
    page_cache.local_pages.clear()
    page_cache.cache.set(f"{key}:rendering", 1, 5)
    assert client.get("/nl/").status_code == 200
    assert len(counted) == 2
