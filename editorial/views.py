"""The share-link page: one object's draft, without an account."""

from django.conf import settings
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import preview, sharing
from .preview import Preview


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
    return preview.render(request, obj, Preview(language=link.language, share=link))
