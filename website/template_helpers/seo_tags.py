"""Template helpers for the page head (see website/seo.py)."""

from django.utils.html import format_html, mark_safe

from website.seo import json_ld_dumps


def json_ld(data):
    """A <script type="application/ld+json"> block; a data block, never executed, so a
    strict Content-Security-Policy does not need to allow it."""
    if not data:
        return ""
    return format_html(
        '<script type="application/ld+json">{}</script>', mark_safe(json_ld_dumps(data))
    )
