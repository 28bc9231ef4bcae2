"""Production: every deployment value comes from the environment."""

from django.core.exceptions import ImproperlyConfigured

from operations.logs import logging_config, start_error_reporting

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, CACHES, DATABASES, SECRET_KEY, env

DEBUG = False

# SITE_URL: the public address, from which every absolute URL is made (base.py); the
# development default must never reach a real deployment.
_missing = [
    name
    for name, value in (
        ("SECRET_KEY", SECRET_KEY),
        ("ALLOWED_HOSTS", ALLOWED_HOSTS),
        ("SITE_URL", env("SITE_URL", default="")),
    )
    if not value
]
if _missing:
    raise ImproperlyConfigured(
        "Production settings need these environment variables: " + ", ".join(_missing)
    )
if SECRET_KEY.startswith("dev-only-"):
    raise ImproperlyConfigured("SECRET_KEY is the development key; set a secret one.")

# SECURE_SSL_REDIRECT=false (`make serve`, the benchmark): the TLS proxy in front redirects
# http to https itself (docs/operations.md, Production), so Django's warning about it does
# not apply.
if not env.bool("SECURE_SSL_REDIRECT", default=True):
    SILENCED_SYSTEM_CHECKS = ["security.W008"]

# Keep database connections open between requests (checked before reuse).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Hashed, compressed static files (collectstatic); WhiteNoise serves them with far-future
# cache headers because their names change whenever their content does.
STORAGES = {
    **STORAGES,  # noqa: F405 (uploads: the same normalised names as everywhere)
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Several gunicorn workers each have their own local memory: a page cached there would
# not see an edit made through another worker. Cache pages only in a shared cache.
PAGE_CACHE_ENABLED = env.bool(
    "PAGE_CACHE_ENABLED",
    default=CACHES["default"]["BACKEND"] != "django.core.cache.backends.locmem.LocMemCache",
)

# One line per event on stderr (gunicorn and the process manager collect it): time, level,
# logger, request id; JSON with LOG_FORMAT=json; a repeated failure once per interval
# (operations/logs.py). gunicorn's access log adds a line per request with its id.
LOGGING = logging_config(env("LOG_LEVEL", default="WARNING"))

# Errors reported to Sentry when SENTRY_DSN is set (needs `pip install "sentry-sdk[django]"`).
if env("SENTRY_DSN", default=""):
    start_error_reporting(
        env("SENTRY_DSN"),
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        release=env("SENTRY_RELEASE", default=""),
    )
