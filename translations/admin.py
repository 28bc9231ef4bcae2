"""Admin building blocks for translated content: the translator's restrictions, the Dutch
source beside each English field, the English state column and filter, and the "still
correct" / "no retranslation needed" controls.

Use ``TranslationWorkflowMixin`` before the ModelAdmin base class (e.g.
``TabbedTranslationAdmin``) of every translated model, and ``TranslationWorkflowInlineMixin``
before the base class of every inline of such a model (translated or not).
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


class _RestrictedForTranslatorsMixin:
    """What the model admin and the inlines share: translators change English fields only."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if is_translator(request.user):
            sources = source_field_names(self.model)
            fieldsets = _filter_fieldsets(fieldsets, lambda name: name not in sources)
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if is_translator(request.user):
            english = english_field_names(self.model)
            for name in _editable_model_fields(self.model):
                if name not in english and name not in readonly:
                    readonly.append(name)
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        prepopulated = super().get_prepopulated_fields(request, obj)
        if is_translator(request.user):
            english = english_field_names(self.model)
            prepopulated = {
                target: sources
                for target, sources in prepopulated.items()
                if target in english and set(sources) <= english
            }
        return prepopulated

    def has_add_permission(self, request, *args):
        return not is_translator(request.user) and super().has_add_permission(request, *args)

    def has_delete_permission(self, request, obj=None):
        return not is_translator(request.user) and super().has_delete_permission(request, obj)


class TranslationWorkflowMixin(_RestrictedForTranslatorsMixin):
    """For the ModelAdmin of a translated model."""

    class Media:
        css = {"all": ["translations/admin.css"]}

    def get_form(self, request, obj=None, **kwargs):
        translator = is_translator(request.user)
        if translator:
            # Belt and braces: whatever the fieldsets say, the form holds English fields only.
            english = english_field_names(self.model)
            fields = kwargs.get("fields")
            if fields is None:
                fields = flatten_fieldsets(self.get_fieldsets(request, obj))
            kwargs["fields"] = [name for name in fields if name in english]
        base = kwargs.get("form", self.form)
        kwargs["form"] = workflow_form(
            base,
            with_no_retranslation=not translator and obj is not None,
            segmented=translator,
        )
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and not is_translator(request.user):
            fieldsets = [
                *fieldsets,
                (_("Translation"), {"fields": [NO_RETRANSLATION_FIELD]}),
            ]
        return fieldsets

    def get_list_display(self, request):
        return [*super().get_list_display(request), "english_state"]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), EnglishStateFilter]

    def get_changelist(self, request, **kwargs):
        return _translation_changelist(
            super().get_changelist(request, **kwargs), is_translator(request.user)
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_change_permission(request):
            action = self.get_action(TranslationWorkflowMixin.mark_english_still_correct)
            actions[action[1]] = action
        return actions

    @admin.display(description=_("English"))
    def english_state(self, obj):
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
    def mark_english_still_correct(self, request, queryset):
        kind_statuses = item_statuses(self.model, queryset)
        count = 0
        for status in kind_statuses.values():
            seen = set()
            for field_status in status.outdated:
                obj = field_status.obj
                key = (type(obj), obj.pk)
                if key not in seen:
                    seen.add(key)
                    count += len(confirm_english(obj))
        self.message_user(
            request,
            ngettext(
                "%(count)d outdated English field is now marked up to date.",
                "%(count)d outdated English fields are now marked up to date.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def _trivial(self, form):
        if getattr(form, "cleaned_data", {}).get(NO_RETRANSLATION_FIELD):
            return source_change_is_trivial()
        return nullcontext()

    def save_model(self, request, obj, form, change):
        with self._trivial(form):
            super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        with self._trivial(form):
            super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        wanted = set(request.POST.getlist(CONFIRM_FIELD))
        if not wanted:
            return
        # Only the object of this form and its inline rows can be confirmed from here.
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
        if is_translator(request.user):
            english = english_field_names(self.model)
            fields = kwargs.get("fields")
            if fields is None:
                fields = flatten_fieldsets(self.get_fieldsets(request, obj))
            kwargs["fields"] = [name for name in fields if name in english]
        kwargs["form"] = workflow_form(
            kwargs.get("form", self.form), segmented=is_translator(request.user)
        )
        formset = kwargs.get("formset", self.formset)
        if not issubclass(formset, PreloadedRecordsFormSet):
            kwargs["formset"] = type(formset.__name__, (PreloadedRecordsFormSet, formset), {})
        return super().get_formset(request, obj, **kwargs)
