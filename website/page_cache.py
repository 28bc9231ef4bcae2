"""Whole-page caching of the public pages, per language, fresh the moment content changes.

Every rendered page is stored in the shared cache (Redis in production) together with the
*content version* it was rendered from. The content version is one cache key that any
save or delete of a content model (and any change of a many-to-many relation between
them) replaces with a new value, so every page rendered before the change stops being
served at once, in every process, without having to know which pages the change touched.

Pages are cached only for anonymous visitors. Someone logged in (an editor checking
their change) always gets a freshly rendered page, which is never stored, so nothing an
editor may see reaches the public from the cache.

Content can also change without a save: a project with a publish-from or publish-until
moment appears or disappears when it comes, a call to action ends at five o'clock, a
project whose end date has passed moves to the completed projects. Their models declare
those fields as ``moments`` (``content.registry``). The next such moment is kept beside
the content version; when it has passed, the content version is replaced as if the
content had been saved, and no page is stored for longer than the time left until it. So
no cached page (nor a cached answer for a file, ``operations.media``) outlives a scheduled
change, and no periodic job is needed.

Every public response carries an ETag and Last-Modified; a conditional request for an
unchanged page gets 304 Not Modified without rendering it.
"""

import contextlib
import datetime
import hashlib
import logging
import os
import time
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import models, transaction
from django.db.models import Min, Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language
from redis.exceptions import RedisError

from content.registry import content_options, options_for

logger = logging.getLogger(__name__)

# What a cache server that is down or unreachable raises (redis-py and the socket).
CACHE_ERRORS = (RedisError, ConnectionError, TimeoutError)

VERSION_KEY = "vwn:content-version"
SCHEDULE_KEY = "vwn:next-scheduled-moment"
PAGE_KEY_PREFIX = "vwn:page"

# Campaign links carry these; they do not change the page, so they share its cache entry.
# Any other query parameter is not ours to interpret: such requests are not cached.
TRACKING_PARAMETERS = ("utm_", "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "_ga")


def new_version(not_before=None):
    """A new content version: the time of the change in nanoseconds, as hex; for a change
    that a scheduled moment made, never before that moment (it is the page's
    Last-Modified)."""
    nanoseconds = time.time_ns()
    if not_before is not None:
        nanoseconds = max(nanoseconds, int(not_before.timestamp() * 1_000_000_000))
    return f"{nanoseconds:x}"


def version_time(version):
    """The time (seconds since the epoch) a content version was made."""
    try:
        return int(version, 16) // 1_000_000_000
    except (TypeError, ValueError):
        return None


def bump_content_version(not_before=None):
    """Make every cached page stale. Call it after changing content without signals
    (``QuerySet.update()``, raw SQL)."""
    version = new_version(not_before)
    try:
        cache.set(VERSION_KEY, version, timeout=None)
    finally:
        # After the shared cache (see LocalPages), and also when it is down.
        write_local_version(version)


# -- this machine's copy (PAGE_CACHE_VERSION_FILE) -------------------------------------------


def read_local_version():
    """The content version in PAGE_CACHE_VERSION_FILE, or None (not configured, missing)."""
    path = settings.PAGE_CACHE_VERSION_FILE
    if not path:
        return None
    try:
        with open(path, encoding="ascii") as handle:
            return handle.read() or None
    except (OSError, ValueError):
        return None


def write_local_version(version):
    """Replace the version file at once (a rename), so a reader sees the old or the new
    version, never half of one. If it cannot be written it is removed: no process may
    then answer from its own copy (it asks the shared cache) rather than serve a stale
    page."""
    path = settings.PAGE_CACHE_VERSION_FILE
    if not path:
        return
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        with open(temporary, "w", encoding="ascii") as handle:
            handle.write(version)
        os.replace(temporary, path)
    except OSError:
        logger.error("Could not write %s; pages are answered from Redis only", path)
        with contextlib.suppress(OSError):
            os.remove(path)


class LocalPages:
    """Pages this process has answered, kept in its memory: an answer without a round trip.

    Only with PAGE_CACHE_VERSION_FILE, a file on the local disk that every process of the
    site reads (so: processes on one machine). Each content-version bump writes it after the shared
    cache, so a process compares its copy's version with the file's on every request and
    serves a page only when it was stored under the current version, before its scheduled
    moment (``not_after``). The version is read at the start of the request that stores a
    page: a change committed while the page was rendered makes the copy stale at once,
    as in the shared cache. Least recently used pages go first beyond
    PAGE_CACHE_LOCAL_BYTES.
    """

    def __init__(self):
        self.entries = OrderedDict()
        self.size = 0

    def get(self, key, version, now):
        entry = self.entries.get(key)
        if entry is None:
            return None
        if entry["local_version"] != version or entry["not_after"] <= now:
            self.discard(key)
            return None
        self.entries.move_to_end(key)
        return entry

    def put(self, key, entry):
        limit = settings.PAGE_CACHE_LOCAL_BYTES
        size = len(entry["content"])
        if size > limit // 4:
            return  # the 1 MB overviews of very large sites stay in the shared cache only
        self.discard(key)
        self.entries[key] = entry
        self.size += size
        while self.size > limit:
            _key, oldest = self.entries.popitem(last=False)
            self.size -= len(oldest["content"])

    def discard(self, key):
        entry = self.entries.pop(key, None)
        if entry is not None:
            self.size -= len(entry["content"])


local_pages = LocalPages()


# A content change this process could not announce because the cache was down; retried
# before this process next reads the page cache (``retry_pending_bump``).
_pending_bump = False


def bump_or_remember():
    """Bump the content version; when the cache is unreachable, log it and remember to
    bump as soon as it answers again. Returns True when the bump reached the cache."""
    global _pending_bump
    try:
        bump_content_version()
    except Exception:
        _pending_bump = True
        logger.warning("Cache unavailable; the content change is announced when it is back")
        return False
    _pending_bump = False
    return True


def retry_pending_bump():
    if _pending_bump:
        bump_or_remember()


def bump_content_version_after_commit():
    """The second bump of content_changed (also gunicorn's at start-up)."""
    bump_or_remember()


def changes_public_pages(model):
    """True for a content model whose rows the public pages show (content.registry)."""
    options = options_for(model)
    return options is not None and options.public


def content_changed(sender, using=None, **kwargs):
    """Receiver for post_save, post_delete and m2m_changed of every model.

    m2m_changed's sender is the through model; the model whose relation changed is the
    instance's (a project's countries, or a country's projects).

    Bumps at once (so this process and tests see the change) and again when the
    transaction commits: a page rendered by another process between the two, from data
    read before the commit, is stored under the first version and so never served.
    When the cache is unreachable the save goes ahead (the page cache degrades, editing
    does not stop): while the cache is down no page is stored, and the bump is made as
    soon as the cache answers again, before this process reads a cached page; a cache
    that comes back empty (a restarted Redis) has no stale page anyway.
    """
    action = kwargs.get("action")
    if action is not None:
        if action.startswith("pre_") or not changes_public_pages(type(kwargs["instance"])):
            return
    elif not changes_public_pages(sender):
        return
    bump_or_remember()
    transaction.on_commit(bump_content_version_after_commit, using=using)


def connect_signals():
    # No sender: every model declared as content is covered without a list here.
    post_save.connect(content_changed, dispatch_uid="page_cache_post_save")
    post_delete.connect(content_changed, dispatch_uid="page_cache_post_delete")
    m2m_changed.connect(content_changed, dispatch_uid="page_cache_m2m_changed")


def page_key(request):
    """The cache key of this request's page, or None when the request must not be cached.

    Language and path only: every absolute URL on a page comes from SITE_URL, so the host
    and port the request was sent to (``Host: 127.0.0.1:9999``) make no page of their own.
    """
    extra = [
        (name, value)
        for name, value in sorted(request.GET.items())
        if not name.startswith(TRACKING_PARAMETERS)
    ]
    if extra:
        return None
    digest = hashlib.md5(request.path.encode(), usedforsecurity=False).hexdigest()
    return f"{PAGE_KEY_PREFIX}:{get_language()}:{digest}"


def current_version(values):
    """The content version from a get_many() result, creating one when there is none."""
    version = values.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, new_version(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def moment_of(value):
    """A declared moment as an aware datetime; a date counts from the start of the next
    day (local time), when "its end date has passed" becomes true."""
    if isinstance(value, datetime.datetime):
        return value
    start = datetime.datetime.combine(value + datetime.timedelta(days=1), datetime.time())
    return timezone.make_aware(start)


def next_scheduled_moment(now=None):
    """The first moment after ``now`` at which the public pages change without a save
    (the ``moments`` of the content declarations), or None. One query per model that
    declares moments."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    moments = []
    for options in content_options():
        if not options.moments:
            continue
        aggregates = {}
        for name in options.moments:
            field = options.model._meta.get_field(name)
            if isinstance(field, models.DateTimeField):
                upcoming = Q(**{f"{name}__gt": now})
            else:  # a date's moment is the next day's start
                upcoming = Q(**{f"{name}__gte": today})
            aggregates[name] = Min(name, filter=upcoming)
        found = options.model._base_manager.aggregate(**aggregates)
        moments.extend(moment_of(value) for value in found.values() if value is not None)
    return min(moments, default=None)


def scheduled_version(values, now=None):
    """(content version, next scheduled moment) for a request, from a get_many() result.

    The moment is computed once per content version (a save may add or move one). Once it
    has passed, the version is replaced: every page rendered before it is stale.
    """
    now = now or timezone.now()
    version = current_version(values)
    schedule = values.get(SCHEDULE_KEY)
    if schedule is not None and schedule["version"] == version:
        if schedule["at"] is None or schedule["at"] > now:
            return version, schedule["at"]
        bump_content_version(not_before=schedule["at"])
        version = cache.get(VERSION_KEY)
    moment = next_scheduled_moment(now)
    cache.set(SCHEDULE_KEY, {"version": version, "at": moment}, timeout=None)
    return version, moment


def entry_timeout(moment, maximum, now=None):
    """Seconds a page may stay in the cache: at most ``maximum``, never past ``moment``."""
    if moment is None:
        return maximum
    left = (moment - (now or timezone.now())).total_seconds()
    return max(1, min(maximum, int(left) + 1))


def is_storable(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Set-Cookie")
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def finish(request, response, etag, last_modified, shared):
    """Validators, cache headers and the 304 answer to a conditional request."""
    if etag:
        response.headers["ETag"] = etag
    if last_modified:
        response.headers["Last-Modified"] = http_date(last_modified)
    if shared:
        # Browsers and proxies may keep the page but must ask whether it is still current.
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    else:
        patch_cache_control(response, private=True, no_cache=True)
    return get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )


def content_etag(content):
    return quote_etag(hashlib.md5(content, usedforsecurity=False).hexdigest())


def cache_public_page(view=None, *, max_seconds=None):
    """Decorator for the views of public pages (see the module docstring); ``max_seconds``
    shortens how long a page may be stored (default ``PAGE_CACHE_SECONDS``)."""
    if view is None:
        return lambda view: cache_public_page(view, max_seconds=max_seconds)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)

        if request.COOKIES.get(settings.SESSION_COOKIE_NAME) and request.user.is_authenticated:
            response = render(view(request, *args, **kwargs))
            if response.status_code != 200 or response.streaming:
                return response
            return finish(request, response, content_etag(response.content), None, False)

        key = page_key(request) if settings.PAGE_CACHE_ENABLED else None
        version = moment = None
        if key is not None:
            retry_pending_bump()
            try:
                values = cache.get_many([VERSION_KEY, SCHEDULE_KEY, key])
                version, moment = scheduled_version(values)
            except Exception:
                # The site stays up without its cache, only slower (/healthz reports it).
                logger.warning("Page cache unavailable; rendering %s", request.path, exc_info=True)
                key = None
            else:
                entry = values.get(key)
                if entry is not None and entry["version"] == version:
                    response = HttpResponse(entry["content"], content_type=entry["content_type"])
                    return finish(request, response, entry["etag"], entry["last_modified"], True)

        response = render(view(request, *args, **kwargs))
        if response.status_code != 200 or response.streaming:
            return response
        shared = is_storable(response)
        etag = content_etag(response.content)
        last_modified = version_time(version)
        if key is not None and shared:
            entry = {
                "version": version,
                "etag": etag,
                "last_modified": last_modified,
                "content": response.content,
                "content_type": response["Content-Type"],
            }
            timeout = entry_timeout(moment, max_seconds or settings.PAGE_CACHE_SECONDS)
            if getattr(request, "page_cache_key", None) == key:
                # CachedPageMiddleware stores it, with the headers the stack adds.
                response.page_cache_entry = (entry, timeout)
            else:
                store(request, key, entry, timeout)
        return finish(request, response, etag, last_modified, shared)

    return wrapper


def store(request, key, entry, timeout):
    try:
        cache.set(key, entry, timeout)
    except Exception:
        logger.warning("Could not store %s in the page cache", request.path, exc_info=True)


def render(response):
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    return response


# Headers a cached answer does not replay: made per response, or by the middleware above
# CachedPageMiddleware (SecurityMiddleware adds its own to every answer).
NOT_REPLAYED = {"set-cookie", "date", "content-length", "strict-transport-security"}


class CachedPageMiddleware:
    """Answers a cached public page at the top of the middleware stack.

    Right after SecurityMiddleware and WhiteNoise (SecurityMiddleware still redirects to
    HTTPS and adds HSTS and its other headers to the answer): one cache round trip (content
    version, schedule and
    page in one ``get_many``), no sessions, locale, CSRF, lock-out or history middleware.
    The page is stored by ``cache_public_page`` as before, here with the headers the rest
    of the stack added to it (Content-Security-Policy, Permissions-Policy,
    Content-Language, Vary, X-Frame-Options, ...), which a hit replays.

    A request takes this path only when nothing about it can change the answer: GET or
    HEAD, a language-prefixed address without a query string, an allowed host, and no
    session or messages cookie (someone logged in, or who may be, always passes the whole
    stack, where ``cache_public_page`` decides). Anything else, a miss, a stale version,
    a passed scheduled moment or a cache that does not answer, goes down the stack
    unchanged.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}
        self.skip_cookies = (settings.SESSION_COOKIE_NAME, "messages")

    def __call__(self, request):
        key = self.key(request) if settings.PAGE_CACHE_ENABLED else None
        if key is None:
            return self.get_response(request)
        local_version = read_local_version()
        now = timezone.now()
        if local_version is not None and not _pending_bump:
            entry = local_pages.get(key, local_version, now)
            if entry is not None:
                return self.answer(request, entry)
        entry = self.cached(request, key, now)
        if entry is not None:
            if local_version is not None:
                self.keep(key, entry, local_version, entry["not_after"])
            return self.answer(request, entry)
        request.page_cache_key = key
        response = self.get_response(request)
        stored = getattr(response, "page_cache_entry", None)
        if stored is not None and response.status_code == 200:
            entry, timeout = stored
            if not any(
                "'nonce-" in response.get(name, "")
                for name in ("Content-Security-Policy", "Content-Security-Policy-Report-Only")
            ):
                entry["headers"] = [
                    (name, value)
                    for name, value in response.headers.items()
                    if name.lower() not in NOT_REPLAYED
                ]
                entry["not_after"] = now + datetime.timedelta(seconds=timeout)
                if local_version is not None:
                    self.keep(key, entry, local_version, entry["not_after"])
            store(request, key, entry, timeout)
        return response

    @staticmethod
    def keep(key, entry, local_version, not_after):
        local_pages.put(key, {**entry, "local_version": local_version, "not_after": not_after})

    def key(self, request):
        if request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING"):
            return None
        cookies = request.COOKIES
        if any(name in cookies for name in self.skip_cookies):
            return None
        language = request.path_info.split("/", 2)[1]
        if language not in self.languages:
            return None
        try:
            request.get_host()
        except DisallowedHost:
            return None
        digest = hashlib.md5(request.path.encode(), usedforsecurity=False).hexdigest()
        return f"{PAGE_KEY_PREFIX}:{language}:{digest}"

    def cached(self, request, key, now):
        """The page's entry in the shared cache when it is current, else None."""
        if _pending_bump:
            return None
        try:
            values = cache.get_many([VERSION_KEY, SCHEDULE_KEY, key])
        except Exception:
            return None  # the view logs it, and renders
        entry = values.get(key)
        if entry is None or "headers" not in entry:
            return None
        version = values.get(VERSION_KEY)
        schedule = values.get(SCHEDULE_KEY)
        if (
            version is None
            or entry["version"] != version
            or schedule is None
            or schedule["version"] != version
            or (schedule["at"] is not None and schedule["at"] <= now)
            or entry["not_after"] <= now
        ):
            return None
        return entry

    @staticmethod
    def answer(request, entry):
        response = HttpResponse(entry["content"])
        for name, value in entry["headers"]:
            response.headers[name] = value
        conditional = get_conditional_response(
            request, etag=entry["etag"], last_modified=entry["last_modified"], response=response
        )
        if conditional is not response:
            for name, value in entry["headers"]:
                if name.lower() not in ("content-type", "content-language"):
                    conditional.headers.setdefault(name, value)
        return conditional
