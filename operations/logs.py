"""Logs to act on: one line per event with time, level, logger and request id (JSON with
LOG_FORMAT=json), slow requests and queries over thresholds, a failure that repeats logged
once per interval (one line, not a traceback per request), and an optional error-reporting
hook (Sentry, when SENTRY_DSN is set).

Every request gets an id: the proxy's ``X-Request-ID`` when it sends a sane one, a new one
otherwise. It is in every log line written while the request runs and in the response's
``X-Request-ID`` header, which gunicorn's access log writes too (gunicorn.conf.py), so a
visitor's report, the access log and the error lines meet on it.
"""

import contextvars
import datetime
import json
import logging
import os
import re
import threading
import time
import uuid

from django.conf import settings
from django.db import connections

request_id = contextvars.ContextVar("request_id", default="-")
SANE_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")

requests_logger = logging.getLogger("operations.slow_requests")
queries_logger = logging.getLogger("operations.slow_queries")


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every record (``-`` outside a request)."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return True


# Failures of a service the site carries on without: their traceback says nothing the
# one line does not ("ConnectionError: Error 111 connecting to 127.0.0.1:6379").
OUTAGES = (ConnectionError, TimeoutError, OSError)


def _is_outage(error):
    if isinstance(error, OUTAGES):
        return True
    names = {cls.__module__.split(".")[0] + "." + cls.__name__ for cls in type(error).__mro__}
    return bool(
        names
        & {
            "redis.RedisError",
            "django.OperationalError",
            "django.InterfaceError",
            "psycopg.OperationalError",
        }
    )


class OncePerInterval(logging.Filter):
    """A failure (a record with an exception) that repeats is written once per
    ``seconds``: the same logger, message and kind of exception. The next one written says
    how many were left out. A warning about a service that is down (Redis, the database)
    is one line: its exception's type and message instead of the traceback."""

    def __init__(self, seconds=None):
        super().__init__()
        self.fixed_seconds = seconds
        self.lock = threading.Lock()
        self.last = {}  # key: (time written, count left out since)

    @property
    def seconds(self):
        if self.fixed_seconds is not None:
            return self.fixed_seconds
        return float(getattr(settings, "LOG_REPEAT_SECONDS", 60))

    def filter(self, record):
        if not record.exc_info or record.exc_info[1] is None:
            return True
        error = record.exc_info[1]
        key = (record.name, record.msg, type(error))
        now = time.monotonic()
        with self.lock:
            written, left_out = self.last.get(key, (None, 0))
            if written is not None and now - written < self.seconds:
                self.last[key] = (written, left_out + 1)
                return False
            self.last[key] = (now, 0)
        if record.levelno < logging.ERROR and _is_outage(error):
            record.msg = f"{record.getMessage()}: {type(error).__name__}: {error}"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        if left_out:
            record.msg = f"{record.getMessage()} ({left_out} more like this left out)"
            record.args = None
        return True


class Formatter(logging.Formatter):
    """``2026-12-05T09:40:01.123+00:00 WARNING website.page_cache [3f2a…] message``, or
    the same fields as one JSON object per line with LOG_FORMAT=json."""

    def __init__(self, *args, json_lines=None, **kwargs):
        super().__init__(*args, **kwargs)
        if json_lines is None:
            json_lines = os.environ.get("LOG_FORMAT", "text").lower() == "json"
        self.json_lines = json_lines

    def formatTime(self, record, datefmt=None):  # noqa: N802 (logging's name)
        moment = datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC)
        return moment.isoformat(timespec="milliseconds")

    def format(self, record):
        rid = getattr(record, "request_id", None) or request_id.get()
        if rid == "-" and isinstance(record.args, dict):  # gunicorn's access log line
            rid = record.args.get("{x-request-id}o") or "-"
        message = record.getMessage()
        exception = None
        if record.exc_info:
            exception = record.exc_text or self.formatException(record.exc_info)
        elif record.exc_text:
            exception = record.exc_text
        if self.json_lines:
            fields = {
                "time": self.formatTime(record),
                "level": record.levelname,
                "logger": record.name,
                "request_id": rid,
                "message": message,
            }
            if exception:
                fields["exception"] = exception
            return json.dumps(fields, ensure_ascii=False)
        line = f"{self.formatTime(record)} {record.levelname} {record.name} [{rid}] {message}"
        return f"{line}\n{exception}" if exception else line


def logging_config(level="WARNING"):
    """The LOGGING setting: everything to stderr (gunicorn and the process manager collect
    it) through the request id filter and the once-per-interval filter."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": "operations.logs.RequestIdFilter"},
            "once_per_interval": {"()": "operations.logs.OncePerInterval"},
        },
        "formatters": {"line": {"()": "operations.logs.Formatter"}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "level": level,
                "formatter": "line",
                "filters": ["request_id", "once_per_interval"],
            }
        },
        # Django's loggers propagate here (its own console handler writes only with DEBUG).
        "root": {"handlers": ["console"], "level": level},
    }


def new_request_id(request):
    given = request.headers.get("X-Request-ID", "")
    return given if SANE_ID.fullmatch(given) else uuid.uuid4().hex


class RequestLogMiddleware:
    """First in MIDDLEWARE: gives the request its id, times it, and logs a request slower
    than SLOW_REQUEST_MS with its query count, and each query slower than SLOW_QUERY_MS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = new_request_id(request)
        token = request_id.set(rid)
        request.request_id = rid
        queries = Queries()
        started = time.perf_counter()
        try:
            with connections["default"].execute_wrapper(queries):
                response = self.get_response(request)
            response["X-Request-ID"] = rid
            elapsed = (time.perf_counter() - started) * 1000
            if elapsed >= settings.SLOW_REQUEST_MS:
                requests_logger.warning(
                    "Slow request: %s %s answered %s in %d ms, %d queries (%d ms in the database)",
                    request.method,
                    request.get_full_path()[:300],
                    response.status_code,
                    elapsed,
                    queries.count,
                    queries.milliseconds,
                )
            return response
        finally:
            request_id.reset(token)


class Queries:
    """connection.execute_wrapper: counts and times the request's queries."""

    def __init__(self):
        self.count = 0
        self.milliseconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            self.count += 1
            self.milliseconds += elapsed
            if elapsed >= settings.SLOW_QUERY_MS:
                queries_logger.warning(
                    "Slow query (%d ms): %s", elapsed, " ".join(sql.split())[:500]
                )


def start_error_reporting(dsn, environment="production", release=None):
    """Report errors to Sentry (sentry-sdk with its Django integration) when SENTRY_DSN is
    set. Without the package that is a mistake worth stopping for, not a silent no-op."""
    from django.core.exceptions import ImproperlyConfigured

    try:
        import sentry_sdk
        from sentry_sdk.integrations.django import DjangoIntegration
    except ImportError as error:
        raise ImproperlyConfigured(
            'SENTRY_DSN is set but sentry-sdk is not installed: pip install "sentry-sdk[django]".'
        ) from error
    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration()],
        environment=environment,
        release=release or None,
        send_default_pii=False,  # no cookies, user names or addresses
        traces_sample_rate=0.0,
    )
    return True
