"""Admin building blocks for translated content: the translator's restrictions, the Dutch
source beside each English field, the English state column and filter, and the "still
correct" / "no retranslation needed" controls.

The content admins (``editorial.admin.ContentAdmin``) call the functions below; use
``TranslationWorkflowInlineMixin`` before the base class of every inline of a translated
model (translated or not).
"""

from contextlib import nullcontext

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import flatten_fieldsets
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .forms import SegmentedEnglishField
from .memory import suggestions
from .registry import (
    english_field_names,
    english_name,
    source_field_names,
    source_name,
    translated_fields,
)
from .roles import is_translator
from .services import confirm_english, set_translated_from, source_change_is_trivial
from .state import (
    COMPLETE,
    MISSING,
    OUTDATED,
    STATE_LABELS,
    field_statuses,
    item_status,
    item_statuses,
    preload_records,
    preloaded_records,
    records_for,
)
from .validation import add_text_validators
from .widgets import CONFIRM_FIELD, SourceTextWidget, field_labels

NO_RETRANSLATION_FIELD = "no_retranslation_needed"


def _filter_fieldsets(fieldsets, keep):
    """Fieldsets with only the field names for which ``keep(name)`` holds."""
    result = []
    for name, options in fieldsets:
        fields = []
        for entry in options.get("fields", ()):
            if isinstance(entry, (list, tuple)):
                row = [field for field in entry if keep(field)]
                if row:
                    fields.append(tuple(row) if len(row) > 1 else row[0])
            elif keep(entry):
                fields.append(entry)
        if fields:
            result.append((name, {**options, "fields": fields}))
    return result


def _editable_model_fields(model):
    """Names of every editable field and relation of ``model`` (for read-only lists)."""
    translated = set(translated_fields(model))
    names = []
    for field in model._meta.get_fields():
        if field.auto_created or not getattr(field, "editable", False):
            continue
        if field.name in translated:
            continue  # modeltranslation would expand an original name to all languages
        names.append(field.name)
    return names


class SourceTextFormMixin:
    """Form mixin: the widget of each English field shows the Dutch source and state; text
    fields refuse control characters (as an import does); and, for translators
    (``segmented``), the English of rich text is written per segment beside its Dutch.

    A model's ``clean()`` names a translated field by its own name (``photo_alt``), which
    this form shows as one field per language: the error is the Dutch field's. An error
    for a field the form does not show (a translator's form has no Dutch) is the form's
    own. Django would raise instead (a 500, the editor's input lost)."""

    segmented = False

    def add_error(self, field, error):
        if field is None and not isinstance(error, ValidationError):
            error = ValidationError(error)
        if field is None and hasattr(error, "error_dict"):
            shown = {}
            for name, errors in error.error_dict.items():
                shown.setdefault(self.shown_field(name), []).extend(errors)
            error = ValidationError(shown)
        elif field is not None:
            field = self.shown_field(field)
            field = None if field == NON_FIELD_ERRORS else field
        return super().add_error(field, error)

    def shown_field(self, name):
        """The name under which this form shows an error for the model's field ``name``."""
        if name == NON_FIELD_ERRORS or name in self.fields:
            return name
        source = source_name(name)
        return source if source in self.fields else NON_FIELD_ERRORS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        model = type(instance)
        for name, form_field in self.fields.items():
            try:
                add_text_validators(form_field, model._meta.get_field(name))
            except FieldDoesNotExist:  # a field of the form only
                continue
        if instance.pk is None:
            return
        statuses = {
            status.field: status for status in field_statuses(instance, preloaded_records(instance))
        }
        segmented = [
            status
            for status in statuses.values()
            if self.segmented
            and status.segments is not None
            and english_name(status.field) in self.fields
        ]
        known = suggestions(
            [s.segment.notation for status in segmented for s in status.segments.needs_work]
        )
        for field_name in translated_fields(model):
            form_field = self.fields.get(english_name(field_name))
            if form_field is None:
                continue
            status = statuses.get(field_name)
            if status in segmented:
                self.fields[english_name(field_name)] = SegmentedEnglishField(
                    status, known, form_field
                )
                continue
            form_field.widget = SourceTextWidget(form_field.widget, instance, field_name, status)

    def _post_clean(self):
        super()._post_clean()
        for name, form_field in self.fields.items():
            source = getattr(form_field, "translated_from", None)
            if source is not None and name in getattr(self, "cleaned_data", {}):
                set_translated_from(self.instance, form_field.status.field, source)


def workflow_form(base_form, *, with_no_retranslation=False, segmented=False):
    attrs = {"segmented": segmented}
    if with_no_retranslation:
        attrs[NO_RETRANSLATION_FIELD] = forms.BooleanField(
            label=_("No retranslation needed"),
            required=False,
            help_text=_(
                "Tick this when your change to the Dutch text is only a correction (a typo, "
                "punctuation) that does not change the meaning: English that was up to date "
                "stays up to date instead of being marked outdated for the translators."
            ),
        )
    return type(base_form.__name__, (SourceTextFormMixin, base_form), attrs)


class EnglishStateFilter(admin.SimpleListFilter):
    """English: complete / missing / outdated (of the item, inline content included)."""

    title = _("English")
    parameter_name = "english"

    def lookups(self, request, model_admin):
        return [(state, STATE_LABELS[state]) for state in (COMPLETE, MISSING, OUTDATED)]

    def queryset(self, request, queryset):
        if self.value() not in STATE_LABELS:
            return queryset
        statuses = item_statuses(queryset.model)
        return queryset.filter(
            pk__in=[pk for pk, status in statuses.items() if status.state == self.value()]
        )


def _translation_changelist(base, restricted):
    class TranslationChangeList(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if restricted:
                self.list_editable = ()

        def get_results(self, request):
            super().get_results(request)
            objects = list(self.result_list)
            if objects:
                statuses = item_statuses(self.model, objects)  # the rows shown, as loaded
                for obj in objects:
                    obj._translation_status = statuses.get(obj.pk)

    return TranslationChangeList


# -- what translators may change (the content admins and their inlines) ------------------


def restricted_fieldsets(model, request, fieldsets):
    """A translator's fieldsets: without the Dutch source fields."""
    if is_translator(request.user):
        sources = source_field_names(model)
        fieldsets = _filter_fieldsets(fieldsets, lambda name: name not in sources)
    return fieldsets


def restricted_readonly_fields(model, request, readonly):
    """For a translator, everything but the English fields is read-only."""
    readonly = list(readonly)
    if is_translator(request.user):
        english = english_field_names(model)
        for name in _editable_model_fields(model):
            if name not in english and name not in readonly:
                readonly.append(name)
    return readonly


def restricted_prepopulated_fields(model, request, prepopulated):
    if is_translator(request.user):
        english = english_field_names(model)
        prepopulated = {
            target: sources
            for target, sources in prepopulated.items()
            if target in english and set(sources) <= english
        }
    return prepopulated


def english_only_fields(model_admin, request, obj, kwargs):
    """Belt and braces for a translator's form: whatever the fieldsets say, it holds
    English fields only (``kwargs["fields"]`` of get_form or get_formset)."""
    if is_translator(request.user):
        english = english_field_names(model_admin.model)
        fields = kwargs.get("fields")
        if fields is None:
            fields = flatten_fieldsets(model_admin.get_fieldsets(request, obj))
        kwargs["fields"] = [name for name in fields if name in english]
    return kwargs


class _RestrictedForTranslatorsMixin:
    """For the inlines: translators change English fields only."""

    def get_fieldsets(self, request, obj=None):
        return restricted_fieldsets(self.model, request, super().get_fieldsets(request, obj))

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return restricted_readonly_fields(self.model, request, readonly)

    def get_prepopulated_fields(self, request, obj=None):
        prepopulated = super().get_prepopulated_fields(request, obj)
        return restricted_prepopulated_fields(self.model, request, prepopulated)

    def has_add_permission(self, request, *args):
        return not is_translator(request.user) and super().has_add_permission(request, *args)

    def has_delete_permission(self, request, obj=None):
        return not is_translator(request.user) and super().has_delete_permission(request, obj)


# -- the translation workflow in a content admin (``editorial.admin.ContentAdmin``) -------

MEDIA_CSS = ["translations/admin.css"]


def form_kwargs(model_admin, request, obj, kwargs):
    """get_form's ``kwargs``: English fields only for a translator; the form that shows
    the Dutch source beside each English field (per segment for a translator) and, for
    editors, "no retranslation needed"."""
    translator = is_translator(request.user)
    kwargs = english_only_fields(model_admin, request, obj, kwargs)
    kwargs["form"] = workflow_form(
        kwargs.get("form", model_admin.form),
        with_no_retranslation=not translator and obj is not None,
        segmented=translator,
    )
    return kwargs


def with_translation_fieldset(request, obj, fieldsets):
    """An editor's form of a saved item ends with "no retranslation needed"."""
    if obj is not None and not is_translator(request.user):
        fieldsets = [*fieldsets, (_("Translation"), {"fields": [NO_RETRANSLATION_FIELD]})]
    return fieldsets


def changelist_class(changelist, request):
    return _translation_changelist(changelist, is_translator(request.user))


@admin.display(description=_("English"))
def english_state(obj):
    status = getattr(obj, "_translation_status", None) or item_status(obj)
    if status.state == COMPLETE:
        return STATE_LABELS[COMPLETE]
    parts = []
    if status.missing:
        parts.append(_("missing: %(fields)s") % {"fields": field_labels(status.missing)})
    if status.outdated:
        parts.append(_("outdated: %(fields)s") % {"fields": field_labels(status.outdated)})
    return "; ".join(str(part) for part in parts)


@admin.action(description=_("Mark the English as still correct"))
def mark_english_still_correct(model_admin, request, queryset):
    kind_statuses = item_statuses(model_admin.model, queryset)
    count = 0
    for status in kind_statuses.values():
        seen = set()
        for field_status in status.outdated:
            obj = field_status.obj
            key = (type(obj), obj.pk)
            if key not in seen:
                seen.add(key)
                count += len(confirm_english(obj))
    model_admin.message_user(
        request,
        ngettext(
            "%(count)d outdated English field is now marked up to date.",
            "%(count)d outdated English fields are now marked up to date.",
            count,
        )
        % {"count": count},
        messages.SUCCESS,
    )


def source_change(form):
    """The context of saving ``form``: a Dutch change that needs no retranslation when
    the editor ticked so."""
    if getattr(form, "cleaned_data", {}).get(NO_RETRANSLATION_FIELD):
        return source_change_is_trivial()
    return nullcontext()


def confirm_posted(request, form, formsets):
    """Mark as still correct the English the form's "still correct" boxes name (only of
    the form's item and its inline rows)."""
    wanted = set(request.POST.getlist(CONFIRM_FIELD))
    if not wanted:
        return
    objects = [form.instance] + [
        inline_form.instance
        for formset in formsets
        for inline_form in formset.forms
        if inline_form.instance.pk is not None
    ]
    for obj in objects:
        fields = [
            status.field
            for status in field_statuses(obj, records_for(obj))
            if status.unit_id in wanted
        ]
        if fields:
            confirm_english(obj, fields)


class PreloadedRecordsFormSet(BaseInlineFormSet):
    """An inline's rows with their translation records loaded in one query, before their
    forms (SourceTextFormMixin) ask for them one by one."""

    def get_queryset(self):
        if not hasattr(self, "_queryset"):
            preload_records(list(super().get_queryset()))  # kept in the queryset's cache
        return self._queryset


class TranslationWorkflowInlineMixin(_RestrictedForTranslatorsMixin):
    """For every inline in the form of a translated model (translated inline or not)."""

    def get_formset(self, request, obj=None, **kwargs):
        kwargs = english_only_fields(self, request, obj, kwargs)
        kwargs["form"] = workflow_form(
            kwargs.get("form", self.form), segmented=is_translator(request.user)
        )
        formset = kwargs.get("formset", self.formset)
        if not issubclass(formset, PreloadedRecordsFormSet):
            kwargs["formset"] = type(formset.__name__, (PreloadedRecordsFormSet, formset), {})
        return super().get_formset(request, obj, **kwargs)
