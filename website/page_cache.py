"""Whole-page caching of the public pages, per language, fresh the moment content changes.

What is public now is the database's to say (``website.freshness``): every save, delete
or many-to-many change of content writes a change, with the items it touched, in its own
transaction, and each process knows the changes at most ``PAGE_CACHE_STALENESS`` (1 s)
old. A rendered page is stored with the change number known when its rendering began
(its *stamp*) in this process's memory (``LocalPages``) and in the shared cache (Redis in
production), and served from either only while no change since touches what it was
rendered from. So any number of processes and machines serve the same, fresh pages, and
a cache that is down, restarted or emptied costs speed, never freshness.

Pages are cached only for anonymous visitors. Someone logged in (an editor checking
their change) always gets a freshly rendered page, which is never stored, so nothing an
editor may see reaches the public from the cache.

Content can also change without a save: a project with a publish-from or publish-until
moment appears or disappears when it comes, a call to action ends at five o'clock, a
project whose end date has passed moves to the completed projects. Their models declare
those fields as ``moments`` (``content.registry``); no page is stored or served past the
next such moment (``freshness.next_scheduled_moment``), and no periodic job is needed.

Every public response carries an ETag and Last-Modified; a conditional request for an
unchanged page gets 304 Not Modified without rendering it.
"""

import contextlib
import contextvars
import datetime
import hashlib
import io
import logging
import os
import queue
import sys
import threading
import time
from collections import OrderedDict
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.db.backends.signals import connection_created
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.http import HttpResponse, QueryDict
from django.template import loader
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language
from redis.exceptions import RedisError

from content.registry import options_for

from . import dependencies, freshness, front_cache
from .freshness import knowledge, moment_of, next_scheduled_moment  # noqa: F401 (API)

logger = logging.getLogger(__name__)

# What a cache server that is down or unreachable raises (redis-py and the socket).
CACHE_ERRORS = (RedisError, ConnectionError, TimeoutError)

PAGE_KEY_PREFIX = "vwn:page"
# Kept for callers that cache their own results per content version (projects.admin).
VERSION_KEY = "vwn:content-version"

# Campaign links carry these; no page reads them.
TRACKING_PARAMETERS = ("utm_", "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "_ga")
# What a page that iterates over the query string (or asks whether it has any) reads.
EVERY_PARAMETER = "*"


class RecordingQueryDict(QueryDict):
    """``request.GET`` while a cached view renders: remembers which parameters it read, so
    that a request whose parameters the page does not read is answered from the cache."""

    read = frozenset()

    @classmethod
    def of(cls, query):
        recording = query.copy()
        recording.__class__ = cls
        recording.read = set()
        recording._mutable = False
        return recording

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self.read.add(key)
        return super().__contains__(key)

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self.read.add(key)
        return super().getlist(key, default)


def _reads_everything(name):
    method = getattr(QueryDict, name)

    def call(self, *args, **kwargs):
        self.read.add(EVERY_PARAMETER)
        return method(self, *args, **kwargs)

    call.__name__ = name
    return call


for _name in ("__iter__", "__len__", "keys", "items", "values", "lists", "dict", "urlencode"):
    setattr(RecordingQueryDict, _name, _reads_everything(_name))


def query_parameters(request):
    """The names in the request's query string, campaign parameters left out."""
    return {name for name in request.GET if not name.startswith(TRACKING_PARAMETERS)}


def serves_parameters(entry, parameters):
    """May ``entry``, rendered without a query string, answer a request with ``parameters``?
    Yes when the page read none of them while it was rendered."""
    if not parameters:
        return True
    reads = entry.get("reads", (EVERY_PARAMETER,))
    return EVERY_PARAMETER not in reads and not parameters.intersection(reads)


def bump_content_version(not_before=None):
    """Make every cached page stale: a change of everything, written in the current
    transaction. Call it after changing content without signals (``QuerySet.update()``,
    raw SQL)."""
    return freshness.record_change()


def bump_content_version_after_commit():
    """gunicorn's at start-up: a new release may render pages differently."""
    return freshness.record_change()


def current_version(values=None):
    """The content version now (``epoch:number`` of the database's clock), for results
    cached per version (``values`` is not read: kept for older callers)."""
    epoch, number = freshness.read_clock()
    return f"{epoch}:{number}"


# Set in the warm-up's thread: what it renders and stores is not a visitor's reading.
_warming = threading.local()


def note_use(used, key):
    if not getattr(_warming, "active", False):
        used[key] = time.monotonic()


class LocalPages:
    """Pages this process has answered, kept in its memory: an answer without a round trip.

    An entry is served only while the process's knowledge of the changes (at most
    ``PAGE_CACHE_STALENESS`` old) says nothing it was rendered from has changed, exactly
    as an entry of the shared cache. Least recently used pages go first beyond
    ``PAGE_CACHE_LOCAL_BYTES``.
    """

    def __init__(self):
        self.entries = OrderedDict()
        self.size = 0
        # {key: time.monotonic() when this process last answered or stored the page for a
        # visitor}: what the warm-up renders ahead after a change (pages being read now).
        self.used = {}
        # The warm-up thread stores pages too.
        self.lock = threading.RLock()

    def get(self, key, state, now):
        with self.lock:
            return self._get(key, state, now)

    def get_stale(self, key, state, now):
        """The entry of ``key`` that is no longer current but may be served while it is
        rendered again (``State.may_revalidate``), or None."""
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None and state.may_revalidate(entry, now):
                return entry
            return None

    def _get(self, key, state, now):
        entry = self.entries.get(key)
        if entry is None:
            return None
        if not state.serves(entry, now):
            if not state.may_revalidate(entry, now):
                self.discard(key)
            return None
        entry["checked"] = (state.epoch, state.number)
        self.entries.move_to_end(key)
        note_use(self.used, key)
        return entry

    def recently_used(self, seconds, most):
        """The entries (at most ``most``, the last used last) answered or stored in the
        last ``seconds``."""
        since = time.monotonic() - seconds
        with self.lock:
            keys = [key for key in reversed(self.entries) if self.used.get(key, 0.0) >= since]
            return [self.entries[key] for key in reversed(keys[:most])]

    def put(self, key, entry):
        with self.lock:
            self._put(key, entry)

    def _put(self, key, entry):
        limit = settings.PAGE_CACHE_LOCAL_BYTES
        size = len(entry["content"])
        if size > limit // 4:
            return  # the 1 MB overviews of very large sites stay in the shared cache only
        used = self.used.get(key)
        self.discard(key)
        self.entries[key] = entry
        if used is not None:
            self.used[key] = used  # a page rendered again is as recently read as before
        note_use(self.used, key)
        self.size += size
        while self.size > limit:
            oldest_key, oldest = self.entries.popitem(last=False)
            self.used.pop(oldest_key, None)
            self.size -= len(oldest["content"])

    def discard(self, key):
        with self.lock:
            entry = self.entries.pop(key, None)
            self.used.pop(key, None)
            if entry is not None:
                self.size -= len(entry["content"])

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.used.clear()
            self.size = 0


local_pages = LocalPages()


def changes_public_pages(model):
    """True for a content model whose rows the public pages show (content.registry)."""
    options = options_for(model)
    return options is not None and options.public


def item_of(instance):
    """``app.model:pk``: the name of one content object in the change record."""
    return f"{instance._meta.label_lower}:{instance.pk}"


def content_saving(sender, instance, raw=False, using=None, **kwargs):
    """Receiver for pre_save: does this save change a list (``website.dependencies``)?"""
    if changes_public_pages(sender):
        if raw:
            instance._page_cache_change = (True, True)
        else:
            instance._page_cache_change = dependencies.change_kind(instance, using or "default")


def content_changed(sender, using=None, **kwargs):
    """Receiver for post_save, post_delete and m2m_changed of every model: writes the
    change, with the items it touches, in the transaction that makes it
    (``website.freshness``, ``website.dependencies``).

    m2m_changed's sender is the through model; the model whose relation changed is the
    instance's (a project's countries, or a country's projects).
    """
    instance = kwargs["instance"]
    action = kwargs.get("action")
    using = using or "default"
    if action is not None:
        if action.startswith("pre_") or not changes_public_pages(type(instance)):
            return
        related = kwargs.get("model")
        items = dependencies.changed_items(
            instance, pk_set=kwargs.get("pk_set"), related_model=related
        )
        if related is not None:
            label = related._meta.label_lower
            items.update((label, f"{label}~"))
        takedown = action != "post_add"  # a relation removed (or all of them) takes down
    elif not changes_public_pages(sender):
        return
    elif "created" not in kwargs:  # deleted
        items, takedown = dependencies.changed_items(instance), True
    else:
        listing, takedown = getattr(instance, "_page_cache_change", (True, True))
        if (
            kwargs["created"]
            and not kwargs.get("raw")
            and not dependencies.is_public(instance, using)
        ):
            # A new object the public may not see (a draft, a funder of no published
            # project) is in no public list yet; what it points at is still touched.
            listing = False
        items = dependencies.changed_items(instance, listing=listing)
    if takedown:
        items.add(freshness.TAKEDOWN)
    freshness.record_change(items, using=using)


def note_database_errors(sender, request=None, **kwargs):
    """Receiver for got_request_exception: was the request's error a lost database?"""
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, OperationalError | InterfaceError):
        request.database_unavailable = True


def connect_signals():
    # No sender: every model declared as content is covered without a list here.
    pre_save.connect(content_saving, dispatch_uid="page_cache_pre_save")
    post_save.connect(content_changed, dispatch_uid="page_cache_post_save")
    post_delete.connect(content_changed, dispatch_uid="page_cache_post_delete")
    m2m_changed.connect(content_changed, dispatch_uid="page_cache_m2m_changed")
    dependencies.connect()
    got_request_exception.connect(note_database_errors, dispatch_uid="page_cache_database")
    connection_created.connect(freshness.watch_queries, dispatch_uid="freshness_watch_queries")
    if warm_up.prepare not in knowledge.preparers:
        knowledge.preparers.append(warm_up.prepare)
    if front_cache.purge_changes not in knowledge.listeners:
        knowledge.listeners.append(front_cache.purge_changes)


def page_key(request):
    """The cache key of this request's page: language and path only.

    Every absolute URL on a page comes from SITE_URL, so the host and port the request
    was sent to (``Host: 127.0.0.1:9999``) make no page of their own; the query string
    makes none either: a page is stored only when rendered without one (campaign
    parameters aside), and answers a request with one only when it read none of its
    parameters (``serves_parameters``).
    """
    return key_for(get_language(), request.path)


def key_for(language, path):
    digest = hashlib.md5(path.encode(), usedforsecurity=False).hexdigest()
    return f"{PAGE_KEY_PREFIX}:{language}:{digest}"


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


def finish(request, response, etag, last_modified, shared, entry=None):
    """Validators, cache headers and the 304 answer to a conditional request. A stored
    page (``entry``) may be kept by a front cache until the entry ends (``front_cache``)."""
    if etag:
        response.headers["ETag"] = etag
    if last_modified:
        response.headers["Last-Modified"] = http_date(last_modified)
    if shared:
        # Browsers and proxies may keep the page but must ask whether it is still current.
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        if entry is not None and front_cache.enabled():
            front_cache_headers(response, entry)
    else:
        patch_cache_control(response, private=True, no_cache=True)
    return get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )


def front_cache_headers(headers, entry, now=None):
    """``s-maxage`` until the entry ends, and what it was rendered from (X-Page-Items)."""
    left = (entry["not_after"] - (now or timezone.now())).total_seconds()
    headers["Cache-Control"] = f"public, max-age=0, must-revalidate, s-maxage={max(0, int(left))}"
    headers[front_cache.HEADER] = front_cache.header_for(entry["items"])


def content_etag(content):
    return quote_etag(hashlib.md5(content, usedforsecurity=False).hexdigest())


def shared_get(key):
    """The shared cache's entry under ``key``, or None (also when the cache fails)."""
    try:
        return cache.get(key)
    except Exception:
        logger.warning("Page cache unavailable; rendering", exc_info=True)
        return None


def lookup(key, state, now):
    """The current entry of ``key``, from this process's memory or the shared cache."""
    entry = local_pages.get(key, state, now)
    if entry is not None:
        return entry
    entry = shared_get(key)
    if entry is None or not state.serves(entry, now):
        return None
    entry["checked"] = (state.epoch, state.number)
    local_pages.put(key, entry)
    return entry


def lookup_stale(key, state, now):
    """An entry of ``key`` that is stale by updates only (``State.may_revalidate``), from
    this process's memory (looked up in the shared cache by ``lookup`` just before)."""
    entry = local_pages.get_stale(key, state, now)
    if entry is not None and "headers" in entry:
        return entry
    return None


# The uploaded files a page being rendered could not read (see note_unreadable_file).
_unreadable_files = contextvars.ContextVar("unreadable_files", default=None)


def note_unreadable_file(name):
    """Called by the template helpers when an uploaded file of the page cannot be read (a
    machine without it on its disk): the page rendered without it is not what the other
    machines show, so it is served to this visitor only, never stored or shared."""
    found = _unreadable_files.get()
    if found is not None:
        found.append(name)


def request_state(request):
    """The knowledge a request was (or is) served under: taken once, at its start (a
    warm-up's render: the state it renders ahead for)."""
    state = getattr(request, "page_cache_state", False)
    if state is False:
        state = request.META.get(WarmUp.STATE) or knowledge.current()
        request.page_cache_state = state
    return state


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
        state = request_state(request) if key is not None else None
        parameters = query_parameters(request)
        now = timezone.now()
        if state is not None and getattr(request, "page_cache_key", None) != key:
            # (The middleware has looked already when it set page_cache_key.)
            entry = lookup(key, state, now)
            if entry is not None and serves_parameters(entry, parameters):
                response = HttpResponse(entry["content"], content_type=entry["content_type"])
                return finish(request, response, entry["etag"], entry["last_modified"], True, entry)

        request.GET = recording = RecordingQueryDict.of(request.GET)
        unreadable = _unreadable_files.set([])
        try:
            with dependencies.recording() as read:
                response = render(view(request, *args, **kwargs))
            missing = _unreadable_files.get()
        finally:
            _unreadable_files.reset(unreadable)
        if response.status_code != 200 or response.streaming:
            return response
        shared = is_storable(response)
        if missing:
            logger.warning("%s rendered without %s; not stored", request.path, ", ".join(missing))
            shared = False
        etag = content_etag(response.content)
        last_modified = state.last_modified() if state is not None else None
        if state is not None and shared and not parameters:
            timeout = entry_timeout(state.moment, max_seconds or settings.PAGE_CACHE_SECONDS, now)
            entry = {
                "stamp": state.stamp(),
                "items": read.keys(),
                "not_after": now + datetime.timedelta(seconds=timeout),
                "etag": etag,
                "last_modified": last_modified,
                "content": response.content,
                "content_type": response["Content-Type"],
                "reads": frozenset(recording.read),
                "address": request.path,
            }
            if getattr(request, "page_cache_key", None) == key:
                # CachedPageMiddleware stores it, with the headers the stack adds.
                response.page_cache_entry = (entry, timeout)
            else:
                store(request, key, entry, timeout)
            return finish(request, response, etag, last_modified, shared, entry)
        return finish(request, response, etag, last_modified, shared)

    return wrapper


def claim_render(key):
    """The lock of rendering ``key`` when this process may render it (its name), None when
    another process holds it; False when there is no shared cache to ask (render)."""
    lock = f"{key}:rendering"
    try:
        taken = cache.add(lock, 1, timeout=settings.PAGE_CACHE_RENDER_LOCK_SECONDS)
    except Exception:
        return False
    return lock if taken else None


def release_render(lock):
    with contextlib.suppress(Exception):  # it expires by itself
        cache.delete(lock)


def wait_for_render(key, state):
    """The entry another process is rendering, once stored and current; None when it
    takes longer than PAGE_CACHE_RENDER_WAIT_SECONDS (this request then renders)."""
    lock = f"{key}:rendering"
    deadline = time.monotonic() + settings.PAGE_CACHE_RENDER_WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(0.005)
        try:
            if cache.get(lock) is not None:
                continue
        except Exception:
            return None
        entry = shared_get(key)
        if entry is not None and "headers" in entry and state.serves(entry, timezone.now()):
            local_pages.put(key, entry)
            return entry
        return None
    return None


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
    HTTPS and adds HSTS and its other headers to the answer): this process's memory or
    one shared-cache read, checked against the process's knowledge of the changes; no
    sessions, locale, CSRF, lock-out or history middleware. The page is stored by
    ``cache_public_page`` as before, here with the headers the rest of the stack added to
    it (Content-Security-Policy, Permissions-Policy, Content-Language, Vary,
    X-Frame-Options, ...), which a hit replays.

    A request takes this path only when nothing about it can change the answer: GET or
    HEAD, a language-prefixed address whose query string (if any) has no parameter the
    page read when it was rendered (``?x=<random>`` gets the cached page), an allowed host, and no
    session or messages cookie (someone logged in, or who may be, always passes the whole
    stack, where ``cache_public_page`` decides). Anything else, a miss, a stale entry or
    knowledge older than ``PAGE_CACHE_STALENESS`` goes down the stack unchanged.

    While the database does not answer at all (a poll of the content clock has waited
    longer than the staleness bound), a request that would need it gets the 503 page at
    once instead of waiting with it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}
        self.skip_cookies = (settings.SESSION_COOKIE_NAME, "messages")
        # (Host, SERVER_NAME) pairs that passed ALLOWED_HOSTS (get_host) before.
        self.allowed = set()
        # {page key: time.monotonic() until which the page is answered as it was without
        # asking the shared cache}: another worker was rendering it again a moment ago.
        self.revalidating = {}

    # While another worker renders a page again after an update, how often a worker asks
    # the shared cache whether the new page is stored (else: the page as it was).
    REVALIDATE_CHECK_SECONDS = 0.02

    def __call__(self, request):
        key = self.key(request) if settings.PAGE_CACHE_ENABLED else None
        if key is None:
            return self.pass_on(request)
        now = timezone.now()
        state = request_state(request)
        if state is None:
            return self.pass_on(request)
        query = request.META.get("QUERY_STRING", "")
        if len(query) > 1024 or "%00" in query or "\x00" in query:
            return self.pass_on(request)  # for RejectMalformedRequestsMiddleware to judge
        parameters = query_parameters(request) if query else ()
        if time.monotonic() < self.revalidating.get(key, 0.0):
            # Another worker rendered this page again a moment ago and had not stored it:
            # the page as it was, without asking the shared cache on every request.
            entry = local_pages.get(key, state, now)
            if entry is not None and "headers" in entry and serves_parameters(entry, parameters):
                return self.answer(request, entry)
            entry = lookup_stale(key, state, now)
            if entry is not None and serves_parameters(entry, parameters):
                return self.answer(request, entry, stale=True)
        entry = lookup(key, state, now)
        if entry is not None and "headers" in entry and serves_parameters(entry, parameters):
            return self.answer(request, entry)
        if parameters:
            return self.pass_on(request)  # rendered, not stored: the view decides
        rendering = claim_render(key)
        if rendering is None:
            # Another worker (of any machine) renders this page now. After an update
            # that leaves the page public, the page as it was answers meanwhile (stale
            # while revalidate, within PAGE_CACHE_REVALIDATE_SECONDS); else wait for its
            # entry rather than render it too, many times over, after every change.
            entry = lookup_stale(key, state, now)
            if entry is not None:
                if len(self.revalidating) > 1000:
                    self.revalidating.clear()
                self.revalidating[key] = time.monotonic() + self.REVALIDATE_CHECK_SECONDS
                return self.answer(request, entry, stale=True)
            entry = wait_for_render(key, state)
            if entry is not None:
                return self.answer(request, entry)
        try:
            request.page_cache_key = key
            response = self.pass_on(request)
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
                    local_pages.put(key, entry)
                store(request, key, entry, timeout)
                response.headers["X-Page-Cache"] = "miss"
        finally:
            if rendering:
                release_render(rendering)
        return response

    def pass_on(self, request):
        if (
            settings.PAGE_CACHE_POLL_IN_THREAD
            and knowledge.database_hangs()
            and not request.path_info.startswith("/healthz")
        ):
            return database_unavailable(request)
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, "database_unavailable", False):
            # A lost database connection in a middleware (the session, the user), where
            # the view's handler (operations.errors) does not see it: the 503 page too.
            return database_unavailable(request)
        if response.status_code in (404, 410) and not response.has_header("Cache-Control"):
            # A page published later must not be held back by a shared cache's copy of
            # its 404 (a CDN's default lifetime for answers that say nothing).
            response["Cache-Control"] = "no-cache, max-age=0"
        return response

    def key(self, request):
        if request.method not in ("GET", "HEAD"):
            return None
        cookies = request.COOKIES
        if any(name in cookies for name in self.skip_cookies):
            return None
        language = request.path_info.split("/", 2)[1]
        if language not in self.languages:
            return None
        host = (request.META.get("HTTP_HOST"), request.META.get("SERVER_NAME"))
        if host not in self.allowed:
            try:
                request.get_host()
            except DisallowedHost:
                return None
            if len(self.allowed) < 100:  # the site's few names; never grown without bound
                self.allowed.add(host)
        return key_for(language, request.path)

    @staticmethod
    def answer(request, entry, stale=False):
        response = HttpResponse(entry["content"])
        # The headers as the rendered response held them (already checked and encoded
        # then): copied whole, not one by one through HttpResponse's checks.
        response.headers._store.update(replayed(entry))
        if stale:
            # Never kept by a front cache: it asks again, and gets the new page.
            response.headers["X-Page-Cache"] = "stale"
            response.headers["Cache-Control"] = "public, max-age=0, must-revalidate"
            response.headers.pop(front_cache.HEADER, None)
        elif front_cache.enabled():
            front_cache_headers(response.headers, entry)
        meta = request.META
        if "HTTP_IF_NONE_MATCH" not in meta and "HTTP_IF_MODIFIED_SINCE" not in meta:
            return response
        conditional = get_conditional_response(
            request, etag=entry["etag"], last_modified=entry["last_modified"], response=response
        )
        if conditional is not response:
            for name, value in entry["headers"]:
                if name.lower() not in ("content-type", "content-language"):
                    conditional.headers.setdefault(name, value)
        return conditional


def replayed(entry):
    """{lower-case name: (name, value)} of the headers a cached answer replays."""
    store = entry.get("replayed")
    if store is None:
        store = {name.lower(): (name, value) for name, value in entry["headers"]}
        store["x-page-cache"] = ("X-Page-Cache", "hit")
        entry["replayed"] = store
    return store


def database_unavailable(request):
    """The 503 page, rendered without the database (as operations.errors does for a lost
    connection): in the back office it says that a change was not saved."""
    if request.path_info.startswith("/admin/"):
        from django.contrib import admin

        context = {
            "site_header": admin.site.site_header,
            "site_title": admin.site.site_title,
            "saving": request.method == "POST",
        }
        body = loader.render_to_string("admin/503.html", context)
    else:
        body = loader.render_to_string("503.html")
    response = HttpResponse(body, status=503)
    response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response


class WarmUp:
    """Renders again, in a thread of its own, the pages this process answered lately that a
    change made stale, before the process serves under the new state
    (``Knowledge.preparers``): meanwhile visitors still get the pages as they were (at most
    PAGE_CACHE_RENDER_AHEAD_SECONDS longer, within the staleness bound), then the new
    ones, never a wait for a render. The render lock makes one worker of all machines
    render each page; the others find its entry in the shared cache. Only with the
    content clock read in a thread (``make serve``, production)."""

    STATE = "vwn.page_cache_state"  # the environ key of the state a render is made under

    def __init__(self):
        self.pending = queue.SimpleQueue()
        self.thread_pid = None

    def prepare(self, state, before, deadline):
        stale = self.stale_addresses(state, timezone.now())
        if not stale:
            return
        self.start()
        done = threading.Event()
        self.pending.put((stale, state, done, deadline))
        done.wait(max(0.0, deadline - time.monotonic()))

    @staticmethod
    def stale_addresses(state, now):
        """The addresses of the pages visitors of this process read now (answered in the
        last PAGE_CACHE_WARM_UP_WINDOW seconds, at most PAGE_CACHE_WARM_UP_PAGES) that
        ``state`` makes stale. A page nobody read lately is rendered by its next visitor:
        rendering every page a change touched after every save would take the machine's
        time from the visitors of the pages being read."""
        entries = local_pages.recently_used(
            settings.PAGE_CACHE_WARM_UP_WINDOW, settings.PAGE_CACHE_WARM_UP_PAGES
        )
        stale = [e["address"] for e in entries if "address" in e and not state.serves(e, now)]
        return list(dict.fromkeys(stale))

    def start(self):
        pid = os.getpid()
        if self.thread_pid != pid:
            self.thread_pid = pid
            threading.Thread(target=self.run, name="page-warm-up", daemon=True).start()

    def run(self):
        from django.core.handlers.wsgi import WSGIHandler

        handler = WSGIHandler()
        _warming.active = True
        while True:
            addresses, state, done, deadline = self.pending.get()
            try:
                for address in addresses:
                    if time.monotonic() > deadline:
                        break  # the rest is rendered by the visitors' requests
                    try:
                        self.render(handler, address, state)
                    except Exception:
                        logger.warning("Could not warm up %s", address, exc_info=True)
            finally:
                done.set()

    def render(self, handler, address, state):
        host = urlsplit(settings.SITE_URL).hostname or "localhost"
        if host not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
            host = next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h != "*"), host)
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": address,
            "SCRIPT_NAME": "",
            "QUERY_STRING": "",
            "SERVER_NAME": host,
            "SERVER_PORT": "443",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": host,
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": "https",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
            self.STATE: state,
        }
        with knowledge.rendering_under(state):
            response = handler(environ, lambda status, headers, exc_info=None: None)
            try:
                for _chunk in response:
                    pass
            finally:
                response.close()


warm_up = WarmUp()
