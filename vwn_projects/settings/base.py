"""Settings shared by every environment. Deployment values come from the environment."""

from pathlib import Path

import environ
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env file is optional; the real environment always wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = False
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The public address (e.g. https://projecten.vluchtelingenwerk.nl): every absolute URL
# (canonical, hreflang, sitemap, robots.txt, share links, IATI) is made from it, never from
# the request's Host header, which the client chooses. Production requires it; elsewhere
# it defaults to the local development server (which the IATI rules flag).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

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
    # Old addresses of renamed pages redirect to the new ones (editorial/redirects.py).
    "django.contrib.sites",
    "django.contrib.redirects",
    "django_countries",
    "django_prose_editor",
    "csp",
    # Last of the third-party apps, as its documentation asks.
    "axes",
    # This site's apps, the shared layers first (docs/architecture.md).
    "iati",
    "content",
    "website",
    "translations",
    "editorial",
    # The photo library, which projects, workshops, calls to action and places use.
    "photos",
    "projects",
    "partners",
    "operations",
    # The public search sits on top of the content apps (docs/architecture.md).
    "search",
]

MIDDLEWARE = [
    # First: every request gets its id (in each log line and the X-Request-ID header), and
    # slow requests and queries are logged (operations/logs.py).
    "operations.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files straight after security: served before sessions, locale and the rest.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A cached public page is answered here, before any other work (website/page_cache.py);
    # SecurityMiddleware above still redirects to HTTPS and adds its headers.
    "website.page_cache.CachedPageMiddleware",
    # Content-Security-Policy with a per-request nonce; Permissions-Policy; media headers.
    "csp.middleware.CSPMiddleware",
    "operations.security.SecurityHeadersMiddleware",
    # NUL bytes and absurd query strings get a 400/414 before any view or query sees them.
    "operations.security.RejectMalformedRequestsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions (it may read the language from them), before CommonMiddleware
    # (which must see the language-prefixed path to append slashes correctly).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The back office speaks the language of whoever is logged in (Dutch for editors,
    # English for translators, or their own choice), whatever the browser asks for:
    # after authentication, which tells who that is.
    "translations.middleware.AdminLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Signs out a session idle for SESSION_IDLE_TIMEOUT (needs the user and messages).
    "operations.security.IdleSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A page request that would be a 404 is answered with a 301 when its address was a
    # page that has been renamed (editorial/redirects.py); any real page wins.
    "editorial.redirects.PageRedirectMiddleware",
    # A lost database connection in a view: a 503 "try again" page, not a 500.
    "operations.errors.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "vwn_projects.urls"
# One site; django.contrib.redirects needs the sites framework.
SITE_ID = 1
WSGI_APPLICATION = "vwn_projects.wsgi.application"

TEMPLATES = [
    # The public pages: Jinja2 (website/templating.py says why).
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "website.templating.environment",
            "context_processors": ["django.template.context_processors.i18n"],
        },
    },
    # The admin, its overrides in templates/admin/, robots.txt, and the apps' own templates.
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
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several editors and the public at once: WAL lets readers work during a write,
    # IMMEDIATE takes the write lock at the start of a transaction (so a reader never
    # has to upgrade to a writer and fail), and a writer waits up to 20 s for the lock
    # instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
            ),
        }
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Bounded waits: a database that cannot be reached fails a connection after 2 s (the
    # least libpq allows), and one statement may take DATABASE_STATEMENT_TIMEOUT_MS at most
    # (gunicorn.conf.py sets 2000 for the web workers; management commands such as migrate
    # and restore have none unless it is set).
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options.setdefault("connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=2))
    _statement_timeout = env.int("DATABASE_STATEMENT_TIMEOUT_MS", default=0)
    if _statement_timeout:
        _options["options"] = f"-c statement_timeout={_statement_timeout}"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def cache_config(default):
    """CACHE_URL (any django-environ cache URL) or REDIS_URL; local memory otherwise.

    Redis URLs use Django's own Redis backend (redis-py with hiredis), keeping one client per
    server (operations/cache.py).
    """
    url = env("CACHE_URL", default="") or env("REDIS_URL", default="") or default
    if not url.startswith("redis"):
        return env.cache_url_config(url)
    config = env.cache_url_config(url, backend="operations.cache.RedisCache")
    # A Redis that stops answering (network, overload, packets dropped) costs a request at
    # most 0.1 s, and then nothing for REDIS_CIRCUIT_SECONDS (operations/cache.py): the site
    # carries on without its cache meanwhile (bench/README.md, Faults under load).
    timeout = env.float("REDIS_TIMEOUT_SECONDS", default=0.1)
    config.setdefault("OPTIONS", {}).update(
        {"socket_connect_timeout": timeout, "socket_timeout": timeout}
    )
    return config


# After a Redis call fails, the cache is not asked again for this long (operations/cache.py).
REDIS_CIRCUIT_SECONDS = env.float("REDIS_CIRCUIT_SECONDS", default=5.0)


CACHES = {"default": cache_config("locmemcache://vwn-projects")}
# Public pages are cached whole, per language, in each worker's memory and in the shared
# cache (website/page_cache.py), and served only while nothing they were rendered from has
# changed according to the database (website/freshness.py): so they may live long.
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=24 * 60 * 60)
# The most each worker keeps of those pages in its own memory.
PAGE_CACHE_LOCAL_BYTES = env.int("PAGE_CACHE_LOCAL_BYTES", default=32 * 1024 * 1024)
# Each process reads the database's content clock this often (a thread of its own), and
# serves nothing cached while what it knows is older than PAGE_CACHE_STALENESS: a change
# committed anywhere is seen by every process within that bound (docs/operations.md, Page cache).
PAGE_CACHE_POLL_SECONDS = env.float("PAGE_CACHE_POLL_SECONDS", default=0.2)
PAGE_CACHE_STALENESS = env.float("PAGE_CACHE_STALENESS", default=1.0)
PAGE_CACHE_POLL_IN_THREAD = True
# While the database does not answer, pages cached before are still served for this long
# when the shared cache confirms that no change was made since (website/freshness.py).
PAGE_CACHE_DATABASE_OUTAGE_SECONDS = env.float("PAGE_CACHE_DATABASE_OUTAGE_SECONDS", default=60)
# One worker (of all machines) renders a page that is missing or stale; the others wait up
# to PAGE_CACHE_RENDER_WAIT_SECONDS for its entry instead of rendering it too.
PAGE_CACHE_RENDER_LOCK_SECONDS = 5
PAGE_CACHE_RENDER_WAIT_SECONDS = env.float("PAGE_CACHE_RENDER_WAIT_SECONDS", default=1.0)
# After a change, each worker renders again (in a thread) up to this many of the pages it
# answered most recently that the change made stale, for at most
# PAGE_CACHE_RENDER_AHEAD_SECONDS before it serves under the change (meanwhile: the pages as
# they were): visitors meet neither cold pages nor a wait. Poll interval plus this stays
# within PAGE_CACHE_STALENESS.
PAGE_CACHE_WARM_UP_PAGES = env.int("PAGE_CACHE_WARM_UP_PAGES", default=20)
# ... of the pages it answered in the last this many seconds (the pages being read now; the
# others are rendered by their next visitor).
PAGE_CACHE_WARM_UP_WINDOW = env.float("PAGE_CACHE_WARM_UP_WINDOW", default=10.0)
PAGE_CACHE_RENDER_AHEAD_SECONDS = env.float("PAGE_CACHE_RENDER_AHEAD_SECONDS", default=0.5)
# After an update that takes nothing off a page (a text edited, an object added; never an
# item unpublished or deleted, a relation removed or a photo replaced), the page as it was
# is served while one process renders it again, for at most this long after the change:
# an update is on every page within PAGE_CACHE_STALENESS + this (docs/operations.md).
PAGE_CACHE_REVALIDATE_SECONDS = env.float("PAGE_CACHE_REVALIDATE_SECONDS", default=2.0)
# Front caches (Varnish) in front of the site: public answers then carry s-maxage and
# X-Page-Items, and every change is banned in each of them (website/front_cache.py,
# deploy/varnish.vcl). Empty: no front cache.
FRONT_CACHE_URLS = env.list("FRONT_CACHE_URLS", default=[])
FRONT_CACHE_BACKEND = env("FRONT_CACHE_BACKEND", default="website.front_cache.VarnishBan")

# django-axes first: it refuses a locked-out client before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "operations.security.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

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
# Uploads are private until their content is published, so every /media/ request is
# decided by the site (operations/media.py). With a prefix such as "/internal-media/"
# the site answers with X-Accel-Redirect and nginx sends the file from an internal
# location (docs/operations.md, Production); empty: the site sends the file itself.
MEDIA_X_ACCEL_PREFIX = env("MEDIA_X_ACCEL_PREFIX", default="")
# Who may see the files of content the public may not see yet (operations/media.py):
# staff who may view that content, and visitors of an editor's preview or share link.
MEDIA_ACCESS_RULES = [
    "operations.media.staff_may_view",
    "editorial.access.may_see_unpublished",
    # A library photo's files to whoever may see a draft that uses it (a share link).
    "photos.access.may_see_through_its_uses",
]

STORAGES = {
    # Uploaded file names are normalised to lower-case ASCII (content/storage.py).
    "default": {"BACKEND": "content.storage.MediaStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Upload limits, checked by the models' validators.
MAX_IMAGE_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_REPORT_UPLOAD_BYTES = 20 * 1024 * 1024
# An image may not decode to more pixels than this (a 40-megapixel photo is plenty);
# a small file that would decode to a huge image is refused before it is decoded.
MAX_IMAGE_PIXELS = 40_000_000

# Restore trusts nothing in an archive (operations/backup.py): no file in it may be larger
# than the largest upload, data.json than this, all members together than that; a small
# archive that would unpack to gigabytes is refused as soon as a member passes its limit.
BACKUP_MAX_FILE_BYTES = env.int(
    "BACKUP_MAX_FILE_BYTES", default=max(MAX_IMAGE_UPLOAD_BYTES, MAX_REPORT_UPLOAD_BYTES)
)
BACKUP_MAX_DATA_BYTES = env.int("BACKUP_MAX_DATA_BYTES", default=256 * 1024 * 1024)
BACKUP_MAX_TOTAL_BYTES = env.int("BACKUP_MAX_TOTAL_BYTES", default=50 * 1024**3)
# A checksum proves an archive is whole, not that it is ours: with a key, backups are
# signed (HMAC-SHA256) and restore refuses archives without a valid signature.
BACKUP_SIGNING_KEY = env("BACKUP_SIGNING_KEY", default="")

LOGIN_URL = "admin:login"
# After logging in with no (or an unsafe) "next": the back office's start page, not
# Django's /accounts/profile/, which this site does not have.
LOGIN_REDIRECT_URL = "admin:index"
# Seconds without a request after which a session is signed out (the back office on a
# shared computer); each request starts the time again.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=2 * 60 * 60)
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
# Editorial workflow (docs/editors.md): how long a share-for-review link works
# by default, and whether publishing needs a publisher's approval (four eyes).
SHARE_LINK_DAYS = env.int("SHARE_LINK_DAYS", default=14)
EDITORIAL_APPROVAL = env.bool("EDITORIAL_APPROVAL", default=False)
# Where the official IATI 2.03 XSD files are, for validation by the tests and export_iati.
IATI_SCHEMA_DIR = env.path("IATI_SCHEMA_DIR", default=BASE_DIR.parent / "shared" / "iati" / "2.03")

# --- Security (see docs/operations.md, "Security and backups") ----------------------------

# Behind the one reverse proxy that terminates TLS (production), it says "https" here.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many reverse proxies in front of Django append to X-Forwarded-For. 0: none, the
# client is REMOTE_ADDR and the header is ignored (it could be forged).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# Load balancers check health over plain http, straight at the app.
SECURE_REDIRECT_EXEMPT = [r"^healthz(/live|/ready)?$"]
# /healthz/ready waits this long for the database, in a thread of its own
# (operations/health.py); /healthz/live asks nothing.
HEALTH_CHECK_SECONDS = env.float("HEALTH_CHECK_SECONDS", default=0.8)
HEALTH_CHECK_IN_THREAD = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
# Nothing in the site or the admin reads the CSRF cookie from JavaScript.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Scripts only from this site or with the request's nonce; never inline, never eval.
# Styles allow inline attributes: the admin's widgets and jQuery UI tabs set them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "media-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Nothing here needs sensors, camera or payment; the video players (loaded on click) may
# autoplay and go full screen.
_VIDEO_PLAYERS = 'self "https://www.youtube-nocookie.com" "https://player.vimeo.com"'
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=(), "
    f"autoplay=({_VIDEO_PLAYERS}), fullscreen=({_VIDEO_PLAYERS})"
)

# Admin login (operations.security.lockout_parameters): five failed attempts at one
# account from one address lock that account there for an hour (not everyone behind the
# same office address); twenty at one account from any addresses lock the account, fifty
# from one address at any accounts lock the address.
AXES_FAILURE_LIMIT = 5
AXES_ACCOUNT_FAILURE_LIMIT = env.int("AXES_ACCOUNT_FAILURE_LIMIT", default=20)
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=50)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = "operations.security.lockout_parameters"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "operations.security.client_ip"
AXES_USERNAME_CALLABLE = "operations.security.login_username"
# The back office's own page, with the site's name (not "Django site admin").
AXES_LOCKOUT_CALLABLE = "operations.security.lockout_response"

# Logs (operations/logs.py; docs/operations.md, Production): a request slower than
# SLOW_REQUEST_MS is logged with its query count, a query slower than SLOW_QUERY_MS with its
# SQL, and a failure that repeats (same logger, message and exception) once per
# LOG_REPEAT_SECONDS.
SLOW_REQUEST_MS = env.int("SLOW_REQUEST_MS", default=1000)
SLOW_QUERY_MS = env.int("SLOW_QUERY_MS", default=250)
LOG_REPEAT_SECONDS = env.int("LOG_REPEAT_SECONDS", default=60)

# Uploads larger than this are refused before they reach a form (the proxy limits first).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# A project's form posts about seven fields per row: 1,000 (Django's default) stopped at
# about 125 links or 50 workshops. 20,000 lets a project with 2,000 rows save; parsing that
# many fields costs milliseconds, and the memory limit above still bounds a request.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_PERMISSIONS = 0o644
