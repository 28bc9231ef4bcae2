"""Admin building blocks shared by the content admins: image thumbnails, and form media
that carries the request's Content-Security-Policy nonce.

django-prose-editor renders an inline ``<script type="importmap">`` through its form
media (django-js-asset). The admin renders ``{{ media }}`` itself, so the change form's
media is given the request's CSP nonce here; django-csp then adds the same nonce to the
header. Every other admin script is an external file from 'self'.
"""

from django.contrib import admin
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from js_asset import Media


def thumbnail(image_field_name, description=None):
    """A list/readonly column showing a small version of an image field."""

    @admin.display(description=description or _("photo"))
    def column(self, obj):
        image = getattr(obj, image_field_name)
        if not image:
            return "—"
        return format_html(
            '<img src="{}" alt="" style="max-height:48px;max-width:96px;object-fit:cover">',
            image.url,
        )

    return column


def moment_label(moment):
    """A moment as the admin shows it: local time, in the admin's date format."""
    return date_format(localtime(moment), "DATETIME_FORMAT")


def with_csp_nonce(request, context):
    media = context.get("media")
    nonce = getattr(request, "csp_nonce", None)
    if media is not None and nonce is not None:
        context["media"] = Media.from_media(media, nonce=nonce)
    return context


class NonceMediaAdmin:
    """Admin mixin: the change form's (and the history form's) media carry the nonce."""

    def render_change_form(self, request, context, *args, **kwargs):
        return super().render_change_form(
            request, with_csp_nonce(request, context), *args, **kwargs
        )

    def render_history_view(self, request, template, context, **kwargs):
        return super().render_history_view(
            request, template, with_csp_nonce(request, context), **kwargs
        )
