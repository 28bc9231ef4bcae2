"""The report of each import, kept so it can be read, downloaded and acted on.

The import page shows a summary first and the units grouped by outcome (conflicts and
refusals open, the rest folded away, at most ``PAGE_ROWS`` per group); the whole report is
a CSV download. A conflict is settled from the report: the file's English (applied only
if the site's English is still the one shown) or the site's. Reports are kept for
``KEEP_DAYS`` days.
"""

import csv
import io
from dataclasses import replace
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import TranslationImport
from .formats import USE, FileUnit
from .importer import (
    CONFLICT,
    KEPT,
    OUTCOME_LABELS,
    REPORT_ORDER,
    UNCONFIRMED,
    UnitResult,
    apply_units,
)
from .units import fingerprint, parse_unit_id

KEEP_DAYS = 30
PAGE_ROWS = 200


def store(report, *, user=None, file_name=""):
    """Save ``report`` as a TranslationImport (and forget reports older than KEEP_DAYS)."""
    TranslationImport.objects.filter(
        created_at__lt=timezone.now() - timedelta(days=KEEP_DAYS)
    ).delete()
    return TranslationImport.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        file_name=(file_name or "")[:255],
        file_format=report.file_format,
        dry_run=report.dry_run,
        counts=_counts(report.results),
        results=[result.as_dict() for result in report.results],
    )


def _counts(results):
    counts = dict.fromkeys(OUTCOME_LABELS, 0)
    for result in results:
        counts[result.outcome] += 1
    return counts


def results(stored):
    return [UnitResult.from_dict(data) for data in stored.results]


def groups(stored, limit=None):
    """[(outcome, label, count, first ``limit`` results)] in the report's order."""
    limit = limit or PAGE_ROWS
    by_outcome = {}
    for result in results(stored):
        by_outcome.setdefault(result.outcome, []).append(result)
    return [
        (outcome, OUTCOME_LABELS[outcome], len(by_outcome[outcome]), by_outcome[outcome][:limit])
        for outcome in REPORT_ORDER
        if by_outcome.get(outcome)
    ]


def summary(stored):
    return [(OUTCOME_LABELS[outcome], stored.counts.get(outcome, 0)) for outcome in REPORT_ORDER]


def as_csv(stored):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Unit"),
            _("Item and field"),
            _("Result"),
            _("Details"),
            _("Site's English"),
            _("File's English"),
        ]
    )
    for result in results(stored):
        writer.writerow(
            [
                _cell(result.unit_id),
                _cell(result.label),
                _cell(str(result.outcome_label)),
                _cell(result.message),
                _cell(result.site or ""),
                _cell(result.file or ""),
            ]
        )
    return out.getvalue()


def _cell(value):
    """A cell a spreadsheet never runs as a formula: one starting with = + - @ (or a tab or
    carriage return) gets a leading apostrophe. The texts come from uploaded files."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def accept(stored, unit_ids, *, user=None):
    """Apply the file's English of the unconfirmed units of ``stored`` named in ``unit_ids``
    (or all of them: ``"all"``), with the checks of an import (a conflict if the site's
    English changed since the export). Returns the number applied."""
    current = results(stored)
    everything = unit_ids == "all"
    position = {}
    to_apply = []
    for index, result in enumerate(current):
        if result.outcome != UNCONFIRMED or not (everything or result.unit_id in unit_ids):
            continue
        to_apply.append(FileUnit(result.unit_id, result.source or "", result.file or "", USE))
        position[result.unit_id] = index
    applied = 0
    if to_apply:
        for new in apply_units(to_apply, user=user).results:
            current[position[new.unit_id]] = new
            applied += new.outcome != UNCONFIRMED
    stored.results = [result.as_dict() for result in current]
    stored.counts = _counts(current)
    stored.save(update_fields=["results", "counts"])
    return applied


def resolve(stored, choices, *, user=None):
    """Settle conflicts of ``stored``: ``choices`` maps unit IDs to "file" or "site".

    "file" applies the file's English if the site's English is still the one the report
    shows (else the unit is a conflict again, with the newer English); "site" keeps the
    site's English. Returns the number of units settled."""
    current = results(stored)
    wanted = {key: value for key, value in choices.items() if value in ("file", "site")}
    position = {}
    to_apply = []
    settled = 0
    for index, result in enumerate(current):
        if result.outcome != CONFLICT or result.unit_id not in wanted:
            continue
        if wanted[result.unit_id] == "site":
            current[index] = UnitResult(
                result.unit_id, KEPT, _("The site's English was kept."), result.label
            )
            settled += 1
            continue
        parsed = parse_unit_id(result.unit_id)
        if parsed is None:
            continue
        unit_id = str(replace(parsed, fingerprint=fingerprint(result.site)))
        to_apply.append(FileUnit(unit_id, result.source or "", result.file or "", USE))
        position[unit_id] = index
    if to_apply:
        report = apply_units(to_apply, user=user)
        for new in report.results:
            index = position[new.unit_id]
            new.unit_id = current[index].unit_id  # as the file named it
            current[index] = new
            settled += new.outcome != CONFLICT
    stored.results = [result.as_dict() for result in current]
    stored.counts = _counts(current)
    stored.save(update_fields=["results", "counts"])
    return settled
