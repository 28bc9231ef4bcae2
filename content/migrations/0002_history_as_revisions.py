"""The version history moves from django-simple-history's tables into revisions.

Each item's versions are rebuilt *with its rows*: at every moment at which the item or
one of its rows was saved (the previous release stamped every version written in one
request with the request's moment), the item as it was then, with the rows that existed
then and their places, partners and facilitators, becomes one revision in the state
"saved", by the person and with the reason its versions recorded. A deletion becomes a
revision in the state "deleted" holding what was deleted. The rows without an admin of
their own (a project's partnerships, funding, videos and links) have no history of their
own: they are in their project's revisions.

Objects are written as Django's serializers write them (as ``content.revisions`` does),
frozen here so that later changes to that module do not change this migration. The
historical tables are dropped by the next migration of each app, after this one.
"""

import datetime
import json
from collections import defaultdict

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import migrations, models

LANGUAGES = ("nl", "en")
# The rows each item kind was edited with in this release (register_content(rows=...)).
ROWS = {
    "projects.project": [
        ("partnerships", "projects.projectpartner", "project"),
        ("fundings", "projects.projectfunding", "project"),
        ("workshops", "projects.workshop", "project"),
        ("results", "projects.result", "project"),
        ("videos", "projects.video", "project"),
        ("links", "projects.projectlink", "project"),
    ],
}
ONLY_ROWS = {
    "projects.projectpartner",
    "projects.projectfunding",
    "projects.video",
    "projects.projectlink",
}
BATCH = 500


class Encoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            if o.tzinfo is not None:
                o = o.astimezone(datetime.UTC)
            return o.isoformat()
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


class Kind:
    """A model with a history: its historical model, its fields and its relations."""

    def __init__(self, apps, model, historical):
        self.model = model
        self.label = model._meta.label_lower
        self.historical = historical
        names = {f.name for f in model._meta.concrete_fields}
        translated = {
            name for name in names if all(f"{name}_{code}" in names for code in LANGUAGES)
        }
        self.fields = [
            f
            for f in model._meta.concrete_fields
            if not f.primary_key and f.name not in translated
        ]
        self.relations = []  # (field name, historical m2m model, target attname)
        for relation in model._meta.local_many_to_many:
            if not relation.remote_field.through._meta.auto_created:
                continue
            name = f"{historical.__name__}_{relation.name}"
            try:
                through = apps.get_model(historical._meta.app_label, name)
            except LookupError:
                continue
            target = next(
                f.attname
                for f in through._meta.fields
                if f.is_relation
                and f.related_model is not None
                and f.related_model._meta.label_lower
                == relation.related_model._meta.label_lower
                and f.name != "history"
            )
            self.relations.append((relation.name, through, target))

    def records(self, **lookups):
        return list(
            self.historical.objects.filter(**lookups).order_by("history_date", "history_id")
        )

    def relation_values(self, records):
        """{history_id: {relation: sorted keys}} for ``records``."""
        values = defaultdict(dict)
        ids = [r.history_id for r in records]
        for name, through, target in self.relations:
            keys = defaultdict(list)
            for start in range(0, len(ids), BATCH):
                for history_id, key in through.objects.filter(
                    history_id__in=ids[start : start + BATCH]
                ).values_list("history_id", target):
                    if key is not None:
                        keys[history_id].append(key)
            for history_id in ids:
                values[history_id][name] = sorted(keys.get(history_id, []), key=str)
        return values

    def data(self, record, relations):
        """The object of historical ``record`` as the serializer writes it."""
        obj = self.model(**{f.attname: getattr(record, f.attname) for f in self.fields})
        obj.pk = record.id
        data = serializers.serialize("python", [obj], fields=[f.name for f in self.fields])[0]
        data["fields"].update(relations.get(record.history_id, {}))
        return json.loads(json.dumps(data, cls=Encoder))


def kinds(apps):
    found = {}
    for model in apps.get_models():
        name = model.__name__
        if not name.startswith("Historical") or "_" in name:
            continue
        try:
            original = apps.get_model(model._meta.app_label, name[len("Historical") :])
        except LookupError:
            continue
        kind = Kind(apps, original, model)
        found[kind.label] = kind
    return found


def state_at(records, moment):
    """The newest of ``records`` (oldest first) at or before ``moment``, or None."""
    newest = None
    for record in records:
        if record.history_date > moment:
            break
        newest = record
    return newest


def convert(apps, schema_editor):
    Revision = apps.get_model("content", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    found = kinds(apps)
    for label, kind in found.items():
        if label in ONLY_ROWS:
            continue
        app_label, model_name = label.split(".")
        content_type, _created = ContentType.objects.get_or_create(
            app_label=app_label, model=model_name
        )
        row_kinds = [
            (name, found[row_label], fk)
            for name, row_label, fk in ROWS.get(label, [])
            if row_label in found
        ]
        keys = kind.historical.objects.values_list("id", flat=True).distinct()
        new = []
        for key in sorted(set(keys)):
            new += _revisions_of(kind, key, row_kinds, content_type, Revision)
            if len(new) >= BATCH:
                Revision.objects.bulk_create(new, batch_size=BATCH)
                new = []
        Revision.objects.bulk_create(new, batch_size=BATCH)


def _revisions_of(kind, key, row_kinds, content_type, Revision):
    records = kind.records(id=key)
    relations = kind.relation_values(records)
    rows = []
    for name, row_kind, fk in row_kinds:
        row_records = row_kind.records(**{f"{fk}_id": key})
        by_row = defaultdict(list)
        for record in row_records:
            by_row[record.id].append(record)
        rows.append((name, row_kind, by_row, row_kind.relation_values(row_records)))
    moments = sorted(
        {r.history_date for r in records}
        | {r.history_date for _n, _k, by_row, _v in rows for rs in by_row.values() for r in rs}
    )
    result = []
    previous = None
    for moment in moments:
        item = state_at(records, moment)
        if item is None:
            continue  # rows saved before the item's first version: not an item yet
        if item.history_type == "-":
            if item.history_date == moment and previous is not None:
                result.append(_revision(Revision, content_type, key, item, previous, "deleted"))
                previous = None
            continue
        content = {"item": kind.data(item, relations), "rows": {}}
        for name, row_kind, by_row, row_relations in rows:
            content["rows"][name] = [
                row_kind.data(row, row_relations)
                for row_key in sorted(by_row)
                if (row := state_at(by_row[row_key], moment)) is not None
                and row.history_type != "-"
            ]
        if previous is not None and content == previous:
            continue
        author = item if item.history_date == moment else _row_at(rows, moment) or item
        result.append(_revision(Revision, content_type, key, author, content, "saved", moment))
        previous = content
    return result


def _row_at(rows, moment):
    for _name, _kind, by_row, _values in rows:
        for records in by_row.values():
            for record in records:
                if record.history_date == moment:
                    return record
    return None


def _revision(Revision, content_type, key, record, content, state, moment=None):
    names = ("title_nl", "name_nl", "heading_nl", "title", "name", "heading", "url")
    name = next((record.__dict__[n] for n in names if record.__dict__.get(n)), "")
    return Revision(
        content_type=content_type,
        object_id=str(key),
        object_repr=str(name or f"#{key}")[:300],
        state=state,
        content=content,
        created_at=moment or record.history_date,
        user_id=record.history_user_id,
        comment=record.history_change_reason or "",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("projects", "0009_region_as_a_whole"),
        ("partners", "0004_slug_help"),
    ]

    operations = [
        migrations.AlterField(
            model_name="revision",
            name="state",
            field=models.CharField(
                choices=[
                    ("saved", "saved"),
                    ("submitted", "submitted for review"),
                    ("replaced", "replaced by a newer proposal"),
                    ("approved", "approved and published"),
                    ("rejected", "rejected"),
                    ("withdrawn", "withdrawn"),
                    ("deleted", "deleted"),
                ],
                max_length=20,
                verbose_name="state",
            ),
        ),
        migrations.RunPython(convert, migrations.RunPython.noop, elidable=True),
    ]
