"""The share-link page: one object's draft, without an account."""

import re
from html import unescape

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import preview, sharing
from .preview import Preview, PreviewablePage

# A link of the page (links are never nested): its attributes and its content.
LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S)
SITE_PATH = re.compile(r'\bhref="(/[^"#?]*)[^"]*"')


@never_cache
@require_safe
def shared_preview(request, token):
    link = sharing.link_for(token)
    obj = link.content_object if link is not None else None
    if link is None or obj is None or not link.is_active():
        # Expired, revoked, forged or of deleted content: the same answer for each, in the
        # link's language (Dutch for a forged one), whatever the browser prefers.
        with translation.override(link.language if link is not None else settings.LANGUAGE_CODE):
            response = render(request, "editorial/share_unavailable.html", status=410)
        return preview.never_cached_preview(response)
    sharing.remember(request, link)
    # Only the chosen language: the switcher offers no other page.
    response = preview.render(request, obj, Preview(language=link.language, share=link))
    with translation.override(link.language):
        return without_missing_pages(request, response)


def without_missing_pages(request, response):
    """The shared page with only the links that work for its reader, who has no account:
    a link to the page of content the public does not see yet (the draft's place, where
    nothing is published, or a partner of the draft only) becomes its text."""
    found = {}

    def link_or_text(match):
        target = SITE_PATH.search(match.group(1))
        if target is None:
            return match.group(0)
        path = unescape(target.group(1))
        if path not in found:
            found[path] = opens_for_the_public(request, path)
        return match.group(0) if found[path] else match.group(2)

    response.content = LINK.sub(link_or_text, response.content.decode(response.charset))
    return response


def opens_for_the_public(request, path):
    """Whether ``path`` (in the active language) is not the page of content the public
    may not see: one object's page (a ``PreviewablePage``) is asked to find its object as
    for a visitor (the one publication rule); other addresses are left as they are."""
    try:
        match = resolve(path)
    except Resolver404:
        return True  # not the site's own page (media served in front of it)
    view_class = getattr(match.func, "view_class", None)
    if not (isinstance(view_class, type) and issubclass(view_class, PreviewablePage)):
        return True
    view = view_class()
    view.setup(request, *match.args, **match.kwargs)
    try:
        view.find_object()
    except Http404:
        return False
    return True
