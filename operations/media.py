"""The one place where uploaded media is served: private until its content is published.

Every request for ``MEDIA_URL`` comes here (the reverse proxy forwards ``/media/``, see
docs/operations.md, Production). A file is public while an object that owns it is published:

- *who owns a file* comes from the content declarations: every file field (photos, logos,
  reports, and those of content models added later) of every model registered with
  ``content.registry.register_content``; a rendition is owned by the owners of the upload
  it was made from (``content.renditions.source_name``);
- *published* is the model's publication rule (``content.registry.published_queryset``:
  ``objects.published()``, or the partners' rule in ``projects.public``).

A file of unpublished content (a draft project's photo, its workshops' reports, the logo
of a partner that appears only in drafts), a file no content owns any more, and a file
that does not exist all get the same 404, so nothing tells the public a draft exists.
``may_see`` decides who may see unpublished files anyway: staff who may view that kind
of content in the admin, and whatever the ``MEDIA_ACCESS_RULES`` setting adds (the editorial
workflow's preview and share links).

The answer for public files is cached under the page cache's rules (any change of content
makes it stale at once, for every process: ``website.freshness``), so serving a published
photo costs one cache read.
With ``MEDIA_X_ACCEL_PREFIX`` set, the site only decides and the proxy sends the file
(nginx ``X-Accel-Redirect`` to an ``internal`` location); otherwise Django sends it.
"""

import datetime
import hashlib
import logging
import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.urls import re_path
from django.utils import timezone
from django.utils.module_loading import import_string

from content.registry import content_options, published_queryset
from content.renditions import source_name
from content.storage import PRIVATE_FOLDER
from operations import security
from website import dependencies, front_cache, page_cache

logger = logging.getLogger(__name__)

PUBLIC, PRIVATE = "public", "private"
CACHE_PREFIX = "vwn:media"
# A published upload may be replaced or unpublished: browsers keep it five minutes, not
# forever (a front cache keeps it until a change bans it: website.front_cache).
PUBLIC_CACHE_CONTROL = "public, max-age=300"
# What staff (or a share link) see of a draft is never stored by a browser or proxy.
PRIVATE_CACHE_CONTROL = "private, no-store"


def stored_name(path):
    """The name under MEDIA_ROOT for a URL path, or None when it could leave the folder."""
    if "\x00" in path or "\\" in path:
        return None
    name = posixpath.normpath(path)
    if name.startswith(("/", "..")) or name in (".", "") or "/../" in f"/{name}/":
        return None
    return name


def owners(name):
    """The content objects whose file fields hold ``name`` (or, for a rendition, the upload
    it was made from): one query per content model with file fields."""
    upload = source_name(name) or name
    found = []
    for options in content_options():
        if not options.file_fields:
            continue
        query = Q()
        for field in options.file_fields:
            query |= Q(**{field: upload})
        found += options.model._base_manager.filter(query)
    return found


def is_published(obj):
    public = published_queryset(type(obj))
    return public is not None and public.filter(pk=obj.pk).exists()


def publication(name):
    """PUBLIC when a published object owns ``name``, else PRIVATE (unpublished or no owner)."""
    return PUBLIC if any(is_published(obj) for obj in owners(name)) else PRIVATE


def cached_publication(name):
    """``publication(name)``, cached while nothing has changed since (the page cache's
    rules: ``website.freshness``) and never past the next scheduled moment; the database
    decides alone while the cache is down. Only PUBLIC answers are stored: a request for
    a random name (or a draft's file) costs no cache entry."""
    return publication_entry(name)["answer"]


def publication_entry(name):
    """{"answer", and for a PUBLIC one that can be kept: "items", "not_after"}."""
    state = page_cache.knowledge.current()
    if state is None:
        return {"answer": publication(name)}
    digest = hashlib.md5(name.encode(), usedforsecurity=False).hexdigest()
    key = f"{CACHE_PREFIX}:{digest}"
    now = timezone.now()
    entry = page_cache.shared_get(key)
    if entry is not None and state.serves(entry, now):
        return entry
    with dependencies.recording() as read:
        answer = publication(name)
    if answer != PUBLIC:
        return {"answer": answer}
    timeout = page_cache.entry_timeout(state.moment, settings.PAGE_CACHE_SECONDS, now)
    entry = {
        "stamp": state.stamp(),
        "items": read.keys(),
        "not_after": now + datetime.timedelta(seconds=timeout),
        "answer": answer,
    }
    try:
        cache.set(key, entry, timeout)
    except Exception:
        logger.warning("Could not cache the publication of %s", name, exc_info=True)
    return entry


def staff_may_view(request, owner):
    """Staff who may view this kind of content in the admin (editors, translators,
    superusers); a file no content owns (owner None) only to staff."""
    user = getattr(request, "user", None)
    if user is None or not (user.is_active and user.is_staff):
        return False
    if owner is None:
        return True
    opts = owner._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


def access_rules():
    """The rules of the MEDIA_ACCESS_RULES setting (dotted paths). Each is called as
    rule(request, owner) for an unpublished file's owner (None for a file no content owns)
    and returns True to let the request see it: staff here, the editorial workflow's
    preview and share links (``editorial.access.may_see_unpublished``)."""
    return [import_string(path) for path in settings.MEDIA_ACCESS_RULES]


def may_see(request, owner):
    """May this request see the files of ``owner``, content the public may not see?"""
    return any(rule(request, owner) for rule in access_rules())


def may_see_any(request, name):
    found = owners(name)
    return any(may_see(request, owner) for owner in (found or [None]))


def malformed(path):
    """A path no stored file can have: control characters (NUL, CR, LF, DEL, ...), which
    file names never contain (``content.storage`` keeps them to lower-case ASCII)."""
    return any(ord(c) < 32 or ord(c) == 127 for c in path)


def serve_media(request, path):
    if malformed(path):
        # As the pages answer a NUL byte (operations.security): a plain 400, no lookup.
        return HttpResponseBadRequest("Bad request.", content_type="text/plain")
    name = stored_name(path)
    if name is None or name.split("/", 1)[0] == PRIVATE_FOLDER:
        # Private files (consent forms) are never served here, not even to staff.
        raise Http404("No such file.")
    decided = publication_entry(name)
    if decided["answer"] == PUBLIC:
        cache_control = PUBLIC_CACHE_CONTROL
    elif may_see_any(request, name):
        cache_control = PRIVATE_CACHE_CONTROL
    else:
        raise Http404("No such file.")
    prefix = settings.MEDIA_X_ACCEL_PREFIX
    if prefix:
        if not (Path(settings.MEDIA_ROOT) / name).is_file():
            raise Http404("No such file.")
        # The proxy sends the file, with the headers set here (media_headers adds the rest).
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(name)
    else:
        # nosniff, a sandboxing CSP and PDFs as downloads: operations.security.media_headers.
        response = security.serve_media(request, name)
    response.headers["Cache-Control"] = cache_control
    if "not_after" in decided and front_cache.enabled():
        # A front cache keeps it until a change bans it (an unpublish, a replaced photo).
        page_cache.front_cache_headers(response.headers, decided)
        response.headers["Cache-Control"] = response["Cache-Control"].replace(
            "max-age=0, must-revalidate", PUBLIC_CACHE_CONTROL.split(", ", 1)[1]
        )
    return response


def media_urlpatterns():
    prefix = settings.MEDIA_URL.lstrip("/")
    # Any character, newlines too, so a malformed path reaches serve_media's 400.
    return [re_path(rf"^{prefix}(?P<path>(?s:.*))\Z", serve_media, name="media")]
