"""Changing the translation state: recording what English was translated from, confirming
English as still correct, saying a Dutch change needs no retranslation, and putting the
English of a rich-text field together from its segments."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _

from content.richtext import sanitize_html

from .memory import CHUNK, field_pairs, learn, learn_field
from .models import TranslationRecord
from .registry import english_name, tracked_fields
from .segments import SegmentError, render
from .state import COMPLETE, OUTDATED, field_statuses, records_for, source_hash

_trivial_source_change = ContextVar("trivial_source_change", default=False)

# Set on an instance before saving it: {field: the Dutch its new English was translated
# from}, when that is not simply the current Dutch (English for some segments only).
TRANSLATED_FROM = "_translation_translated_from"


@contextmanager
def source_change_is_trivial():
    """Within this block, saving a changed Dutch text keeps up-to-date English up to date:
    an editor's "no retranslation needed" for a typo fix."""
    token = _trivial_source_change.set(True)
    try:
        yield
    finally:
        _trivial_source_change.reset(token)


def source_change_is_trivial_now():
    return _trivial_source_change.get()


_batch = ContextVar("translation_record_batch", default=None)


def record_translation(obj, field_name, source):
    """Store that the English of ``field_name`` was translated from the Dutch ``source``,
    and let the translation memory learn its segments (at the end of a
    ``batched_records`` block, if in one)."""
    pending = _batch.get()
    if pending is not None:
        content_type = ContentType.objects.get_for_model(obj)
        english = getattr(obj, english_name(field_name))
        pending[(content_type.pk, obj.pk, field_name)] = (
            source or "",
            field_pairs(type(obj), field_name, source, english),
        )
        return
    TranslationRecord.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        field=field_name,
        defaults={"source_hash": source_hash(source), "source_text": source or ""},
    )
    learn_field(obj, field_name, source)


@contextmanager
def batched_records():
    """Within this block, records and the memory are written once, at the end, in bulk
    (an import saves thousands of fields; one query each would not fit its time)."""
    pending = {}
    token = _batch.set(pending)
    try:
        yield
    finally:
        _batch.reset(token)
    _write_records(pending)


def _write_records(pending):
    by_type = {}
    for (content_type_id, object_id, field_name), value in pending.items():
        by_type.setdefault(content_type_id, {})[(object_id, field_name)] = value
    now = timezone.now()
    pairs = []
    for content_type_id, values in by_type.items():
        ids = sorted({object_id for object_id, _field in values})
        existing = {}
        for start in range(0, len(ids), CHUNK):
            for record in TranslationRecord.objects.filter(
                content_type_id=content_type_id, object_id__in=ids[start : start + CHUNK]
            ):
                existing[(record.object_id, record.field)] = record
        changed, new = [], []
        for (object_id, field_name), (source, field_pairs_) in values.items():
            pairs += field_pairs_
            record = existing.get((object_id, field_name))
            if record is None:
                record = TranslationRecord(
                    content_type_id=content_type_id, object_id=object_id, field=field_name
                )
                new.append(record)
            else:
                changed.append(record)
            record.source_hash, record.source_text = source_hash(source), source
            record.translated_at = now
        TranslationRecord.objects.bulk_update(
            changed, ["source_hash", "source_text", "translated_at"], batch_size=CHUNK
        )
        TranslationRecord.objects.bulk_create(new, batch_size=CHUNK)
    learn(pairs)


def forget_translation(obj, field_names):
    TranslationRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        field__in=field_names,
    ).delete()


def set_translated_from(obj, field_name, source):
    """Say, before saving ``obj``, which Dutch the English of ``field_name`` renders."""
    obj.__dict__.setdefault(TRANSLATED_FROM, {})[field_name] = source


class AssemblyError(Exception):
    """English segments that cannot be put together: {segment number or None: [messages]}."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__(
            "; ".join(message for messages in problems.values() for message in messages)
        )


def assemble_english(field_status, updates=None, confirm=(), remove=()):
    """(English HTML, the Dutch HTML it was translated from) of a rich-text field.

    ``updates`` maps segment numbers to new English (notation) written for the current
    Dutch; the numbers in ``confirm`` keep their English, now counted as translated from
    the current Dutch; those in ``remove`` lose it. Every other segment keeps the English
    it has (translated from the Dutch it had then); segments without English are left out
    of both texts, so they stay missing. English divided unlike its Dutch can only be
    replaced as a whole, by ``updates`` for every segment. Raises AssemblyError.
    """
    updates = updates or {}
    analysis = field_status.segments
    document = analysis.document
    english, sources, problems = {}, {}, {}
    if not analysis.aligned and analysis.statuses:
        missing = [s.number for s in analysis.statuses if s.number not in updates]
        if missing and (updates or confirm):
            problems[None] = [
                _(
                    "The English of this field is not divided into the same paragraphs as "
                    "the Dutch, so it can only be replaced as a whole: give English for all "
                    "%(count)s segments (missing: %(numbers)s)."
                )
                % {
                    "count": len(analysis.statuses),
                    "numbers": ", ".join(str(number) for number in missing),
                }
            ]
            raise AssemblyError(problems)
    for index, status in enumerate(analysis.statuses):
        segment = status.segment
        if status.number in updates:
            try:
                english[index] = render(updates[status.number], segment.codes)
                sources[index] = segment.html
            except SegmentError as error:
                problems[status.number] = error.messages
            continue
        if not analysis.aligned or status.english_html is None or status.number in remove:
            continue
        now = status.state == COMPLETE or status.number in confirm
        rendered = None
        if now and status.english is not None:
            try:
                rendered = render(status.english, segment.codes)
            except SegmentError:
                rendered = None
        if rendered is not None:
            english[index], sources[index] = rendered, segment.html
        else:
            english[index] = status.english_html
            sources[index] = segment.html if status.state == COMPLETE else status.previous.html
    if problems:
        raise AssemblyError(problems)
    return sanitize_html(document.assemble(english)), document.assemble(sources)


def confirm_english(obj, field_names=None):
    """The translator's "still correct": the current English of outdated fields (all tracked
    fields, or ``field_names``) now counts as translated from the current Dutch.

    Rich text divided like its Dutch is put together again from its segments, so English
    of a Dutch paragraph that was deleted goes and the layout follows the Dutch; English
    still missing for a new Dutch paragraph stays missing.

    Returns the names of the fields that were outdated and are now up to date.
    """
    wanted = set(tracked_fields(type(obj)) if field_names is None else field_names)
    confirmed = []
    changed = []
    for status in field_statuses(obj, records_for(obj)):
        if status.field not in wanted or status.state != OUTDATED:
            continue
        confirmed.append(status.field)
        if status.segments is None or not status.segments.aligned:
            record_translation(obj, status.field, status.source)
            continue
        numbers = {s.number for s in status.segments.statuses if s.state == OUTDATED}
        english, source = assemble_english(status, confirm=numbers)
        if english == status.english:
            record_translation(obj, status.field, source)
        else:
            setattr(obj, english_name(status.field), english)
            set_translated_from(obj, status.field, source)
            changed.append(english_name(status.field))
    if changed:
        obj.save(update_fields=changed + auto_now_fields(obj))
    return confirmed


def auto_now_fields(obj):
    return [f.name for f in obj._meta.concrete_fields if getattr(f, "auto_now", False)]
