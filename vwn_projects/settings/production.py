"""Production: every deployment value comes from the environment."""

from django.core.exceptions import ImproperlyConfigured

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
# http to https itself (README, Production), so Django's warning about it does not apply.
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

# Errors and warnings (failed health checks, an unreachable cache) go to stderr, which
# gunicorn and the process manager collect.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
