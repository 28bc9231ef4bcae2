"""gunicorn settings for `make serve` and production (gunicorn reads this file from the
working directory; elsewhere pass `-c gunicorn.conf.py`). Environment variables override:
PORT, BIND, WEB_CONCURRENCY (workers), GUNICORN_CMD_ARGS (any other option)."""

import multiprocessing
import os

wsgi_app = "vwn_projects.wsgi:application"
# A web request's SQL statement may take 2 s at most (PostgreSQL; management commands such
# as migrate have no limit unless DATABASE_STATEMENT_TIMEOUT_MS is set for them).
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT_MS", "2000")
# Behind a reverse proxy on the same machine: listen on the loopback only.
bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# The site is served at the root: a SCRIPT_NAME or PATH_INFO header is never taken from a
# request, even through the proxy on the loopback (gunicorn trusts those by default; a
# client's "SCRIPT_NAME: /x" made every answer a 500). Headers with an underscore are
# dropped.
forwarder_headers = ""
header_map = "drop"
# gunicorn's rule of thumb for synchronous workers: two per core plus one, so a worker
# waiting on the database or cache never leaves a core idle.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = 30
graceful_timeout = 30
# Recycle workers now and then so a slow leak can never grow without bound; rarely, since
# a new worker starts Django from scratch with an empty memory of pages (about a second of
# a core, while requests queue): at 10,000 a busy machine (2,000 requests/s on 3 workers)
# restarted a worker every 5 s and visitors' p99 rose from 24 ms to 440 ms
# (bench/README.md). A worker's own memory of pages is bounded (PAGE_CACHE_LOCAL_BYTES).
max_requests = 100_000
max_requests_jitter = 10_000
# One line per request on stdout, with the request id the site gave it (X-Request-ID,
# operations/logs.py); gunicorn's own messages on stderr. Both in the site's line format
# (time, level, logger, request id; JSON with LOG_FORMAT=json).
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms rid=%({x-request-id}o)s'
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"()": "operations.logs.Formatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "stream": "ext://sys.stdout",
        },
        "error_console": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "stream": "ext://sys.stderr",
        },
    },
    # Before Django's settings take over (LOG_LEVEL): warnings and errors only.
    "root": {"level": "WARNING", "handlers": ["error_console"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["console"], "propagate": False},
    },
}
# No control socket in the home folder: several sites (or checkouts) may run side by side.
control_socket_disable = True


def on_starting(server):
    """A new release may render pages differently: pages cached by the previous code
    must not be served by this one."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vwn_projects.settings.production")
    import django

    django.setup()
    from django.db import connections

    from website.page_cache import bump_content_version_after_commit

    try:
        bump_content_version_after_commit()
    finally:
        # The change is written in the database: the connection it opened must not be
        # inherited by the workers, which would all talk over that one socket at once.
        connections.close_all()
