"""/healthz/live answers while the process does; /healthz/ready (and /healthz) answers 200
while the database responds, reporting the cache without failing on it; each within a
second, also when what it asks hangs."""

import json
import threading
import time

import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db

UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "operations.cache.RedisCache",
        # Port 1 on the loopback: nothing listens, the connection is refused at once.
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.1, "socket_timeout": 0.1},
    }
}


def test_healthz_answers_200_when_database_and_cache_respond(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"database": "ok", "cache": "ok"}


def test_healthz_lives_outside_the_language_prefixes(client):
    assert client.get("/nl/healthz").status_code == 404
    assert client.get("/healthz").status_code == 200
    assert client.get("/healthz/live").status_code == 200
    assert client.get("/healthz/ready").status_code == 200


def test_healthz_is_never_cached_by_browsers_or_proxies(client):
    assert "no-cache" in client.get("/healthz")["Cache-Control"]


def test_healthz_answers_503_when_the_database_does_not_respond(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["database"] == "unavailable"


def test_a_cache_that_does_not_respond_is_reported_but_does_not_fail_readiness(client, settings):
    settings.CACHES = UNREACHABLE_REDIS
    for url in ("/healthz", "/healthz/ready"):
        response = client.get(url)
        assert response.status_code == 200
        assert json.loads(response.content) == {"database": "ok", "cache": "degraded"}


def test_liveness_asks_neither_database_nor_cache(client, settings, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    settings.CACHES = UNREACHABLE_REDIS
    response = client.get("/healthz/live")
    assert response.status_code == 200
    assert json.loads(response.content) == {"process": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readiness_answers_503_within_a_second_when_the_database_hangs(
    client, settings, monkeypatch
):
    """A frozen database (SIGSTOP, dropped packets) never answers: the check gives up."""
    from operations import health

    settings.HEALTH_CHECK_IN_THREAD = True
    release = threading.Event()
    monkeypatch.setattr(health, "select_one", lambda: release.wait(10))
    try:
        for _ in range(2):  # the second while the first query still waits
            started = time.monotonic()
            response = client.get("/healthz/ready")
            assert time.monotonic() - started < 1.0
            assert response.status_code == 503
            assert json.loads(response.content)["database"] == "unavailable"
        assert client.get("/healthz/live").status_code == 200
    finally:
        release.set()


def test_healthz_does_not_check_a_disabled_cache(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    assert client.get("/healthz").status_code == 200
    assert client.get("/healthz/live").status_code == 200
    assert client.get("/healthz/ready").status_code == 200


def test_healthz_answers_plain_http_when_everything_else_redirects_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/nl/").status_code == 301
    assert client.get("/healthz").status_code == 200
    assert client.get("/healthz/live").status_code == 200
    assert client.get("/healthz/ready").status_code == 200
