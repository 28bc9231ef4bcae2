from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .exchange import FORMATS, MAX_IMPORT_BYTES, NEEDS_WORK, PO, SCOPES
from .models import GlossaryTerm
from .services import AssemblyError, assemble_english
from .state import source_hash
from .validation import validate_no_control_characters, validate_single_line
from .widgets import SegmentedEnglishWidget, SegmentedSourceWidget


class ExportForm(forms.Form):
    scope = forms.ChoiceField(label=_("What to export"), choices=SCOPES.items(), initial=NEEDS_WORK)
    file_format = forms.ChoiceField(
        label=_("Format"),
        choices=FORMATS.items(),
        initial=PO,
        help_text=_(
            "PO for Poedit and Weblate (OmegaT reads it too); XLIFF 1.2 for CAT tools such as "
            "OmegaT, memoQ and Trados; XLIFF 2.0 only for a tool that reads it (Phrase, Okapi "
            "Rainbow, OmegaT with the Okapi filters plugin): OmegaT 3.6 on its own finds no "
            "unit in it."
        ),
    )
    with_memory = forms.BooleanField(
        label=_("With the translation memory (TMX), as one ZIP file"),
        required=False,
        initial=True,
        help_text=_(
            "The site's memory for your tool: OmegaT applies it from its tm/auto folder "
            "(the ZIP says where each file goes)."
        ),
    )


class GlossaryTermForm(forms.ModelForm):
    class Meta:
        model = GlossaryTerm
        fields = ["dutch", "english", "note"]

    def clean(self):
        cleaned = super().clean()
        for name in ("dutch", "english", "note"):
            value = cleaned.get(name)
            if value:
                try:
                    validate_no_control_characters(value)
                    validate_single_line(value)
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return cleaned


class MemoryImportForm(forms.Form):
    file = forms.FileField(
        label=_("Translation memory (TMX)"),
        help_text=_(
            "Dutch-English pairs from this site's memory or another tool's; a pair whose "
            "Dutch the memory knows replaces its English. Nothing in the content changes."
        ),
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Translated file (PO or XLIFF)"))
    dry_run = forms.BooleanField(
        label=_("Only check, change nothing"),
        required=False,
        help_text=_("Shows what the import would do."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # In the language of the request (a lazy text formatted here, at import, would be
        # in whatever language was active when the module was loaded).
        self.fields["file"].help_text = _(
            "A file exported here and filled in by a translator or a translation tool, at "
            "most %(size)s MB."
        ) % {"size": f"{MAX_IMPORT_BYTES / (1024 * 1024):g}"}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB, the most one import may hold; split it.")
                % {"size": f"{MAX_IMPORT_BYTES / (1024 * 1024):g}"}
            )
        return upload


class AdminLanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the back office"), choices=settings.LANGUAGES)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class SegmentedEnglishField(forms.Field):
    """The translator's English of a rich-text field, written per Dutch segment.

    Segments left as they were keep their English (and their state); changed ones are
    translated from the current Dutch; emptied ones lose their English; a ticked memory
    suggestion fills an empty one. The placeholders are checked like an import's."""

    def __init__(self, status, suggestions, original):
        self.status = status
        self.suggestions = suggestions
        self.translated_from = None
        inner = SegmentedEnglishWidget(
            status.obj, status.field, status, suggestions, attrs=dict(original.widget.attrs)
        )
        super().__init__(
            required=False,
            label=original.label,
            help_text=original.help_text,
            widget=SegmentedSourceWidget(inner, status.obj, status.field, status),
        )

    def _changes(self, value):
        """({number: English}, {numbers emptied}) of the posted ``value``."""
        updates, remove = {}, set()
        for segment in self.status.segments.statuses:
            text = (value.get("segments", {}).get(segment.number) or "").strip()
            if not text and segment.number in value.get("use", set()):
                text = self.suggestions.get(segment.segment.notation, "")
            initial = (segment.english or "").strip()
            if segment.number not in value.get("segments", {}) or text == initial:
                continue
            if text:
                updates[segment.number] = text
            elif segment.english_html is not None:
                remove.add(segment.number)
        return updates, remove

    def has_changed(self, initial, data):
        return isinstance(data, dict) and any(self._changes(data))

    def clean(self, value):
        self.translated_from = None
        status = self.status
        if not isinstance(value, dict) or not value.get("source"):
            return status.english
        if value["source"] != source_hash(status.source):
            raise forms.ValidationError(
                _(
                    "The Dutch text was changed while you were translating. Your English is "
                    "kept below; check it against the new Dutch and save again."
                ),
                code="source_changed",
            )
        updates, remove = self._changes(value)
        if not updates and not remove:
            return status.english
        errors = []
        for number, text in updates.items():
            try:
                validate_no_control_characters(text)
            except forms.ValidationError as error:
                errors += [
                    _("Segment %(number)s: %(problem)s") % {"number": number, "problem": message}
                    for message in error.messages
                ]
        if errors:
            raise forms.ValidationError(errors)
        try:
            english, source = assemble_english(status, updates, remove=remove)
        except AssemblyError as error:
            raise forms.ValidationError(
                [
                    _("Segment %(number)s: %(problem)s") % {"number": number, "problem": message}
                    if number is not None
                    else message
                    for number, messages in error.problems.items()
                    for message in messages
                ]
            ) from error
        self.translated_from = source if english.strip() else None
        return english
