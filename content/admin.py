"""Admin building blocks shared by the content admins: image thumbnails, help texts shown
as written, the Dutch of the admin's own messages, and form media that carries the
request's Content-Security-Policy nonce.

django-prose-editor renders an inline ``<script type="importmap">`` through its form
media (django-js-asset). The admin renders ``{{ media }}`` itself, so the change form's
media is given the request's CSP nonce here; django-csp then adds the same nonce to the
header. Every other admin script is an external file from 'self'.
"""

import operator
from types import SimpleNamespace

from django import forms
from django.contrib import admin
from django.contrib.admin.filters import FieldListFilter, RelatedFieldListFilter
from django.contrib.admin.widgets import (
    AutocompleteSelect,
    AutocompleteSelectMultiple,
    FilteredSelectMultiple,
)
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from js_asset import Media
from modeltranslation.manager import rewrite_order_lookup_key

from .registry import options_for


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


def label_fields(model):
    """The fields ``model``'s name is made of, as its content declaration says, or ()."""
    options = options_for(model)
    return options.label_fields if options is not None else ()


class LabelledRelatedFilter(RelatedFieldListFilter):
    """Django's filter by a related object (a project's places, partners, funders), its
    choices loaded with only the columns their names are made of (``label_fields``). The
    filter lists every object of its kind, and building each one whole (a partner's home
    country, a place's country codes, every translation) was a fifth of the project list's
    time at 1,000 projects. Same choices, labels and order as Django's own."""

    @staticmethod
    def applies_to(field):
        return (
            field.is_relation
            and not field.auto_created
            and (field.many_to_many or field.many_to_one)
            and field.choices is None
            and bool(label_fields(field.related_model))
        )

    def field_choices(self, field, request, model_admin):
        # As Field.get_choices, with a narrower query.
        model = field.remote_field.model
        value = field.remote_field.get_related_field().attname
        ordering = self.field_admin_ordering(field, request, model_admin)
        queryset = model._default_manager.complex_filter(field.get_limit_choices_to())
        if ordering:
            queryset = queryset.order_by(*ordering)
        queryset = queryset.only(value, *label_fields(model))
        return [(operator.attrgetter(value)(obj), str(obj)) for obj in queryset]


# Before Django's own filter for relations, for every admin's list_filter of a field name.
FieldListFilter.register(
    LabelledRelatedFilter.applies_to, LabelledRelatedFilter, take_priority=True
)


class FilteredChoices(FilteredSelectMultiple):
    """The admin's searchable two-box picker for a multiple choice that is not a
    many-to-many relation (a place's country codes). Django's script puts the picker first
    in the select's parent, which for a plain field would push the label after it: the
    wrapper gives the picker a parent of its own, as the admin's related fields have."""

    def render(self, name, value, attrs=None, renderer=None):
        return format_html(
            '<div class="filtered-choices">{}</div>', super().render(name, value, attrs, renderer)
        )


class KnownOptionsMixin:
    """A search-as-you-type widget that labels its chosen options from the objects its form
    already holds (``known``, {value: object}, set by KnownOptionsForm) instead of asking
    the database for them, one query per widget: a project's partner rows, funder rows and
    facilitators. A value it does not hold (a submitted one) is looked up as Django does.

    A submitted value that cannot be an object's key at all ("[]" for a number) is left out
    of the options: Django's widget would hand it to its query and fail with a server
    error, while the form's validation already says "Select a valid choice"."""

    known = {}

    def optgroups(self, name, value, attr=None):
        value = self.choosable(value)
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if not selected or not selected <= self.known.keys():
            return super().optgroups(name, value, attr)
        # Django's optgroups asks ``choices.queryset.using(db).filter(<value>__in=...)``
        # for the chosen objects; here they are handed over in the form's order, which is
        # the queryset's (KnownOptionsForm holds them only for a plainly ordered one).
        chosen = [obj for key, obj in self.known.items() if key in selected]
        iterator = self.choices
        self.choices = SimpleNamespace(field=iterator.field, queryset=_Objects(chosen))
        try:
            return super().optgroups(name, value, attr)
        finally:
            self.choices = iterator

    def choosable(self, values):
        remote = self.field.remote_field
        opts = remote.model._meta
        key = opts.get_field(getattr(remote, "field_name", None) or opts.pk.attname)
        kept = []
        for value in values:
            try:
                key.to_python(value)
            except ValidationError:
                continue
            kept.append(value)
        return kept


class _Objects(list):
    def using(self, alias):
        return self

    def filter(self, **lookup):
        return self


class KnownAutocompleteSelect(KnownOptionsMixin, AutocompleteSelect):
    pass


class KnownAutocompleteSelectMultiple(KnownOptionsMixin, AutocompleteSelectMultiple):
    pass


def known_objects(form, name, form_field, widget):
    """{value: object} of the objects chosen in ``form``'s field ``name`` that the form
    already holds: a many-to-many field's initial objects (in their model's order, as the
    related manager gave them), or a foreign key's object loaded with the instance; empty
    when the field's choices are filtered (Django would leave some out) or, for several,
    ordered otherwise than by their model."""
    query = form_field.queryset.query
    remote = widget.field.remote_field
    model_order = [
        rewrite_order_lookup_key(remote.model, key) for key in remote.model._meta.ordering
    ]
    plainly_ordered = (
        list(query.order_by) == model_order if query.order_by else query.default_ordering
    )
    if query.where or (widget.allow_multiple_selected and not plainly_ordered):
        return {}
    attname = remote.model._meta.get_field(
        getattr(remote, "field_name", None) or remote.model._meta.pk.attname
    ).attname
    initial = form.initial.get(name)
    if isinstance(initial, list):
        objects = initial
    else:
        model_field = widget.field
        cached = form.instance.pk is not None and model_field.is_cached(form.instance)
        objects = [getattr(form.instance, name)] if cached else []
    return {str(getattr(obj, attname)): obj for obj in objects if isinstance(obj, remote.model)}


class KnownOptionsForm:
    """Form mixin: its search-as-you-type widgets know the objects the form holds."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, form_field in self.fields.items():
            widget = getattr(form_field.widget, "widget", form_field.widget)  # in its wrapper
            if isinstance(widget, KnownOptionsMixin):
                widget.known = known_objects(self, name, form_field, widget)


class KnownOptionsAdminMixin:
    """Model admin and inline mixin: search-as-you-type fields label their chosen options
    from the objects the form holds (KnownOptionsMixin). Load them with the rows
    (``select_related``, ``prefetch_related`` in get_queryset) to save the queries."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KnownAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KnownAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (KnownOptionsForm, form), {})

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = type(formset.form.__name__, (KnownOptionsForm, formset.form), {})
        return formset


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


class UnsavedUploadsAdmin:
    """Admin mixin (in every content admin, through HistoryAdmin): a form shown again
    without saving (an error anywhere in it, a refused stale save) cannot keep the files
    chosen in it, since a browser never refills a file input. Each such field says so, with
    the file's name, so it is chosen again instead of being silently missing after the
    next save."""

    def render_change_form(self, request, context, *args, **kwargs):
        if request.method == "POST" and request.FILES:
            for form in _page_forms(context):
                for name, form_field in form.fields.items():
                    upload = request.FILES.get(form.add_prefix(name))
                    # A refused file already says why; another must be chosen anyway.
                    refused = name in form.errors
                    if upload and isinstance(form_field, forms.FileField) and not refused:
                        form.add_error(name, unsaved_upload_message(upload))
        return super().render_change_form(request, context, *args, **kwargs)


def unsaved_upload_message(upload):
    return _(
        "“%(name)s” has not been uploaded: the form was not saved. Choose the file again "
        "before you save."
    ) % {"name": upload.name}


def _page_forms(context):
    if "adminform" in context:
        yield context["adminform"].form
    for inline in context.get("inline_admin_formsets", []):
        yield from inline.formset.forms


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
