"""Admin building blocks shared by the content admins: image thumbnails, help texts shown
as written, numbers written the way of the admin's language, the Dutch of the admin's own
messages, and form media that carries the request's Content-Security-Policy nonce.

django-prose-editor renders an inline ``<script type="importmap">`` through its form
media (django-js-asset). The admin renders ``{{ media }}`` itself, so the change form's
media is given the request's CSP nonce here; django-csp then adds the same nonce to the
header. Every other admin script is an external file from 'self'.
"""

import operator
from decimal import Decimal

from babel.numbers import (
    NumberFormatError,
    format_decimal,
    get_decimal_symbol,
    get_group_symbol,
    parse_decimal,
)
from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.filters import FieldListFilter, RelatedFieldListFilter
from django.contrib.admin.widgets import (
    AdminSplitDateTime,
    AutocompleteSelect,
    AutocompleteSelectMultiple,
    FilteredSelectMultiple,
)
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.forms.boundfield import BoundField
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.text import capfirst, get_text_list
from django.utils.timezone import localtime
from django.utils.translation import get_language, gettext_noop, to_locale
from django.utils.translation import gettext_lazy as _
from js_asset import Media

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


class LabelledSplitDateTime(AdminSplitDateTime):
    """A moment as a date and a time, each box with a label of its own ("Datum", "Tijd"):
    Django's widget writes the words beside the boxes without tying them to them, and
    the field's label names neither box (a form of several inputs has no single id)."""

    template_name = "admin/widgets/labelled_split_datetime.html"


def labelled_rows(formset_class):
    """A formset class whose inputs are named after their column and row ("Rol: CEDEM",
    "Volgorde: Rechtshulp in Turkije"; a new row's after its column): the rows of a
    change list (``list_editable``) and of a tabular inline stand under column headings,
    without a label of their own."""

    class LabelledRows(formset_class):
        def add_fields(self, form, index):
            super().add_fields(form, index)
            row = str(form.instance) if form.instance.pk is not None else ""
            for field in form.fields.values():
                if not field.widget.is_hidden:
                    label = capfirst(field.label)
                    field.widget.attrs["aria-label"] = f"{label}: {row}" if row else label

    return LabelledRows


class LabelledRowsMixin:
    """Tabular inline mixin: every input of a row is named (``labelled_rows``)."""

    def get_formset(self, request, obj=None, **kwargs):
        return labelled_rows(super().get_formset(request, obj, **kwargs))


class PrefetchedOptionsMixin:
    """Django's search-as-you-type widget (``AutocompleteSelect``) with two differences.

    Its chosen options, when its form holds them (``prefetched``, {value: label}, handed
    over by PrefetchedOptionsBoundField before each render), are written from those objects
    by Django's plain ``Select``: a project's partner rows, funder rows and workshops'
    facilitators load theirs with the rows (``select_related``, ``prefetch_related`` in
    the inline's ``get_queryset``), where Django's widget asks the database once per row.
    Otherwise (a value the form does not hold) it is Django's widget.

    A submitted value that cannot be an object's key at all ("[]" for a number) is not
    among its values (``format_value``): Django's widget would hand it to its query and
    fail with a server error, while the form's validation already says "Select a valid
    choice"."""

    prefetched = None

    def format_value(self, value):
        remote = self.field.remote_field
        opts = remote.model._meta
        key = opts.get_field(getattr(remote, "field_name", None) or opts.pk.attname)
        kept = []
        for item in super().format_value(value):
            try:
                key.to_python(item)
            except ValidationError:
                continue
            kept.append(item)
        return kept

    def optgroups(self, name, value, attrs=None):
        chosen = {item for item in value if item != ""}  # format_value's strings
        if self.prefetched is None or not chosen <= self.prefetched.keys():
            return super().optgroups(name, value, attrs)
        choices = [(key, label) for key, label in self.prefetched.items() if key in chosen]
        if not self.is_required and not self.allow_multiple_selected:
            choices.insert(0, ("", ""))  # the empty option, to clear the choice
        select = forms.SelectMultiple if self.allow_multiple_selected else forms.Select
        return select(choices=choices).optgroups(name, value, attrs)


class PrefetchedAutocompleteSelect(PrefetchedOptionsMixin, AutocompleteSelect):
    pass


class PrefetchedAutocompleteSelectMultiple(PrefetchedOptionsMixin, AutocompleteSelectMultiple):
    pass


class PrefetchedOptionsBoundField(BoundField):
    """A search field of a form (Django 5.2's ``bound_field_class``) that hands its widget
    the chosen objects the form holds: after a submit, those its validation loaded
    (``cleaned_data``); before, the instance's object loaded with it (a foreign key
    fetched by ``select_related``) or its initial objects (a many-to-many field's, from the
    related manager, prefetched or not)."""

    def as_widget(self, widget=None, attrs=None, only_initial=False):
        target = widget or self.field.widget
        target = getattr(target, "widget", target)  # inside the admin's wrapper
        if isinstance(target, PrefetchedOptionsMixin):
            target.prefetched = prefetched_options(self)
        return super().as_widget(widget, attrs, only_initial)


def prefetched_options(bound_field):
    """{value: label} of the objects chosen in ``bound_field`` that its form holds."""
    form, name, form_field = bound_field.form, bound_field.name, bound_field.field
    widget = getattr(form_field.widget, "widget", form_field.widget)  # in the admin's wrapper
    model_field = widget.field
    if form.is_bound:
        chosen = getattr(form, "cleaned_data", {}).get(name)
    elif model_field.many_to_one:
        instance = form.instance
        cached = instance.pk is not None and model_field.is_cached(instance)
        chosen = getattr(instance, name) if cached else None
    else:
        chosen = form.initial.get(name)
    objects = chosen if isinstance(chosen, (list, QuerySet)) else [chosen]
    model = form_field.queryset.model
    key = form_field.to_field_name or model._meta.pk.attname
    return {
        str(getattr(obj, key)): form_field.label_from_instance(obj)
        for obj in objects
        if isinstance(obj, model)
    }


class SearchFieldsAdmin:
    """Model admin and inline mixin: its search fields (``autocomplete_fields``) are
    PrefetchedAutocompleteSelect(Multiple), which refuse garbled values and, where the
    field chooses among all objects in their model's order (as a related manager lists
    them), write the chosen options from the objects the form holds. Load those with the
    rows (``select_related``, ``prefetch_related`` in get_queryset) to save the queries."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        search_field_kwargs(self, db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        search_field_kwargs(self, db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def search_field_kwargs(model_admin, db_field, request, kwargs):
    """The form field's ``kwargs`` for one of ``model_admin``'s search fields: its widget
    (PrefetchedAutocompleteSelect or ...Multiple) and, where it can, the bound field that
    hands it the chosen objects the form holds. Other fields are left alone."""
    if "widget" in kwargs or db_field.name not in model_admin.get_autocomplete_fields(request):
        return
    widget = (
        PrefetchedAutocompleteSelectMultiple
        if db_field.many_to_many
        else PrefetchedAutocompleteSelect
    )
    kwargs["widget"] = widget(db_field, model_admin.admin_site, using=kwargs.get("using"))
    # Django lists the chosen options from the field's queryset: the objects held are
    # the same, in the same order, only if it is all objects in their model's order.
    plain = (
        "queryset" not in kwargs
        and model_admin.get_field_queryset(kwargs.get("using"), db_field, request) is None
        and not db_field.get_limit_choices_to()
    )
    if plain:
        kwargs.setdefault("bound_field_class", PrefetchedOptionsBoundField)


def number_locale():
    """Babel's locale for the active language (the admin's: Dutch, English for
    translators)."""
    return to_locale(get_language() or settings.LANGUAGE_CODE)


def number_text(value, money=False):
    """``value`` (a Decimal) written the way of the active language, thousands grouped and
    every decimal it has kept (``250.000``, ``12,5``); an amount of money (``money``) has
    two decimals or none (``25.000,50``, ``250.000``)."""
    value = Decimal(value)
    decimals = max(0, -value.normalize().as_tuple().exponent)
    if decimals and money:
        decimals = max(decimals, 2)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=number_locale(), decimal_quantization=False)


class LocalizedNumberInput(forms.TextInput):
    """A text field for a number written the way of the admin's language (a browser's
    number field reads "25.000,50" by the browser's own locale, or not at all)."""

    def __init__(self, attrs=None, money=False):
        self.money = money
        super().__init__({"inputmode": "decimal", "class": "vLocalizedNumber", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
            return number_text(value, self.money)
        return super().format_value(value)


class LocalizedDecimalField(forms.DecimalField):
    """A decimal number written the way of the admin's language: ``250.000`` and
    ``25.000,50`` in Dutch, ``250,000`` and ``25,000.50`` in English, read with Babel's
    strict parser. What could be read in more than one way is refused, the message showing
    the readings: separators in the wrong places or order (``25000.50`` in Dutch, which a
    lenient reader makes 2.500.050) and a lone decimal separator before three digits
    (``25,000`` in Dutch: twenty-five, or twenty-five thousand written the English way)."""

    widget = LocalizedNumberInput

    def __init__(self, *args, money=False, **kwargs):
        self.money = money
        kwargs.pop("localize", None)  # this field is always localized, its own way
        super().__init__(*args, **kwargs)
        self.widget.money = money

    def widget_attrs(self, widget):
        # No step, min or max: those are for a browser's number field.
        return forms.Field.widget_attrs(self, widget)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        text = str(value).strip()
        locale = number_locale()
        try:
            number = parse_decimal(text, locale=locale, strict=True)
        except NumberFormatError as error:
            # Babel's suggestions, those the field can hold ("1,5005" is not an amount).
            readings = []
            for suggestion in getattr(error, "suggestions", None) or []:
                number = parse_decimal(suggestion, locale=locale)
                decimals = max(0, -number.normalize().as_tuple().exponent)
                if self.decimal_places is not None and decimals > self.decimal_places:
                    continue
                reading = number_text(number, self.money)
                if reading not in readings:
                    readings.append(reading)
            raise self._refusal(text, readings) from None
        if not number.is_finite():
            raise self._refusal(text, [])
        decimal = get_decimal_symbol(locale)
        whole, _separator, fraction = text.partition(decimal)
        grouped = get_group_symbol(locale) in text
        if fraction and len(fraction) == 3 and not grouped and whole.lstrip("+-") not in ("", "0"):
            readings = [number_text(number, self.money), number_text(whole + fraction, self.money)]
            raise self._refusal(text, readings)
        return number

    def _refusal(self, text, readings):
        locale = number_locale()
        rule = {
            "group": get_group_symbol(locale),
            "decimal": get_decimal_symbol(locale),
            "example": number_text(Decimal("25000.50"), money=True),
        }
        if readings:
            message = _(
                "“%(value)s” can be read as %(readings)s. Write the number with “%(group)s” "
                "between thousands and “%(decimal)s” before the decimals, as in %(example)s."
            )
            params = {"value": text, "readings": get_text_list(readings), **rule}
            return ValidationError(message, code="ambiguous", params=params)
        message = _(
            "Enter a number with “%(group)s” between thousands and “%(decimal)s” before the "
            "decimals, as in %(example)s."
        )
        return ValidationError(message, code="invalid", params=rule)


class LocalizedNumbersMixin:
    """Model admin and inline mixin: its decimal fields are LocalizedDecimalFields; the
    fields named in ``money_fields`` are amounts of money (two decimals or none)."""

    money_fields = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        localized_number_kwargs(self, db_field, kwargs)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


def localized_number_kwargs(model_admin, db_field, kwargs):
    """A decimal field's form field ``kwargs``: a LocalizedDecimalField, money when the
    admin names it in ``money_fields``."""
    if isinstance(db_field, models.DecimalField):
        widget = kwargs.get("widget")
        if widget is not None and not isinstance(widget, LocalizedNumberInput):
            kwargs.pop("widget")
        money = db_field.name in getattr(model_admin, "money_fields", ())
        kwargs.update(form_class=LocalizedDecimalField, money=money)


def without_link_rows(to_delete, model_count):
    """A delete confirmation's lists (Django's nested ``to_delete`` and ``model_count``)
    without the rows that only link two items (the table of a many-to-many field: a
    project's places, a workshop's facilitators), which are no items of their own and have
    only technical names ("Workshop_facilitators object (2)", "Project-country-relaties:
    1"). Deleting still deletes them."""
    links = [
        model._meta
        for model in apps.get_models(include_auto_created=True)
        if model._meta.auto_created
    ]
    named = tuple(f"{capfirst(opts.verbose_name)}: " for opts in links)
    plural = {str(opts.verbose_name_plural) for opts in links}
    model_count = {name: n for name, n in model_count.items() if str(name) not in plural}
    return without_rows_named(to_delete, named), model_count


def without_rows_named(nested, prefixes):
    """``nested`` (Django's nested list of what is deleted) without the entries that
    start with one of ``prefixes``, nor what is listed under them."""
    kept = []
    skip_children = False
    for item in nested:
        if isinstance(item, list):
            if not skip_children:
                kept.append(without_rows_named(item, prefixes))
            skip_children = False
            continue
        skip_children = str(item).startswith(prefixes)
        if not skip_children:
            kept.append(item)
    return kept


class PlainHelpTextMixin:
    """Help texts are shown as written: Django's admin renders them as HTML, which would
    swallow an example such as ``De situatie in <land>``. Our help texts hold no markup."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return plain_help_text(super().formfield_for_dbfield(db_field, request, **kwargs))


def plain_help_text(formfield):
    """``formfield`` with its help text escaped: shown as written."""
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
    # The bulk delete ("de geselecteerde project").
    gettext_noop(
        "Are you sure you want to delete the selected %(objects_name)s? All of the following "
        "objects and their related items will be deleted:"
    ),
    gettext_noop(
        "Deleting the selected %(objects_name)s would result in deleting related objects, "
        "but your account doesn't have permission to delete the following types of objects:"
    ),
    gettext_noop(
        "Deleting the selected %(objects_name)s would require deleting the following "
        "protected related objects:"
    ),
    # The list of kinds of content (home page, side bar): headers for screen readers,
    # which Django's Dutch leaves in English ("MODEL NAME", "ADD LINK").
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
)


def with_csp_nonce(request, context):
    media = context.get("media")
    nonce = getattr(request, "csp_nonce", None)
    if media is not None and nonce is not None:
        context["media"] = Media.from_media(media, nonce=nonce)
    return context


def name_unsaved_uploads(request, context):
    """A change form shown again without saving (an error anywhere in it, a refused stale
    save) cannot keep the files chosen in it, since a browser never refills a file input.
    Each such field says so, with the file's name, so it is chosen again instead of being
    silently missing after the next save."""
    if request.method == "POST" and request.FILES:
        for form in _page_forms(context):
            for name, form_field in form.fields.items():
                upload = request.FILES.get(form.add_prefix(name))
                # A refused file already says why; another must be chosen anyway.
                refused = name in form.errors
                if upload and isinstance(form_field, forms.FileField) and not refused:
                    form.add_error(name, unsaved_upload_message(upload))


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
