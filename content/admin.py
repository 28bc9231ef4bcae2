"""Admin building blocks shared by the content admins: image thumbnails, help texts shown
as written, the Dutch of the admin's own messages, and form media that carries the
request's Content-Security-Policy nonce.

django-prose-editor renders an inline ``<script type="importmap">`` through its form
media (django-js-asset). The admin renders ``{{ media }}`` itself, so the change form's
media is given the request's CSP nonce here; django-csp then adds the same nonce to the
header. Every other admin script is an external file from 'self'.
"""

from django.contrib import admin
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
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


class FilteredChoices(FilteredSelectMultiple):
    """The admin's searchable two-box picker for a multiple choice that is not a
    many-to-many relation (a place's country codes). Django's script puts the picker first
    in the select's parent, which for a plain field would push the label after it: the
    wrapper gives the picker a parent of its own, as the admin's related fields have."""

    def render(self, name, value, attrs=None, renderer=None):
        return format_html(
            '<div class="filtered-choices">{}</div>', super().render(name, value, attrs, renderer)
        )


class PlainHelpTextMixin:
    """Help texts are shown as written: Django's admin renders them as HTML, which would
    swallow an example such as ``De situatie in <land>``. Our help texts hold no markup."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and formfield.help_text:
            formfield.help_text = escape(formfield.help_text)
        return formfield


# The admin's messages put Dutch's article "de" before every model name ("De land …").
# Dutch needs "het" for some, so this site's catalogue words them without an article
# (locale/nl: "Toegevoegd: land “Kosovo”."). Listed here so `make messages` keeps them.
ADMIN_MESSAGES = (
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
)


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
