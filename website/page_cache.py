"""Whole-page caching of the public pages, per language, fresh the moment content changes.

Every rendered page is stored in the shared cache (Redis in production) together with the
*content version* it was rendered from. The content version is one cache key that any
save or delete of a content model (and any change of a many-to-many relation between
them) replaces with a new value, so every page rendered before the change stops being
served at once, in every process, without having to know which pages the change touched.

Pages are cached only for anonymous visitors. Someone logged in (an editor checking
their change) always gets a freshly rendered page, which is never stored, so nothing an
editor may see reaches the public from the cache.

Some content changes the pages without anyone saving: a call to action that ends at
five o'clock, a project whose end date has passed (it moves to the completed projects).
Their models declare those fields as ``moments`` (``content.registry``); a page is stored
together with the next such moment, and rendered afresh once it has passed.

Every public response carries an ETag and Last-Modified; a conditional request for an
unchanged page gets 304 Not Modified without rendering it.
"""

import datetime
import hashlib
import logging
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.db.models import Max, Min, Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language

from content.registry import content_options, options_for

logger = logging.getLogger(__name__)

VERSION_KEY = "vwn:content-version"
PAGE_KEY_PREFIX = "vwn:page"

# Campaign links carry these; they do not change the page, so they share its cache entry.
# Any other query parameter is not ours to interpret: such requests are not cached.
TRACKING_PARAMETERS = ("utm_", "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "_ga")


def new_version():
    """A new content version: the time of the change in nanoseconds, as hex."""
    return f"{time.time_ns():x}"


def version_time(version):
    """The time (seconds since the epoch) a content version was made."""
    try:
        return int(version, 16) // 1_000_000_000
    except (TypeError, ValueError):
        return None


def bump_content_version():
    """Make every cached page stale. Call it after changing content without signals
    (``QuerySet.update()``, raw SQL)."""
    cache.set(VERSION_KEY, new_version(), timeout=None)


def bump_content_version_after_commit():
    """The second bump of content_changed; the data is committed by then, so a cache
    failure is logged rather than turned into an error page for the editor."""
    try:
        bump_content_version()
    except Exception:
        logger.exception("Could not make the cached pages stale after a content change")


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
    When the cache is unreachable the first bump fails and so does the save: better no
    change than a change the public pages may never show.
    """
    action = kwargs.get("action")
    if action is not None:
        if action.startswith("pre_") or not changes_public_pages(type(kwargs["instance"])):
            return
    elif not changes_public_pages(sender):
        return
    bump_content_version()
    transaction.on_commit(bump_content_version_after_commit, using=using)


def connect_signals():
    # No sender: every model declared as content is covered without a list here.
    post_save.connect(content_changed, dispatch_uid="page_cache_post_save")
    post_delete.connect(content_changed, dispatch_uid="page_cache_post_delete")
    m2m_changed.connect(content_changed, dispatch_uid="page_cache_m2m_changed")


def page_key(request):
    """The cache key of this request's page, or None when the request must not be cached."""
    extra = [
        (name, value)
        for name, value in sorted(request.GET.items())
        if not name.startswith(TRACKING_PARAMETERS)
    ]
    if extra:
        return None
    url = f"{request.scheme}://{request.get_host()}{request.path}"
    digest = hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()
    return f"{PAGE_KEY_PREFIX}:{get_language()}:{digest}"


def current_version(values):
    """The content version from a get_many() result, creating one when there is none."""
    version = values.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, new_version(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


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


def _as_time(value):
    """A moment as seconds since the epoch; a date counts from the start of the next day
    (local time), when "its end date has passed" becomes true."""
    if isinstance(value, datetime.datetime):
        return value.timestamp()
    start = datetime.datetime.combine(value + datetime.timedelta(days=1), datetime.time())
    return timezone.make_aware(start).timestamp()


def content_moments(now=None):
    """(the last moment that has passed, the next one to come) of all declared ``moments``,
    in seconds since the epoch (None where there is none). One query per model."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    last, upcoming = None, None
    for options in content_options():
        if not options.moments:
            continue
        aggregates = {}
        for name in options.moments:
            field = options.model._meta.get_field(name)
            is_date = not isinstance(field, models.DateTimeField)
            # A date has "passed" once the day after it has begun.
            passed = Q(**{f"{name}__lt": today}) if is_date else Q(**{f"{name}__lte": now})
            aggregates[f"last_{name}"] = Max(name, filter=passed)
            aggregates[f"next_{name}"] = Min(name, filter=~passed & Q(**{f"{name}__isnull": False}))
        values = options.model._default_manager.aggregate(**aggregates)
        for key, value in values.items():
            if value is None:
                continue
            moment = _as_time(value)
            if key.startswith("last_"):
                last = moment if last is None else max(last, moment)
            else:
                upcoming = moment if upcoming is None else min(upcoming, moment)
    return last, upcoming


def content_etag(content):
    return quote_etag(hashlib.md5(content, usedforsecurity=False).hexdigest())


def cache_public_page(view):
    """Decorator for the views of public pages (see the module docstring)."""

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
        version = None
        if key is not None:
            try:
                values = cache.get_many([VERSION_KEY, key])
                version = current_version(values)
            except Exception:
                # The site stays up without its cache, only slower (/healthz reports it).
                logger.warning("Page cache unavailable; rendering %s", request.path, exc_info=True)
                key = None
            else:
                entry = values.get(key)
                if entry is not None and entry["version"] == version and is_fresh(entry):
                    response = HttpResponse(entry["content"], content_type=entry["content_type"])
                    return finish(request, response, entry["etag"], entry["last_modified"], True)

        response = render(view(request, *args, **kwargs))
        if response.status_code != 200 or response.streaming:
            return response
        shared = is_storable(response)
        etag = content_etag(response.content)
        last_modified = version_time(version)
        fresh_until = None
        if key is not None and shared:
            last_moment, fresh_until = content_moments()
            if last_moment is not None and last_modified is not None:
                last_modified = max(last_modified, int(last_moment))
        if key is not None and shared:
            entry = {
                "version": version,
                "etag": etag,
                "last_modified": last_modified,
                "fresh_until": fresh_until,
                "content": response.content,
                "content_type": response["Content-Type"],
            }
            try:
                cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
            except Exception:
                logger.warning("Could not store %s in the page cache", request.path, exc_info=True)
        return finish(request, response, etag, last_modified, shared)

    return wrapper


def is_fresh(entry):
    """False once a moment the page was rendered before has passed."""
    fresh_until = entry.get("fresh_until")
    return fresh_until is None or time.time() < fresh_until


def render(response):
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    return response
