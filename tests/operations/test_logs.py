"""Logs to act on (issue 25, item 6): time, level, logger and request id on every line, the
id in the response, slow requests and queries, a Redis outage in a few lines instead of a
traceback per request, and the optional error-reporting hook."""

import io
import json
import logging
import logging.config
import re
import sys
import types

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import reverse

from operations.logs import Formatter, logging_config, start_error_reporting

LINE = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00 (WARNING|ERROR|INFO) [\w.]+ \[[^\]]+\] "


@pytest.fixture
def log_lines():
    """The production logging configuration, writing to a buffer; read it as lines."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    stream = io.StringIO()
    config = logging_config("WARNING")
    config["handlers"]["console"]["stream"] = stream
    logging.config.dictConfig(config)
    yield lambda: stream.getvalue().splitlines()
    root.handlers[:], root.level = saved


@pytest.mark.django_db
def test_a_slow_request_is_one_line_with_time_level_logger_and_the_request_id(
    client, settings, log_lines
):
    settings.SLOW_REQUEST_MS = 0  # every request is "slow"
    response = client.get(reverse("projects:overview"))
    rid = response["X-Request-ID"]
    assert len(rid) == 32
    [line] = [line for line in log_lines() if "Slow request" in line]
    assert re.match(LINE, line), line
    assert f"[{rid}]" in line
    assert "operations.slow_requests" in line
    assert "GET /" in line and "queries" in line


@pytest.mark.django_db
def test_the_proxys_request_id_is_kept_and_a_strange_one_replaced(client):
    given = "a1b2c3d4-e5f6-7890"
    assert client.get("/nl/", headers={"x-request-id": given})["X-Request-ID"] == given
    strange = client.get("/nl/", headers={"x-request-id": "<script>alert(1)</script>"})
    assert strange["X-Request-ID"] != "<script>alert(1)</script>"
    assert len(strange["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_a_slow_query_is_logged_with_its_sql(client, settings, log_lines):
    settings.SLOW_QUERY_MS = 0
    client.get(reverse("projects:overview"))
    slow = [line for line in log_lines() if "Slow query" in line]
    assert slow and all("operations.slow_queries" in line for line in slow)
    assert any("SELECT" in line for line in slow)


def test_json_lines_carry_the_same_fields():
    record = logging.LogRecord(
        "website.page_cache", logging.WARNING, __file__, 1, "x %s", ("y",), None
    )
    record.request_id = "abc123abc123"
    fields = json.loads(Formatter(json_lines=True).format(record))
    assert fields["level"] == "WARNING" and fields["logger"] == "website.page_cache"
    assert fields["request_id"] == "abc123abc123" and fields["message"] == "x y"
    assert fields["time"].endswith("+00:00")


@pytest.mark.django_db
def test_four_requests_during_a_redis_outage_write_a_few_lines_not_tracebacks(
    client, settings, log_lines
):
    call_command("load_seed_content", stdout=io.StringIO())
    settings.CACHES = {
        "default": {
            "BACKEND": "operations.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.1, "socket_timeout": 0.1},
        }
    }
    settings.PAGE_CACHE_ENABLED = True
    settings.REDIS_CIRCUIT_SECONDS = 0  # every call tries Redis again, and fails
    urls = ["/nl/", "/en/", "/nl/", "/en/"]
    assert [client.get(url).status_code for url in urls] == [200] * 4
    lines = log_lines()
    assert lines, "the outage is reported"
    assert not any("Traceback" in line for line in lines)
    assert len(lines) <= 6, "\n".join(lines)
    assert any("ConnectionError" in line for line in lines)


def test_a_repeated_failure_says_how_many_were_left_out(log_lines, settings):
    settings.LOG_REPEAT_SECONDS = 0
    logger = logging.getLogger("website.page_cache")
    for _ in range(3):
        try:
            raise ConnectionError("Error 111 connecting to 127.0.0.1:6379")
        except ConnectionError:
            logger.warning("Page cache unavailable; rendering", exc_info=True)
    # An interval of 0: each is written, as one line.
    assert len(log_lines()) == 3
    settings.LOG_REPEAT_SECONDS = 60
    logging.config.dictConfig(logging_config())  # a fresh filter, no memory
    handler = logging.getLogger().handlers[0]
    stream = io.StringIO()
    handler.setStream(stream)
    for _ in range(5):
        try:
            raise ConnectionError("down")
        except ConnectionError:
            logger.warning("Page cache unavailable; rendering", exc_info=True)
    assert len(stream.getvalue().splitlines()) == 1


def test_error_reporting_needs_sentry_sdk_when_a_dsn_is_set(monkeypatch):
    monkeypatch.setitem(sys.modules, "sentry_sdk", None)
    with pytest.raises(ImproperlyConfigured, match="sentry-sdk is not installed"):
        start_error_reporting("https://key@sentry.example.org/1")


def test_error_reporting_starts_sentry_with_its_django_integration(monkeypatch):
    calls = []
    sdk = types.ModuleType("sentry_sdk")
    sdk.init = lambda **options: calls.append(options)
    integrations = types.ModuleType("sentry_sdk.integrations")
    django_integration = types.ModuleType("sentry_sdk.integrations.django")
    django_integration.DjangoIntegration = type("DjangoIntegration", (), {})
    monkeypatch.setitem(sys.modules, "sentry_sdk", sdk)
    monkeypatch.setitem(sys.modules, "sentry_sdk.integrations", integrations)
    monkeypatch.setitem(sys.modules, "sentry_sdk.integrations.django", django_integration)

    start_error_reporting("https://key@sentry.example.org/1", release="abc")

    [options] = calls
    assert options["dsn"] == "https://key@sentry.example.org/1"
    assert options["send_default_pii"] is False and options["release"] == "abc"
    assert type(options["integrations"][0]).__name__ == "DjangoIntegration"
