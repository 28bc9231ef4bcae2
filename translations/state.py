"""Translation state of content: complete, missing or outdated English, per field and item.

A field's English is
- *missing* when the Dutch has text and the English is empty ('' or NULL: modeltranslation
  stores both, and lookups never fall back, so both are checked here in Python);
- *outdated* when the Dutch text is no longer the one the English was translated from
  (its hash differs from the stored ``TranslationRecord``);
- *complete* otherwise. English written before this workflow existed has no record yet and
  counts as complete; the first save after that records what it was translated from.
An item (a project with its videos and links, a country, ...) is missing when any field is,
otherwise outdated when any field is, otherwise complete.

Rich text is looked at per segment as well (``FieldStatus.segments``, see ``segments.py``):
the Dutch the English was translated from is split like the current Dutch, the two are
aligned, and only the segments whose Dutch changed are outdated (new ones are missing). A
field whose Dutch only gained paragraphs is *missing* (English for those), not outdated.
The English is paired with those segments when it is divided the same way (it is when it
was written per segment, on the translator's form or by an import); English divided
differently (written freely in the editor) is *unaligned* and handled as a whole.
"""

import difflib
import hashlib
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from content.richtext import RichTextField

from .models import TranslationRecord
from .registry import (
    english_name,
    is_optional,
    kind_for_model,
    source_name,
    tracked_fields,
)
from .segments import CODE_TOKEN, split

COMPLETE = "complete"
MISSING = "missing"
OUTDATED = "outdated"
STATE_LABELS = {
    COMPLETE: _("complete"),
    MISSING: _("missing"),
    OUTDATED: _("outdated"),
}


def source_hash(text):
    """The hash stored for a Dutch source text (surrounding white space ignored)."""
    return hashlib.sha256((text or "").strip().encode("utf-8")).hexdigest()


def words(text):
    """``text`` with every run of white space as one space: what a reader sees of it."""
    return " ".join((text or "").split())


def same_source(model, field_name, before, now):
    """Whether two Dutch texts differ in white space only (the editor's rich text
    normalises a double space, a line break between paragraphs): no reason to translate
    again."""
    if not is_rich(model, field_name):
        return words(before) == words(now)
    return [words(n) for n in split(before).notations] == [words(n) for n in split(now).notations]


def unit_id(obj, field_name):
    """A stable ID for one translatable field of one object: app.model.pk.field."""
    return f"{obj._meta.app_label}.{obj._meta.model_name}.{obj.pk}.{field_name}"


def is_rich(model, field_name):
    return isinstance(model._meta.get_field(field_name), RichTextField)


@dataclass
class SegmentStatus:
    """One segment of a rich-text field: its current Dutch, its state, and the English now
    in the site for it (in the notation, numbered like the current Dutch's codes)."""

    number: int  # 1-based position in the current Dutch
    segment: object  # segments.Segment
    state: str
    english: str | None = None
    english_html: str | None = None  # the English segment as it stands in the site
    previous: object = None  # the Dutch segment the English was translated from, if changed

    @property
    def needs_work(self):
        return self.state in (MISSING, OUTDATED)


@dataclass
class FieldSegments:
    document: object  # segments.Document of the current Dutch
    statuses: list
    aligned: bool  # the English is divided like the Dutch it was translated from
    removed: list = field(default_factory=list)  # Dutch segments deleted since (with English)

    @property
    def needs_work(self):
        return [status for status in self.statuses if status.needs_work]


def english_notation(english_segment, codes):
    """The notation of an English segment with the numbers of the Dutch ``codes`` its tags
    stand for (the same tag with the same attributes, else the same tag); None when the
    English has a tag the Dutch does not."""
    unused = list(codes)
    numbers = []

    def match(element):
        for exact in (True, False):
            for code in unused:
                if code.tag == element.tag and (not exact or code.attrs == tuple(element.attrs)):
                    unused.remove(code)
                    return code.number
        return None

    def visit(nodes):
        for node in nodes:
            if not isinstance(node, str):
                numbers.append(match(node))
                visit(node.children)

    visit(english_segment.nodes)
    if None in numbers:
        return None
    own = english_segment.notation
    if not numbers:
        return own
    # Renumber: the English's own numbering follows its order, the Dutch's may differ.
    return CODE_TOKEN.sub(
        lambda m: f"<{m[1]}{numbers[int(m[2]) - 1]}{m[3]}>" if int(m[2]) <= len(numbers) else m[0],
        own,
    )


def _pair(old, new):
    """Order-keeping pairs (i, j) of the most similar old and new segments of a changed
    stretch; what is left unpaired was added or removed."""
    pairs = []
    start = 0
    for j, new_segment in enumerate(new):
        best, best_ratio = None, 0.4
        for i in range(start, len(old)):
            ratio = difflib.SequenceMatcher(
                a=old[i].text, b=new_segment.text, autojunk=False
            ).ratio()
            if ratio > best_ratio:
                best, best_ratio = i, ratio
        if best is None and start < len(old) and len(old) - start == len(new) - j:
            best = start  # as many left on both sides: the one in the same place
        if best is not None:
            pairs.append((best, j))
            start = best + 1
    return pairs


def analyse_segments(source, english, translated_from):
    """FieldSegments of a rich-text field: current Dutch ``source``, the ``english`` in the
    site, and the Dutch ``translated_from`` (None: the English is as old as the Dutch)."""
    current = split(source)
    if not (english or "").strip():
        return FieldSegments(
            current,
            [SegmentStatus(n, seg, MISSING) for n, seg in enumerate(current.segments, 1)],
            aligned=True,
        )
    before = current if translated_from is None else split(translated_from)
    english_segments = split(english).segments
    aligned = len(english_segments) == len(before.segments)
    statuses = [None] * len(current.segments)
    removed = []

    def keep(i, j, state):
        segment = current.segments[j]
        english_segment = english_segments[i] if aligned else None
        statuses[j] = SegmentStatus(
            j + 1,
            segment,
            state,
            english_notation(english_segment, segment.codes) if english_segment else None,
            english_segment.html if english_segment else None,
            before.segments[i] if state == OUTDATED else None,
        )

    # Segments that differ in white space only are the same segment.
    matcher = difflib.SequenceMatcher(
        a=[words(n) for n in before.notations],
        b=[words(n) for n in current.notations],
        autojunk=False,
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                keep(i1 + k, j1 + k, COMPLETE)
            continue
        pairs = _pair(before.segments[i1:i2], current.segments[j1:j2])
        for i, j in pairs:
            keep(i1 + i, j1 + j, OUTDATED)
        paired_old = {i for i, _j in pairs}
        removed += [before.segments[i1 + i] for i in range(i2 - i1) if i not in paired_old]
    for j, status in enumerate(statuses):
        if status is None:
            statuses[j] = SegmentStatus(j + 1, current.segments[j], MISSING)
    return FieldSegments(current, statuses, aligned, removed)


@dataclass
class FieldStatus:
    obj: object
    field: str
    state: str | None  # None: nothing to translate (no Dutch text, or an optional address)
    source: str
    english: str
    previous_source: str | None = None
    # The Dutch the English was translated from (the record's), None without a record.
    translated_from: str | None = None

    @property
    def unit_id(self):
        return unit_id(self.obj, self.field)

    @property
    def label(self):
        return self.obj._meta.get_field(self.field).verbose_name

    @property
    def needs_work(self):
        return self.state in (MISSING, OUTDATED)

    @property
    def rich(self):
        return is_rich(type(self.obj), self.field)

    @cached_property
    def segments(self):
        """FieldSegments of a rich-text field with Dutch text; None otherwise."""
        if not self.rich or not self.source.strip():
            return None
        return analyse_segments(self.source, self.english, self.translated_from)


@dataclass
class ItemStatus:
    obj: object
    fields: list = field(default_factory=list)

    @property
    def missing(self):
        return [status for status in self.fields if status.state == MISSING]

    @property
    def outdated(self):
        return [status for status in self.fields if status.state == OUTDATED]

    @property
    def state(self):
        if self.missing:
            return MISSING
        if self.outdated:
            return OUTDATED
        return COMPLETE

    @property
    def state_label(self):
        return STATE_LABELS[self.state]


def field_statuses(obj, records):
    """FieldStatus of each tracked field of ``obj``; ``records`` maps field name → record."""
    statuses = []
    model = type(obj)
    for name in tracked_fields(model):
        source = getattr(obj, source_name(name)) or ""
        english = getattr(obj, english_name(name)) or ""
        record = records.get(name)
        previous = None
        translated_from = record.source_text if record is not None else None
        if not source.strip():
            state = None
        elif not english.strip():
            state = None if is_optional(model, name) else MISSING
        elif (
            record is not None
            and record.source_hash != source_hash(source)
            and not same_source(model, name, record.source_text, source)
        ):
            state = OUTDATED
            previous = record.source_text
        else:
            state = COMPLETE
        status = FieldStatus(obj, name, state, source, english, previous, translated_from)
        if state == OUTDATED and only_new_segments(status):
            status.state = MISSING
        statuses.append(status)
    return statuses


def only_new_segments(status):
    """Whether an outdated rich-text field changed only by Dutch paragraphs added (its
    English, divided like the Dutch, still fits every other one): its English is then
    missing for those, not outdated, and there is nothing to confirm as "still correct"."""
    if not status.rich:
        return False
    analysis = status.segments
    if analysis is None or not analysis.aligned or analysis.removed:
        return False
    states = {segment.state for segment in analysis.statuses}
    return MISSING in states and OUTDATED not in states


def load_records(objects):
    """{(model, pk): {field: record}} for ``objects`` (any mix of models), one query per model."""
    by_model = {}
    for obj in objects:
        if obj.pk is not None:
            by_model.setdefault(type(obj), set()).add(obj.pk)
    records = {}
    for model, pks in by_model.items():
        content_type = ContentType.objects.get_for_model(model)
        for record in TranslationRecord.objects.filter(
            content_type=content_type, object_id__in=pks
        ):
            records.setdefault((model, record.object_id), {})[record.field] = record
    return records


def records_for(obj):
    return load_records([obj]).get((type(obj), obj.pk), {})


# Where preload_records leaves an object's records for the form that shows it.
PRELOADED = "_preloaded_translation_records"


def preload_records(objects):
    """Load the records of ``objects`` (the rows of an inline) in one query per model and
    leave each object's on it, for ``preloaded_records`` to take once."""
    records = load_records(objects)
    for obj in objects:
        obj.__dict__[PRELOADED] = records.get((type(obj), obj.pk), {})


def preloaded_records(obj):
    """The records ``preload_records`` left on ``obj`` (taken: a later call reads them
    afresh), else ``records_for(obj)``."""
    records = obj.__dict__.pop(PRELOADED, None)
    return records_for(obj) if records is None else records


def item_statuses(model, queryset=None):
    """{pk: ItemStatus} for the objects of ``model`` (all, or ``queryset``: a queryset or
    the objects already loaded), inline content of its kind (a project's videos and links)
    included. A fixed number of queries."""
    kind = kind_for_model(model)
    relations = kind.child_relations() if kind else []
    queryset = model._default_manager.all() if queryset is None else queryset
    objects = list(queryset)
    children = {}
    for child_model, fk_name in relations:
        for child in child_model._default_manager.filter(
            **{f"{fk_name}__in": [obj.pk for obj in objects]}
        ).order_by(f"{fk_name}_id", *child_model._meta.ordering):
            children.setdefault(getattr(child, f"{fk_name}_id"), []).append(child)
    all_children = [child for group in children.values() for child in group]
    records = load_records(objects + all_children)
    statuses = {}
    for obj in objects:
        item = ItemStatus(obj, field_statuses(obj, records.get((model, obj.pk), {})))
        for child in children.get(obj.pk, []):
            item.fields += field_statuses(child, records.get((type(child), child.pk), {}))
        statuses[obj.pk] = item
    return statuses


def item_status(obj):
    return item_statuses(type(obj), type(obj)._default_manager.filter(pk=obj.pk))[obj.pk]
