"""A shared cache in front of the site (Varnish, a CDN): what it may keep, and purging it.

Public pages (and the answers for public files) carry ``s-maxage``: a front cache may keep
them until the next scheduled moment at the latest (``website.page_cache``), while browsers
must ask again (``max-age=0``). Each such answer names what it was rendered from in the
``X-Page-Items`` header (the items of ``website.dependencies``; a page that shows very
many objects names their kinds instead), and every change bans the answers that name one
of its items: exactly the pages and files it touched, nothing else. 404s and what
logged-in visitors, previews and share links see are never kept (``no-cache``/``private``).

The bans are sent by the processes that read the content clock (``website.freshness``),
not by the one that saved: a change made by ``manage.py shell`` or an import is purged
too, and a saving process that dies after its commit loses no purge. One worker of all
machines sends each change's bans (claimed in the shared cache; without it each worker
sends them, which is only more of the same), at once and again once every worker has
learnt of the change (a front cache may have fetched the page again from a worker that
had not yet): after two poll intervals, and at the staleness bound.

``FRONT_CACHE_URLS`` lists the front caches to ban in (``http://127.0.0.1:6081``, comma
separated); ``FRONT_CACHE_BACKEND`` chooses how (``website.front_cache.VarnishBan``: an
HTTP ``BAN`` request with the ban expression in ``X-Ban-Expression``, which
``deploy/varnish.vcl`` turns into a ban). Empty: no front cache, nothing is sent.
"""

import http.client
import logging
import threading
from functools import cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache as shared_cache
from django.utils.module_loading import import_string

from .freshness import EVERYTHING, TAKEDOWN

logger = logging.getLogger(__name__)

HEADER = "X-Page-Items"
# A header longer than this names kinds of objects instead of objects (Varnish keeps
# headers up to 8 KB by default).
MAX_HEADER = 4000


def header_for(items):
    """The X-Page-Items value of an answer rendered from ``items`` (None: everything)."""
    if items is None:
        return EVERYTHING
    value = " ".join(sorted(items))
    if len(value) <= MAX_HEADER:
        return value
    # Every change of a kind of object changes its "~" item: the kinds are enough.
    kinds = {item.split(":", 1)[0].rstrip("~") for item in items}
    return " ".join(sorted(f"{kind}~" for kind in kinds))


def literal(text):
    """``text`` as a regular expression that matches it alone, without backslashes."""
    return "".join(c if c.isalnum() or c in ":_-" else f"[{c}]" for c in text)


def ban_expression(items):
    """A Varnish ban matching every answer that names one of ``items``."""
    if EVERYTHING in items:
        return f"obj.http.{HEADER} ~ ."
    names = "|".join(literal(item) for item in sorted(items | {EVERYTHING}))
    # No spaces (they would end the expression) nor backslashes (escapes) in the pattern.
    return f"obj.http.{HEADER} ~ (^|[[:space:]])({names})([[:space:]]|$)"


class VarnishBan:
    """Sends ``BAN /`` with the expression in ``X-Ban-Expression`` to each front cache."""

    def __init__(self, urls, timeout=1.0):
        self.urls = urls
        self.timeout = timeout

    def purge(self, items):
        expression = ban_expression(items)
        ok = True
        for url in self.urls:
            parts = urlsplit(url)
            connection = http.client.HTTPConnection(
                parts.hostname, parts.port or 80, timeout=self.timeout
            )
            try:
                connection.request("BAN", "/", headers={"X-Ban-Expression": expression})
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    raise OSError(f"{url} answered {response.status} to BAN")
            except (OSError, http.client.HTTPException):
                ok = False
                logger.warning("Could not ban in the front cache %s", url, exc_info=True)
            finally:
                connection.close()
        return ok


@cache
def backend():
    urls = [url for url in settings.FRONT_CACHE_URLS if url]
    if not urls:
        return None
    return import_string(settings.FRONT_CACHE_BACKEND)(urls)


def enabled():
    return backend() is not None


def purge_changes(state, previous):
    """Ban what the changes after ``previous`` (a number) touched: called by the content
    clock's reader with its new state (``Knowledge.listeners``)."""
    front = backend()
    if front is None or previous is None:
        return
    numbers, items = state.recent
    if numbers and previous >= state.floor:
        changed = {
            item
            for number, item in zip(numbers, items, strict=True)
            if number > previous and item != TAKEDOWN
        }
    else:
        changed = {EVERYTHING}
    if not changed:
        return
    ban_once(front, changed, f"{state.epoch}:{state.number}")
    # A front cache that fetched a page again at once may have got it from a worker that
    # had not learnt of the change yet. Workers poll the clock every
    # PAGE_CACHE_POLL_SECONDS, so the same ban again once they all have (the usual case,
    # well within a second), and once more at the bound after which a worker that missed
    # its polls serves nothing cached.
    for wave, delay in enumerate(after_the_change(), start=1):
        again = threading.Timer(
            delay, ban_once, (front, changed, f"{state.epoch}:{state.number}:again{wave}")
        )
        again.daemon = True
        again.start()


def after_the_change():
    """Seconds after the first ban at which the same ban is sent again."""
    poll = settings.PAGE_CACHE_POLL_SECONDS
    return sorted({2 * poll + 0.05, settings.PAGE_CACHE_STALENESS + poll})


def ban_once(front, changed, name):
    try:
        claimed = shared_cache.add(f"vwn:front-ban:{name}", 1, 3600)
    except Exception:
        claimed = True  # no shared cache to agree in: ban anyway, twice is harmless
    if claimed:
        front.purge(changed)
