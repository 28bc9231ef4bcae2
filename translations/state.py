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
"""

import hashlib
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from .models import TranslationRecord
from .registry import (
    english_name,
    is_optional,
    kind_for_model,
    source_name,
    tracked_fields,
)

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


def unit_id(obj, field_name):
    """A stable ID for one translatable field of one object: app.model.pk.field."""
    return f"{obj._meta.app_label}.{obj._meta.model_name}.{obj.pk}.{field_name}"


@dataclass
class FieldStatus:
    obj: object
    field: str
    state: str | None  # None: nothing to translate (no Dutch text, or an optional address)
    source: str
    english: str
    previous_source: str | None = None

    @property
    def unit_id(self):
        return unit_id(self.obj, self.field)

    @property
    def label(self):
        return self.obj._meta.get_field(self.field).verbose_name

    @property
    def needs_work(self):
        return self.state in (MISSING, OUTDATED)


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
        if not source.strip():
            state = None
        elif not english.strip():
            state = None if is_optional(model, name) else MISSING
        elif record is not None and record.source_hash != source_hash(source):
            state = OUTDATED
            previous = record.source_text
        else:
            state = COMPLETE
        statuses.append(FieldStatus(obj, name, state, source, english, previous))
    return statuses


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


def item_statuses(model, queryset=None):
    """{pk: ItemStatus} for the objects of ``model`` (all, or ``queryset``), inline content
    of its kind (a project's videos and links) included. A fixed number of queries."""
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
