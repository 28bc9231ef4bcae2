"""Importing a translated file: every unit is checked, then applied or reported.

Nothing the translator did is lost, whatever tool wrote the file: a unit whose English is
not what was exported (nor a copy of the Dutch) is the translator's work and is applied,
whatever the file's ``state``/fuzzy marks say (tools keep confirmation in marks of their
own: OmegaT never changes ``state``). A unit whose English *is* what the site offered (a
suggestion from the memory, or the English of the older Dutch) is applied only when the
file marks it done in one of the common ways (``state`` translated/signed-off/final,
``approved="yes"``, not fuzzy); otherwise it is reported, its English shown, for a one-click
"accept" on the report page. Every skipped unit is reported with the file's text.

Nothing already in the site is lost: a unit is applied only when its Dutch is still the
exported one, its English passes the checks the admin form makes, and the site's English
for it is still the one the file was exported with (its fingerprint). Otherwise it is
refused (with the reason) or, when the site's English changed since the export, reported
as a *conflict* with both texts, for the translator to choose. A file that cannot be read,
is over the limits or names a unit twice is refused as a whole. All changes of one import
are saved in one transaction; each changed object keeps its previous version in history.
"""

import contextlib
import re
from dataclasses import asdict, dataclass, field, replace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from content.recording import recording
from content.richtext import sanitize_html

from ..glossary import all_terms, dropped
from ..memory import segment_hash, suggestions
from ..registry import english_name, source_name, translated_fields
from ..roles import change_permission
from ..segments import SegmentError, _escape_text, plain_text, render
from ..services import (
    AssemblyError,
    assemble_english,
    auto_now_fields,
    batched_records,
    confirm_english,
    record_translation,
    set_translated_from,
)
from ..signal_handlers import KNOWN_PREVIOUS, previous_values
from ..state import OUTDATED, field_statuses, load_records, source_hash
from ..validation import (
    validate_link_scheme,
    validate_no_control_characters,
    validate_no_markup,
    validate_single_line,
)
from .formats import EMPTY, REVIEW, MalformedFile, read_file
from .units import (
    PLAIN,
    RICH,
    SLUG,
    URL,
    field_kind,
    fingerprint,
    model_for,
    parse_unit_id,
    site_english,
)

# Limits that keep an import well within the production server's 30 s worker timeout
# (bench/README.md: the benchmark's 5 MB file, 10,980 units all applied, takes about 5 s).
# The people who run the site may set other limits in the settings.
MAX_IMPORT_BYTES = getattr(settings, "TRANSLATION_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
MAX_IMPORT_UNITS = getattr(settings, "TRANSLATION_IMPORT_MAX_UNITS", 12_000)

UPDATED = "updated"
CONFIRMED = "confirmed"
UNCHANGED = "unchanged"
SKIPPED = "skipped"
UNCONFIRMED = "unconfirmed"
CONFLICT = "conflict"
KEPT = "kept"
REFUSED = "refused"
OUTCOME_LABELS = {
    UPDATED: gettext_lazy("English filled in"),
    CONFIRMED: gettext_lazy("English confirmed as still correct"),
    UNCHANGED: gettext_lazy("unchanged"),
    SKIPPED: gettext_lazy("skipped"),
    UNCONFIRMED: gettext_lazy("suggestion not confirmed in the file"),
    CONFLICT: gettext_lazy("conflict: the English in the site changed since the export"),
    KEPT: gettext_lazy("the site's English kept"),
    REFUSED: gettext_lazy("refused"),
}
# The order of the report: what needs the translator first.
REPORT_ORDER = [CONFLICT, UNCONFIRMED, REFUSED, UPDATED, CONFIRMED, KEPT, SKIPPED, UNCHANGED]


@dataclass
class UnitResult:
    unit_id: str
    outcome: str
    message: str = ""
    label: str = ""
    # The Dutch, the site's English (conflicts) and the file's English (notation; rich
    # text's, or plain text as written) of conflicts, skipped and unconfirmed units.
    source: str | None = None
    site: str | None = None
    file: str | None = None

    @property
    def outcome_label(self):
        return OUTCOME_LABELS[self.outcome]

    def as_dict(self):
        return {key: value for key, value in asdict(self).items() if value not in (None, "")}

    @classmethod
    def from_dict(cls, data):
        return cls(**data)


@dataclass
class ImportReport:
    results: list = field(default_factory=list)
    dry_run: bool = False
    file_format: str = ""

    def count(self, outcome):
        return sum(1 for result in self.results if result.outcome == outcome)

    @property
    def counts(self):
        return [(OUTCOME_LABELS[outcome], self.count(outcome)) for outcome in OUTCOME_LABELS]


class ImportFailed(Exception):
    """The database refused the import as a whole (nothing was changed)."""


def read(data):
    """(format, [FileUnit]) of a file that may be imported; MalformedFile otherwise."""
    if len(data) > MAX_IMPORT_BYTES:
        raise MalformedFile(
            _("The file is larger than %(size)s MB, the most one import may hold; split it.")
            % {"size": _megabytes(MAX_IMPORT_BYTES)}
        )
    file_format, units = read_file(data)
    if not units:
        raise MalformedFile(_("The file contains no translation units."))
    if len(units) > MAX_IMPORT_UNITS:
        raise MalformedFile(
            _(
                "The file has %(count)s units, more than the %(limit)s one import may hold; "
                "export a smaller scope or split the file."
            )
            % {"count": f"{len(units):,}", "limit": f"{MAX_IMPORT_UNITS:,}"}
        )
    seen, duplicates = set(), []
    for unit in units:
        parsed = parse_unit_id(unit.id)
        key = parsed.base if parsed else unit.id.strip()
        if not key:
            continue
        if key in seen and key not in duplicates:
            duplicates.append(key)
        seen.add(key)
    if duplicates:
        shown = ", ".join(duplicates[:10])
        more = len(duplicates) - 10
        raise MalformedFile(
            ngettext(
                "The unit %(ids)s appears more than once in the file, so which English "
                "counts is unclear; nothing was imported. Remove the extra copy.",
                "These units appear more than once in the file, so which English counts is "
                "unclear; nothing was imported: %(ids)s. Remove the extra copies.",
                len(duplicates),
            )
            % {"ids": shown + (f" (+{more})" if more > 0 else "")}
        )
    return file_format, units


def _megabytes(size):
    return f"{size / (1024 * 1024):g}"


def import_file(data, *, user=None, dry_run=False, take_file=()):
    """Import a PO or XLIFF file. Returns an ImportReport with one result per unit.

    Raises MalformedFile (and changes nothing) when the file cannot be used as a whole,
    ImportFailed when the database refused it. ``take_file``: unit IDs (or "all") whose
    conflicts are settled in favour of the file's English.
    """
    file_format, units = read(data)
    report = apply_units(units, user=user, dry_run=dry_run, take_file=take_file)
    report.file_format = file_format
    return report


# Checking each unit ------------------------------------------------------------------------


@dataclass
class _Target:
    """Everything known about the object and field a unit is for."""

    obj: object
    field: str
    kind: str
    status: object  # state.FieldStatus (None for slugs)
    label: str


class _Plan:
    def __init__(self):
        self.segments = {}  # (key, field) -> {number: notation}
        self.confirm_segments = {}  # (key, field) -> {numbers}
        self.values = {}  # key -> {field: value}
        self.confirm = {}  # key -> [field]
        self.whole = {}  # key -> {field: html}
        self.results_by_field = {}  # (key, field) -> {number or None: [UnitResult]}
        self.objects = {}

    def note(self, key, field_name, number, result):
        self.results_by_field.setdefault((key, field_name), {}).setdefault(number, []).append(
            result
        )


def _same(a, b):
    return re.sub(r"\s+", " ", a or "").strip() == re.sub(r"\s+", " ", b or "").strip()


def _messages(error):
    return " ".join(error.messages)


class _Importer:
    def __init__(self, units, user, take_file):
        self.units = units
        self.user = user
        self.take_all = take_file == "all" or "all" in (take_file or ())
        self.take = {str(unit).split(":")[0] for unit in (take_file or ()) if unit != "all"}
        self.plan = _Plan()
        self.objects = {}
        self.statuses = {}
        self.form_fields = {}
        self.permitted = {}
        self.slugs = {}  # (model, field) -> {value: [(key, result)]}
        self.memory = {}  # segment_hash(Dutch) -> the memory's English (for REVIEW units)
        self.terms = None  # the glossary, read when a unit is applied

    def load(self):
        wanted = {}
        for unit in self.units:
            parsed = parse_unit_id(unit.id)
            if parsed is None:
                continue
            model = model_for(parsed.app, parsed.model)
            if model is not None:
                wanted.setdefault(model, set()).add(parsed.pk)
        for model, pks in wanted.items():
            for pk, obj in model._default_manager.in_bulk(list(pks)).items():
                self.objects[(model, pk)] = obj
        records = load_records(list(self.objects.values()))
        for key, obj in self.objects.items():
            self.statuses[key] = {
                status.field: status for status in field_statuses(obj, records.get(key, {}))
            }

    def target(self, unit_id):
        parsed = parse_unit_id(unit_id)
        if parsed is None:
            return parsed, None
        model = model_for(parsed.app, parsed.model)
        if model is None or parsed.field not in translated_fields(model):
            return parsed, None
        obj = self.objects.get((model, parsed.pk))
        if obj is None:
            return parsed, None
        kind = field_kind(model, parsed.field)
        if parsed.segment is not None and kind != RICH:
            return parsed, None
        status = self.statuses[(model, parsed.pk)].get(parsed.field)
        label = (
            f"{obj._meta.verbose_name} “{obj}”: {obj._meta.get_field(parsed.field).verbose_name}"
        )
        if parsed.segment is not None:
            label += " " + _("(segment %(number)s)") % {"number": parsed.segment}
        return parsed, _Target(obj, parsed.field, kind, status, label)

    def may_change(self, model):
        if self.user is None:
            return True
        if model not in self.permitted:
            self.permitted[model] = self.user.has_perm(change_permission(model))
        return self.permitted[model]

    def load_memory(self):
        """What the memory suggests for the Dutch of the units not marked done."""
        wanted = set()
        for unit in self.units:
            if unit.use != REVIEW:
                continue
            wanted.add(unit.source)
            with contextlib.suppress(SegmentError):
                wanted.add(plain_text(unit.source, unit.escaped))
        self.memory = {
            segment_hash(dutch): english for dutch, english in suggestions(list(wanted)).items()
        }

    def suggested(self, dutch, english):
        """Whether ``english`` is what the memory offers for ``dutch``."""
        offered = self.memory.get(segment_hash(dutch))
        return offered is not None and _same(offered, english)

    def warn_terms(self, dutch, english, result):
        """Add a warning to ``result`` for each glossary term of the Dutch the English
        lacks (the English is applied: a term may rightly be rephrased)."""
        if self.terms is None:
            self.terms = all_terms()
        missing = dropped(dutch, english, self.terms)
        if missing:
            warning = _("Glossary: the English lacks %(terms)s.") % {
                "terms": ", ".join(
                    f"“{term.target}”" + (f" ({term.dutch})" if term.english else "")
                    for term in missing
                )
            }
            result.message = f"{result.message} {warning}".strip()

    def run(self):
        self.load()
        self.load_memory()
        results = []
        for unit in self.units:
            result = UnitResult(unit.id.strip(), REFUSED)
            results.append(result)
            self.check(unit, result)
        self.check_slugs()
        for unit, result in zip(self.units, results, strict=True):
            # What was not used is shown with the file's text, never silently dropped.
            if result.outcome == REFUSED and result.file is None and unit.target.strip():
                result.source, result.file = unit.source, unit.target
        return results

    def check(self, unit, result):
        parsed, target = self.target(unit.id)
        if target is None:
            result.message = _(
                "Unknown unit ID: not exported by this site, or the item was deleted."
            )
            return
        result.label = target.label
        obj = target.obj
        key = (type(obj), obj.pk)
        if not self.may_change(type(obj)):
            result.message = _("You may not change this item.")
            return
        if unit.problem:
            result.message = unit.problem
            return
        if target.kind == RICH and parsed.segment is not None:
            self.check_segment(unit, parsed, target, key, result)
        elif target.kind == RICH:
            self.check_whole(unit, parsed, target, key, result)
        else:
            try:  # a plain-text unit's text, as written
                unit = replace(
                    unit,
                    source=plain_text(unit.source, unit.escaped),
                    target=plain_text(unit.target, unit.escaped),
                )
            except SegmentError as error:
                result.message = " ".join(error.messages)
                return
            self.check_field(unit, parsed, target, key, result)

    def _skip(self, unit, result):
        """True (with the result set) when the file has no English for the unit: none, or
        still the copy of the Dutch (shown in the report)."""
        if unit.use == EMPTY:
            result.outcome = SKIPPED
            result.message = (
                _("The file's target is still the copy of the Dutch.")
                if unit.target.strip()
                else _("No English in the file.")
            )
            result.source, result.file = unit.source, unit.target or None
            return True
        return False

    def _unconfirmed(self, unit, result, why):
        """Report a unit whose English is what the site offered, not marked done."""
        result.outcome = UNCONFIRMED
        result.message = (
            why
            + " "
            + _("The file does not mark it as translated; accept it on this page if it is right.")
        )
        result.source, result.file = unit.source, unit.target

    def _offered(self, unit, result, dutch):
        """True (reported unconfirmed) when the English, not marked done, is the memory's
        suggestion for ``dutch``."""
        if unit.use == REVIEW and self.suggested(dutch, unit.target):
            self._unconfirmed(unit, result, _("The file's English is the memory's suggestion."))
            return True
        return False

    def _control_characters(self, unit, result):
        """True (with the reason) when the English has a control character or NUL."""
        try:
            validate_no_control_characters(unit.target)
        except ValidationError as error:
            result.message = _messages(error)
            return True
        return False

    def _dutch_changed(self, result):
        result.message = _(
            "The Dutch text changed since the export; export again to translate the current text."
        )

    def _conflict(self, unit, parsed, site, result, source):
        """True (with the result a conflict) when the site's English is no longer the one
        the file was exported with and the file's English differs from it."""
        if parsed.fingerprint == fingerprint(site) or not (site or "").strip():
            return False
        if self.take_all or parsed.base in self.take:
            return False
        result.outcome = CONFLICT
        result.message = _(
            "The English in the site changed after this file was exported, so the file's "
            "English was not used. Choose which of the two stays."
        )
        result.source, result.site, result.file = source, site, unit.target
        return True

    def check_segment(self, unit, parsed, target, key, result):
        analysis = target.status.segments if target.status else None
        if analysis is None:
            self._dutch_changed(result)
            return
        statuses = analysis.statuses
        segment_status = None
        if 0 < parsed.segment <= len(statuses) and _same(
            statuses[parsed.segment - 1].segment.notation, unit.source
        ):
            segment_status = statuses[parsed.segment - 1]
        else:
            found = [s for s in statuses if _same(s.segment.notation, unit.source)]
            if len(found) == 1:
                segment_status = found[0]
        if segment_status is None:
            self._dutch_changed(result)
            return
        if self._skip(unit, result) or self._control_characters(unit, result):
            return
        try:
            html = render(unit.target.strip(), segment_status.segment.codes)
        except SegmentError as error:
            result.message = " ".join(error.messages)
            return
        if not re.sub(r"<[^>]+>", "", html).strip():
            result.message = _(
                "Nothing is left of this English once its markup is set aside: it was not used."
            )
            return
        site = site_english(target.status, segment_status)
        current = segment_status.english
        if current is not None and _same(current, unit.target):
            if segment_status.state == OUTDATED and unit.use == REVIEW:
                self._unconfirmed(unit, result, _("The file's English is that of the older Dutch."))
            elif segment_status.state == OUTDATED:
                result.outcome = CONFIRMED
                self.plan.confirm_segments.setdefault((key, target.field), set()).add(
                    segment_status.number
                )
                self.plan.note(key, target.field, segment_status.number, result)
            else:
                result.outcome = UNCHANGED
            return
        if self._offered(unit, result, segment_status.segment.notation):
            return
        if self._conflict(unit, parsed, site, result, segment_status.segment.notation):
            return
        result.outcome = UPDATED
        self.warn_terms(segment_status.segment.notation, unit.target, result)
        self.plan.segments.setdefault((key, target.field), {})[segment_status.number] = (
            unit.target.strip()
        )
        self.plan.note(key, target.field, segment_status.number, result)

    def check_whole(self, unit, parsed, target, key, result):
        """A rich-text field as one unit, as files exported before segments have it."""
        obj = target.obj
        if source_hash(unit.source) != source_hash(getattr(obj, source_name(target.field))):
            self._dutch_changed(result)
            return
        if self._skip(unit, result) or self._control_characters(unit, result):
            return
        value = sanitize_html(unit.target)
        if not value:
            result.message = _(
                "Nothing is left of this English once the markup that is not allowed is "
                "removed, so it was not used."
            )
            return
        note = "" if value == unit.target else _("Markup that is not allowed was removed.")
        current = target.status.english
        if value == current:
            self._same_as_site(unit, target, key, result)
            return
        if self._conflict(unit, parsed, current, result, unit.source):
            return
        result.outcome = UPDATED
        result.message = note
        self.plan.whole.setdefault(key, {})[target.field] = value

    def _same_as_site(self, unit, target, key, result):
        outdated = target.status is not None and target.status.state == OUTDATED
        if outdated and unit.use == REVIEW:
            self._unconfirmed(unit, result, _("The file's English is that of the older Dutch."))
        elif outdated:
            result.outcome = CONFIRMED
            self.plan.confirm.setdefault(key, []).append(target.field)
        else:
            result.outcome = UNCHANGED

    def clean_value(self, target, value):
        """The value to store for a plain-text, slug or address unit (as the admin form
        cleans it), or ValidationError."""
        model = type(target.obj)
        name = english_name(target.field)
        model_field = model._meta.get_field(name)
        if (model, name) not in self.form_fields:
            self.form_fields[(model, name)] = model_field.formfield()
        validate_no_control_characters(value)
        if target.kind == PLAIN:
            if model_field.get_internal_type() == "CharField":
                validate_single_line(value.strip())
            validate_no_markup(value)
        cleaned = self.form_fields[(model, name)].clean(value)
        model_field.clean(cleaned, target.obj)
        if target.kind == URL and cleaned:
            validate_link_scheme(cleaned)
        return cleaned

    def check_field(self, unit, parsed, target, key, result):
        obj = target.obj
        dutch = getattr(obj, source_name(target.field)) or ""
        if source_hash(unit.source) != source_hash(dutch):
            self._dutch_changed(result)
            return
        if self._skip(unit, result):
            return
        try:
            value = self.clean_value(target, unit.target)
        except ValidationError as error:
            result.message = _messages(error)
            return
        if not value:
            result.outcome = SKIPPED
            result.message = _("No English in the file.")
            return
        current = getattr(obj, english_name(target.field)) or ""
        if value == current:
            self._same_as_site(unit, target, key, result)
            return
        if target.kind == PLAIN and self._offered(unit, result, dutch.strip()):
            return
        if self._conflict(unit, parsed, current, result, unit.source.strip()):
            return
        result.outcome = UPDATED
        if target.kind == PLAIN:
            self.warn_terms(_escape_text(dutch), _escape_text(value), result)
        self.plan.values.setdefault(key, {})[target.field] = value
        if target.kind == SLUG:
            self.slugs.setdefault((type(obj), target.field), {}).setdefault(value, []).append(
                (key, result)
            )

    def check_slugs(self):
        """An English address no other object has, in either language, nor another unit."""
        for (model, field_name), values in self.slugs.items():
            lookup = Q()
            for code, _name in settings.LANGUAGES:
                lookup |= Q(**{f"{field_name}_{code}__in": list(values)})
            taken = {}
            for obj in model._default_manager.filter(lookup):
                for code, _name in settings.LANGUAGES:
                    value = getattr(obj, f"{field_name}_{code}")
                    if value in values:
                        taken.setdefault(value, set()).add(obj.pk)
            for value, claims in values.items():
                owners = {key[1] for key, _result in claims}
                others = taken.get(value, set()) - owners
                if others or len(claims) > 1:
                    for key, result in claims:
                        result.outcome = REFUSED
                        result.message = _(
                            "The address “%(slug)s” is already used by another item, or given "
                            "to more than one in this file; choose another."
                        ) % {"slug": value}
                        self.plan.values[key].pop(field_name, None)


def apply_units(units, *, user=None, dry_run=False, take_file=()):
    """Check and (unless ``dry_run``) apply FileUnits; an ImportReport."""
    report = ImportReport(dry_run=dry_run)
    try:
        with transaction.atomic():
            importer = _Importer(units, user, take_file)
            report.results = importer.run()
            if dry_run:
                # A check shows the English it would apply, for the translator to read.
                for unit, result in zip(units, report.results, strict=True):
                    if result.outcome in (UPDATED, CONFIRMED) and result.file is None:
                        result.source, result.file = unit.source, unit.target
            with batched_records():
                confirmations = _apply(importer, dry_run)
            for obj, fields in confirmations:
                confirm_english(obj, fields)
    except (IntegrityError, DatabaseError) as exc:
        raise ImportFailed(
            _("The database refused the import (%(error)s); nothing was changed. Try again.")
            % {"error": str(exc).splitlines()[0][:200]}
        ) from exc
    return report


def _apply(importer, dry_run):
    plan = importer.plan
    rich_fields = {}
    for key, name in [*plan.segments, *plan.confirm_segments]:
        rich_fields.setdefault(key, set()).add(name)
    keys = set(plan.values) | set(plan.confirm) | set(plan.whole) | set(rich_fields)
    confirmations = []
    saves = []
    for key in sorted(keys, key=lambda key: (key[0]._meta.label, key[1])):
        obj = importer.objects[key]
        previous = previous_values(obj)
        changed = []
        values = dict(plan.values.get(key, {}))
        values.update(plan.whole.get(key, {}))
        for name, value in values.items():
            setattr(obj, english_name(name), value)
            changed.append(english_name(name))
        records = []
        for name in sorted(rich_fields.get(key, ())):
            status = importer.statuses[key][name]
            try:
                english, source = assemble_english(
                    status,
                    plan.segments.get((key, name), {}),
                    plan.confirm_segments.get((key, name), set()),
                )
            except AssemblyError as error:
                _refuse_field(plan, key, name, error)
                continue
            if english == status.english:
                records.append((name, source))
                continue
            setattr(obj, english_name(name), english)
            set_translated_from(obj, name, source)
            changed.append(english_name(name))
        if dry_run:
            continue
        if changed:
            obj.__dict__[KNOWN_PREVIOUS] = previous
            saves.append((obj, changed + auto_now_fields(obj)))
        for name, source in records:
            record_translation(obj, name, source)
        if plan.confirm.get(key):
            confirmations.append((obj, plan.confirm[key]))
    user = importer.user if importer.user is not None and importer.user.pk else None
    # One revision per item changed, by the importer, in the import's transaction.
    with recording(user=user, comment=_("English imported from a translation file")):
        for obj, update_fields in saves:
            obj.save(update_fields=update_fields)
    return confirmations


def _refuse_field(plan, key, field_name, error):
    by_number = plan.results_by_field.get((key, field_name), {})
    for number, messages in error.problems.items():
        affected = (
            [result for results in by_number.values() for result in results]
            if number is None
            else by_number.get(number, [])
        )
        for result in affected:
            result.outcome = REFUSED
            result.message = " ".join(messages)
