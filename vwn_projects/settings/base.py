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
# The public address (e.g. https://projecten.vluchtelingenwerk.nl) for canonical URLs, the
# sitemap, share links and the IATI export; empty means "the host the request came to"
# (and, for the IATI file written by a command, http://127.0.0.1:8000, which it flags).
SITE_URL = env("SITE_URL", default="").rstrip("/")

INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch its widgets.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_countries",
    "django_prose_editor",
    "vwn_projects",
    "partners",
    "projects",
    "translations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
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

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://vwn-projects")}

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

# Upload limits, checked by the models' validators.
MAX_IMAGE_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_REPORT_UPLOAD_BYTES = 20 * 1024 * 1024

LOGIN_URL = "admin:login"
# Django 6's behaviour now: a URL typed without scheme is taken as https.
FORMS_URLFIELD_ASSUME_HTTPS = True

# Open data (IATI). The reporting organisation's identifier is its registration agency
# prefix plus number (NL-KVK-<KvK number>); the default is a placeholder that the export
# flags until the real one is configured.
IATI_REPORTING_ORG_IDENTIFIER = env("IATI_REPORTING_ORG_IDENTIFIER", default="NL-KVK-00000000")
IATI_REPORTING_ORG_NAME = env("IATI_REPORTING_ORG_NAME", default="VluchtelingenWerk Nederland")
IATI_REPORTING_ORG_TYPE = env("IATI_REPORTING_ORG_TYPE", default="22")  # national NGO
IATI_DEFAULT_SECTOR = env("IATI_DEFAULT_SECTOR", default="15136")  # DAC: immigration
IATI_DEFAULT_CURRENCY = env("IATI_DEFAULT_CURRENCY", default="EUR")
IATI_CACHE_SECONDS = env.int("IATI_CACHE_SECONDS", default=300)
# Where the official IATI 2.03 XSD files are, for validation by the tests and export_iati.
IATI_SCHEMA_DIR = env.path("IATI_SCHEMA_DIR", default=BASE_DIR.parent / "shared" / "iati" / "2.03")
