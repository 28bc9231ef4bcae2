"""Admin building blocks shared by the content apps."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _


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
