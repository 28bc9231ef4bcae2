"""Settings shared by every environment. Deployment values come from the environment."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env file is optional; the real environment always wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = False
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch its widgets.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_countries",
    "django_prose_editor",
    "vwn_projects",
    "partners",
    "projects",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight after security: served before sessions, locale and the rest.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions (it may read the language from them), before CommonMiddleware
    # (which must see the language-prefixed path to append slashes correctly).
    "django.middleware.locale.LocaleMiddleware",
    # The back office is Dutch whatever the browser asks for.
    "vwn_projects.middleware.AdminLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "vwn_projects.urls"
WSGI_APPLICATION = "vwn_projects.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite file in the project folder unless DATABASE_URL says otherwise.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def cache_config(default):
    """CACHE_URL (any django-environ cache URL) or REDIS_URL; local memory otherwise.

    Redis URLs use Django's own Redis backend (redis-py with hiredis).
    """
    url = env("CACHE_URL", default="") or env("REDIS_URL", default="") or default
    backend = "django.core.cache.backends.redis.RedisCache" if url.startswith("redis") else None
    return env.cache_url_config(url, backend=backend)


CACHES = {"default": cache_config("locmemcache://vwn-projects")}
# Public pages are cached whole, per language, and made fresh by any content change
# (vwn_projects/page_cache.py). Entries are invalidated by version, so they may live long.
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=24 * 60 * 60)
# Saving or deleting any model of these apps changes the public pages.
PAGE_CACHE_CONTENT_APPS = ["projects", "partners"]
# Models in those apps whose rows never change what a page shows ("app_label.model").
PAGE_CACHE_IGNORED_MODELS = []

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Dutch is the source language; English is the translation and falls back to Dutch.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "nl"
MODELTRANSLATION_LANGUAGES = ("nl", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("nl",)
# Slugs of untranslated fields are prepopulated from the Dutch title.
MODELTRANSLATION_PREPOPULATE_LANGUAGE = "nl"
# The tabbed admin would load jQuery UI from a CDN; ship it with the site instead.
JQUERY_URL = "admin/js/vendor/jquery/jquery.min.js"
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploads are served by the reverse proxy in production; SERVE_MEDIA=true lets the site
# serve them itself (development, `make serve` without a proxy): vwn_projects/media.py.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=False)

# Upload limits, checked by the models' validators.
MAX_IMAGE_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_REPORT_UPLOAD_BYTES = 20 * 1024 * 1024

LOGIN_URL = "admin:login"
