"""/healthz answers 200 only when the database and the cache respond."""

import json

import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db

UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "operations.cache.RedisCache",
        # Port 1 on the loopback: nothing listens, the connection is refused at once.
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}


def test_healthz_answers_200_when_database_and_cache_respond(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"database": "ok", "cache": "ok"}


def test_healthz_lives_outside_the_language_prefixes(client):
    assert client.get("/nl/healthz").status_code == 404
    assert client.get("/healthz").status_code == 200


def test_healthz_is_never_cached_by_browsers_or_proxies(client):
    assert "no-cache" in client.get("/healthz")["Cache-Control"]


def test_healthz_answers_503_when_the_database_does_not_respond(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["database"] == "unavailable"


def test_healthz_answers_503_when_the_configured_cache_does_not_respond(client, settings):
    settings.CACHES = UNREACHABLE_REDIS
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"database": "ok", "cache": "unavailable"}


def test_healthz_does_not_check_a_disabled_cache(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    assert client.get("/healthz").status_code == 200


def test_healthz_answers_plain_http_when_everything_else_redirects_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/nl/").status_code == 301
    assert client.get("/healthz").status_code == 200
