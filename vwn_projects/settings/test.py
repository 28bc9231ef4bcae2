"""Test settings: pytest-django uses these (see pyproject.toml)."""

import tempfile

import jinja2

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, cache_config, env

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# The test client's own host, so absolute URLs in the tests read as the requests do.
SITE_URL = "http://testserver"
# A throw-away content app (tests/testapp): a new kind of content reaches the desk, the
# roles, the history and the page cache from its declaration alone.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.testapp"]
# Fast hashing keeps the admin-login tests quick; production uses Django's default.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Uploaded files written by tests never land in the real media folder.
MEDIA_ROOT = env.path("TEST_MEDIA_ROOT", default=tempfile.mkdtemp(prefix="vwn-test-media-"))
# Local memory unless CACHE_URL/REDIS_URL points at a real server (CI runs the cache
# tests against Redis too).
CACHES = {"default": cache_config("locmemcache://vwn-projects-test")}
# The content clock is read on the test's own connection (inside its transaction), after
# each change this process makes: the suite sees its own changes at once (website/freshness.py).
PAGE_CACHE_POLL_IN_THREAD = False
PAGE_CACHE_POLL_SECONDS = 3600
PAGE_CACHE_STALENESS = 3600
# The health check's query runs on the test's connection (a thread's own connection would
# keep the test database open after the run).
HEALTH_CHECK_IN_THREAD = False
# The suite runs without collectstatic: WhiteNoise looks files up per request instead.
WHITENOISE_AUTOREFRESH = True
# The test client speaks http unless a test asks for https (secure=True).
SECURE_SSL_REDIRECT = False

# A template that reads a variable or attribute that does not exist fails the test
# instead of rendering nothing (production renders nothing; DEBUG shows a marker).
_public, *_others = TEMPLATES  # noqa: F405
TEMPLATES = [
    {**_public, "OPTIONS": {**_public["OPTIONS"], "undefined": jinja2.StrictUndefined}},
    *_others,
]
