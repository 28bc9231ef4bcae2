"""Export and import of English translations as PO files (gettext), for external
translators and their tools (Poedit, OmegaT, memoQ, Trados, Weblate, ...).

Each unit is one field of one object:
- ``msgctxt``: the stable unit ID ``app.model.pk.field`` (e.g. ``projects.project.3.body``);
- ``msgid``: the current Dutch source; ``msgstr``: the current English, if any;
- a comment saying which item, which field and which page; rich text says to keep tags;
- outdated units are ``fuzzy`` and carry the Dutch they were translated from as
  ``#| msgid``, so tools show what changed.
On import a unit fills in the English only while the Dutch is still the exported ``msgid``.
"""

import os
import re
import tempfile
from dataclasses import dataclass, field

import polib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import NoReverseMatch
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from content.registry import desk_options
from content.richtext import RichTextField, sanitize_html

from .registry import (
    SOURCE_LANGUAGE,
    TARGET_LANGUAGE,
    english_name,
    source_name,
    tracked_fields,
    tracked_models,
)
from .roles import change_permission, view_permission
from .services import confirm_english
from .state import MISSING, OUTDATED, field_statuses, item_statuses, records_for, source_hash

NEEDS_WORK = "needs_work"
ALL = "all"
SCOPES = {
    NEEDS_WORK: _("missing and outdated"),
    MISSING: _("missing only"),
    OUTDATED: _("outdated only"),
    ALL: _("everything (also complete translations)"),
}
MAX_IMPORT_BYTES = 10 * 1024 * 1024
UNIT_ID = re.compile(r"^(?P<app>\w+)\.(?P<model>\w+)\.(?P<pk>\d+)\.(?P<field>\w+)$")


class MalformedFile(Exception):
    """The file as a whole cannot be read as a translation file; nothing was imported."""


def _in_scope(status, scope):
    if status.state is None:
        return False
    if scope == ALL:
        return True
    if scope == NEEDS_WORK:
        return status.needs_work
    return status.state == scope


def _page_url(obj):
    """The English page showing ``obj`` (a workshop shows on its project's page)."""
    if not hasattr(obj, "get_absolute_url"):
        obj = getattr(obj, "project", None)
        if obj is None:
            return None
    with translation.override(TARGET_LANGUAGE):
        try:
            return obj.get_absolute_url()
        except NoReverseMatch:
            return None


def _note(item, status):
    # Written in English on purpose: it is read by the translator into English, whatever
    # language the back office is shown in.
    obj = status.obj
    model_field = obj._meta.get_field(status.field)
    lines = []
    if obj is item.obj:
        lines.append(f"{obj._meta.verbose_name.capitalize()} “{obj}”")
    else:
        lines.append(
            f"{obj._meta.verbose_name.capitalize()} “{obj}” "
            f"({item.obj._meta.verbose_name} “{item.obj}”)"
        )
    if isinstance(model_field, RichTextField):
        description = "rich text (HTML); keep the tags, translate the text and link titles"
    elif getattr(model_field, "max_length", None) and model_field.get_internal_type() in (
        "CharField",
        "URLField",
    ):
        description = f"plain text, at most {model_field.max_length} characters"
    else:
        description = "plain text"
    lines.append(f"Field: {model_field.verbose_name} — {description}")
    if model_field.help_text:
        lines.append(f"Help: {model_field.help_text}")
    page = _page_url(item.obj)
    if page:
        lines.append(f"Page: {page}")
    return "\n".join(lines)


def _entry(item, status):
    entry = polib.POEntry(
        msgctxt=status.unit_id,
        msgid=status.source,
        msgstr=status.english,
        comment=_note(item, status),
    )
    if status.state == OUTDATED:
        entry.flags.append("fuzzy")
        entry.previous_msgid = status.previous_source
    return entry


def export_catalogue(scope=NEEDS_WORK, user=None):
    """A polib.POFile with the units in ``scope``; only models ``user`` may view (if given)."""
    if scope not in SCOPES:
        raise ValueError(f"Unknown scope {scope!r}")
    now = timezone.now().strftime("%Y-%m-%d %H:%M%z")
    catalogue = polib.POFile(wrapwidth=0)
    catalogue.metadata = {
        "Project-Id-Version": "VluchtelingenWerk Nederland projects outside the Netherlands",
        "POT-Creation-Date": now,
        "PO-Revision-Date": now,
        "Language": TARGET_LANGUAGE,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": SOURCE_LANGUAGE,
        "X-Export-Scope": scope,
    }
    for kind in desk_options():
        if user is not None and not user.has_perm(view_permission(kind.model)):
            continue
        with translation.override(TARGET_LANGUAGE):  # notes in the translator's language
            for item in item_statuses(kind.model).values():
                for status in item.fields:
                    if _in_scope(status, scope):
                        catalogue.append(_entry(item, status))
    return catalogue


def export_filename(scope):
    return f"vwn-projects-{TARGET_LANGUAGE}-{scope}-{timezone.now():%Y%m%d-%H%M}.po"


# Import ---------------------------------------------------------------------------------

UPDATED = "updated"
CONFIRMED = "confirmed"
UNCHANGED = "unchanged"
SKIPPED = "skipped"
REFUSED = "refused"
OUTCOME_LABELS = {
    UPDATED: _("English filled in"),
    CONFIRMED: _("English confirmed as still correct"),
    UNCHANGED: _("unchanged"),
    SKIPPED: _("skipped"),
    REFUSED: _("refused"),
}


@dataclass
class UnitResult:
    unit_id: str
    outcome: str
    message: str = ""
    label: str = ""

    @property
    def outcome_label(self):
        return OUTCOME_LABELS[self.outcome]


@dataclass
class ImportReport:
    results: list = field(default_factory=list)
    dry_run: bool = False

    def count(self, outcome):
        return sum(1 for result in self.results if result.outcome == outcome)

    @property
    def counts(self):
        return [(OUTCOME_LABELS[outcome], self.count(outcome)) for outcome in OUTCOME_LABELS]


def read_catalogue(data):
    """Parse uploaded bytes as a PO file for English; MalformedFile when it cannot be used."""
    if len(data) > MAX_IMPORT_BYTES:
        raise MalformedFile(gettext("The file is larger than 10 MB."))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MalformedFile(gettext("The file is not UTF-8 text.")) from exc
    # polib takes either a path or the content; always give it a path, so content that
    # happens to look like a path is never read as one.
    handle, path = tempfile.mkstemp(suffix=".po")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as temporary:
            temporary.write(text)
        try:
            catalogue = polib.pofile(path, encoding="utf-8")
        except (OSError, ValueError) as exc:
            line = re.search(r"line (\d+)", str(exc))
            raise MalformedFile(
                gettext("The file is not a valid PO file (error at line %(line)s).")
                % {"line": line.group(1) if line else "?"}
            ) from exc
    finally:
        os.unlink(path)
    language = (catalogue.metadata.get("Language") or "").strip().lower().replace("-", "_")
    if language and language.split("_")[0] != TARGET_LANGUAGE:
        raise MalformedFile(
            gettext("The file is for language “%(language)s”, not for English.")
            % {"language": language}
        )
    if not [entry for entry in catalogue if not entry.obsolete]:
        raise MalformedFile(gettext("The file contains no translation units."))
    return catalogue


def _resolve(unit, cache):
    """(object, field name) for a unit ID, or None when the ID is not a known unit."""
    match = UNIT_ID.match(unit or "")
    if not match:
        return None
    model = next(
        (
            model
            for model in tracked_models()
            if model._meta.app_label == match["app"] and model._meta.model_name == match["model"]
        ),
        None,
    )
    if model is None or match["field"] not in tracked_fields(model):
        return None
    key = (model, int(match["pk"]))
    if key not in cache:
        cache[key] = model._default_manager.filter(pk=key[1]).first()
    obj = cache[key]
    return None if obj is None else (obj, match["field"])


def _clean_english(obj, field_name, value):
    """The value to store, the note about cleaning, or ValidationError."""
    model_field = obj._meta.get_field(english_name(field_name))
    note = ""
    if isinstance(obj._meta.get_field(field_name), RichTextField):
        cleaned = sanitize_html(value)
        if cleaned != value:
            note = gettext("Markup that is not allowed was removed.")
        value = cleaned
    else:
        value = value.strip()
    model_field.clean(value, obj)
    return value, note


def import_catalogue(data, *, user=None, dry_run=False):
    """Fill in English from a PO file. Returns an ImportReport with one result per unit.

    Raises MalformedFile (and changes nothing) when the file cannot be read.
    """
    catalogue = read_catalogue(data)
    report = ImportReport(dry_run=dry_run)
    cache = {}
    changes = {}  # (model, pk) -> {field: value}
    confirmations = {}  # (model, pk) -> [field]
    seen = set()
    for entry in catalogue:
        if entry.obsolete:
            continue
        unit = entry.msgctxt or ""
        result = UnitResult(unit, REFUSED)
        report.results.append(result)
        if unit in seen:
            result.message = gettext("This unit appears more than once in the file.")
            continue
        seen.add(unit)
        target = _resolve(unit, cache)
        if target is None:
            result.message = gettext(
                "Unknown unit ID: not exported by this site, or the item was deleted."
            )
            continue
        obj, field_name = target
        field_label = obj._meta.get_field(field_name).verbose_name
        result.label = f"{obj._meta.verbose_name} “{obj}”: {field_label}"
        if user is not None and not user.has_perm(change_permission(type(obj))):
            result.message = gettext("You may not change this item.")
            continue
        current_source = getattr(obj, source_name(field_name)) or ""
        if source_hash(entry.msgid) != source_hash(current_source):
            result.message = gettext(
                "The Dutch text changed since the export; export again to translate the "
                "current text."
            )
            continue
        if "fuzzy" in entry.flags:
            result.outcome = SKIPPED
            result.message = gettext("Marked as fuzzy (still to be reviewed) in the file.")
            continue
        if not entry.msgstr.strip():
            result.outcome = SKIPPED
            result.message = gettext("No English in the file.")
            continue
        try:
            value, note = _clean_english(obj, field_name, entry.msgstr)
        except ValidationError as exc:
            result.message = " ".join(exc.messages)
            continue
        key = (type(obj), obj.pk)
        current = getattr(obj, english_name(field_name)) or ""
        if value == current:
            status = next(s for s in field_statuses(obj, records_for(obj)) if s.field == field_name)
            if status.state == OUTDATED:
                result.outcome = CONFIRMED
                confirmations.setdefault(key, []).append(field_name)
            else:
                result.outcome = UNCHANGED
            continue
        result.outcome = UPDATED
        result.message = note
        changes.setdefault(key, {})[field_name] = value
    if not dry_run:
        with transaction.atomic():
            for key, values in changes.items():
                obj = cache[key]
                for field_name, value in values.items():
                    setattr(obj, english_name(field_name), value)
                auto_now = [
                    f.name for f in obj._meta.concrete_fields if getattr(f, "auto_now", False)
                ]
                obj.save(update_fields=[english_name(name) for name in values] + auto_now)
            for key, fields in confirmations.items():
                confirm_english(cache[key], fields)
    return report
