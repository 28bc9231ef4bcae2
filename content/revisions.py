"""Revisions: an item with its rows as one unit of change (``content.models.Revision``).

One way to make a version of an item, compare two and write one back:

- ``snapshot(obj)``: the item as it is in the database, with the rows its content
  declaration names (``register_content(rows=...)``) and the many-to-many relations that
  have no model of their own;
- ``from_forms(form, formsets, base)``: the same, as a valid change form would make it,
  without saving anything (new uploads are stored, privately until an item that is
  public uses them: see ``operations.media``);
- ``differences(before, after)``: what changed, in words an editor reads;
- ``merge(base, proposed, current)``: a proposal made on ``base`` applied onto what the
  item is now: what others changed meanwhile in other fields and rows is kept, and a
  change of the same field or row by both is a conflict;
- ``write(content, user)``: the item and its rows made exactly as ``content`` says (rows
  it does not hold are deleted), through the models' own ``save()``, so the page cache,
  the translation state and the history follow as for any save.

Objects are serialised with Django's serializers (``"python"``, made JSON-safe with
``RevisionEncoder``, which keeps a moment's microseconds), never by hand. The columns of
a translated field's own name (``title`` beside ``title_nl`` and ``title_en``) are left
out: django-modeltranslation fills them from the language columns.
"""

import datetime
import json
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from modeltranslation.translator import NotRegistered, translator

from .registry import options_for
from .richtext import RichTextField, words


class RevisionEncoder(DjangoJSONEncoder):
    """Django's JSON encoder, keeping a moment to the microsecond (Django's rounds to
    milliseconds, and a revision written back must be the item as it was)."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            # One moment, one text: in UTC, whichever time zone the value was read in.
            if o.tzinfo is not None:
                o = o.astimezone(datetime.UTC)
            return o.isoformat()
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


def _language_columns(model):
    try:
        return set(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return set()


def stored_fields(model):
    """The concrete fields a revision keeps of ``model`` (not the key)."""
    skip = _language_columns(model)
    return [f for f in model._meta.concrete_fields if not f.primary_key and f.name not in skip]


def m2m_fields(model):
    """Many-to-many relations without a model of their own (a project's places); those
    with one (partnerships, funding) are rows."""
    return [f for f in model._meta.local_many_to_many if f.remote_field.through._meta.auto_created]


def compared_fields(model):
    """The fields a person changes: not the ones Django or a model keeps up by itself
    (``updated_at``, a photo's measured width)."""
    return [
        f.name
        for f in stored_fields(model)
        if f.editable
        and not getattr(f, "auto_now", False)
        and not getattr(f, "auto_now_add", False)
    ] + [f.name for f in m2m_fields(model)]


def serialize(obj, m2m=None):
    """``obj`` as Django's serializer writes it, its many-to-many relations as sorted key
    lists: from ``m2m`` ({name: keys or objects}) where given, else from the database."""
    names = [f.name for f in stored_fields(type(obj))]
    data = serializers.serialize("python", [obj], fields=names)[0]
    for relation in m2m_fields(type(obj)):
        if m2m is not None and relation.name in m2m:
            values = [getattr(v, "pk", v) for v in m2m[relation.name]]
        elif obj.pk is not None:
            values = list(getattr(obj, relation.name).values_list("pk", flat=True))
        else:
            values = []
        data["fields"][relation.name] = sorted(values, key=str)
    return json.loads(json.dumps(data, cls=RevisionEncoder))


def row_relations(model):
    """[(relation name, row model, foreign key)] of the rows ``model``'s items hold."""
    options = options_for(model)
    relations = []
    for name in options.rows if options is not None else ():
        relation = model._meta.get_field(name)
        relations.append((name, relation.related_model, relation.field))
    return relations


def snapshot(obj):
    """``obj`` with its rows, as the database holds them now."""
    rows = {}
    for name, row_model, fk in row_relations(type(obj)):
        queryset = row_model._default_manager.filter(**{fk.name: obj.pk}).order_by("pk")
        relations = [f.name for f in m2m_fields(row_model)]
        if relations:
            queryset = queryset.prefetch_related(*relations)
        rows[name] = [
            serialize(row, m2m={r: list(getattr(row, r).all()) for r in relations})
            for row in queryset
        ]
    return {"item": serialize(obj), "rows": rows}


def commit_uploads(instance):
    """Store the new uploads of an unsaved ``instance`` under their usual names. Nothing
    public refers to them yet, so they are private until an item that is public does."""
    for model_field in instance._meta.concrete_fields:
        if isinstance(model_field, models.FileField):
            value = getattr(instance, model_field.attname)
            if value and not getattr(value, "_committed", True):
                value.save(value.name, value.file, save=False)


def kept_forms(formset):
    """The forms of the rows an inline formset would leave: saved or filled in, not
    marked deleted."""
    return [
        form
        for form in formset.forms
        if not formset._should_delete_form(form)
        and (form.instance.pk is not None or form.has_changed())
    ]


def _form_m2m(form):
    return {
        f.name: list(form.cleaned_data[f.name])
        for f in m2m_fields(form._meta.model)
        if f.name in getattr(form, "cleaned_data", {})
    }


def from_forms(form, formsets, base):
    """The item with its rows as a valid change form (and its inline formsets) would save
    them, on top of ``base`` (the snapshot the form was made on) for the rows no formset
    shows. New uploads are stored (``commit_uploads``)."""
    instances = [form.instance] + [f.instance for fs in formsets for f in kept_forms(fs)]
    for instance in instances:
        commit_uploads(instance)
    content = {"item": serialize(form.instance, m2m=_form_m2m(form)), "rows": dict(base["rows"])}
    for name, row_model, _fk in row_relations(type(form.instance)):
        for formset in formsets:
            if formset.model is row_model:
                content["rows"][name] = [
                    serialize(row_form.instance, m2m=_form_m2m(row_form))
                    for row_form in kept_forms(formset)
                ]
    return content


def objects_in(content):
    """Every serialised object a revision's content holds: the item, its rows, and those of
    the version a proposal was made on."""
    if not content:
        return
    yield content["item"]
    for rows in content.get("rows", {}).values():
        yield from rows
    yield from objects_in(content.get("base"))


def sanitized(content):
    """``content`` with the rich text of every object it holds through the allow-list a
    form save uses (a revision read from outside: a backup being restored)."""
    from .richtext import sanitize_html

    if not isinstance(content, dict):
        return content
    for data in objects_in(content):
        try:
            model = _model_of(data)
        except (LookupError, KeyError, TypeError, ValueError):
            continue
        for name, value in data.get("fields", {}).items():
            try:
                model_field = model._meta.get_field(name)
            except Exception:  # a field this release does not have
                continue
            if isinstance(model_field, RichTextField) and isinstance(value, str) and value:
                data["fields"][name] = sanitize_html(value)
    return content


# -- reading a revision back --------------------------------------------------------------


def fitting(data):
    """``data`` with only the values the model's fields take today: a version made before
    a field changed its kind (a photo file that became a library photo) still reads; a
    value that no longer fits is left out (the field's default stands for it)."""
    model = _model_of(data)
    fields = {}
    for name, value in data["fields"].items():
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        try:
            if model_field.many_to_many:
                [model_field.target_field.to_python(key) for key in value or []]
            elif model_field.is_relation:
                if value not in (None, ""):
                    model_field.target_field.to_python(value)
                elif model_field.null:
                    value = None
            elif value is not None:
                model_field.to_python(value)
        except (ValidationError, TypeError, ValueError):
            continue
        fields[name] = value
    return {**data, "fields": fields}


def build(data):
    """(unsaved object, {many-to-many name: keys}) from one serialised object."""
    data = fitting(data)
    found = next(serializers.deserialize("python", [data], ignorenonexistent=True))
    return found.object, found.m2m_data


def as_objects(content):
    """(item, its many-to-many keys, {relation: [(row, its many-to-many keys)]}) of a
    revision's content, unsaved: what a preview shows."""
    item, item_m2m = build(content["item"])
    rows = {name: [build(data) for data in datas] for name, datas in content["rows"].items()}
    return item, item_m2m, rows


def write(content, user=None, comment=""):
    """Make the item and its rows exactly as ``content`` holds them; returns the item.
    The change is one new revision, by ``user`` (``content.recording``)."""
    from .recording import recording

    with transaction.atomic(), recording(user=user, comment=comment):
        return _write(content)


def _write(content):
    item, item_m2m = build(content["item"])
    item.save()
    for name, keys in item_m2m.items():
        getattr(item, name).set(keys)
    for name, row_model, fk in row_relations(type(item)):
        if name not in content["rows"]:
            continue
        built = [build(data) for data in content["rows"][name]]
        keep = [row.pk for row, _m2m in built if row.pk is not None]
        for gone in row_model._default_manager.filter(**{fk.name: item.pk}).exclude(pk__in=keep):
            gone.delete()
        for row, row_m2m in built:
            setattr(row, fk.attname, item.pk)
            row.save()
            for relation, keys in row_m2m.items():
                getattr(row, relation).set(keys)
    return item


# -- comparing ----------------------------------------------------------------------------


def _fields_of(data):
    return data["fields"] if data else {}


EMPTY = (None, "", [])


def same_value(a, b):
    """Equal values, an empty text and no value counting as the same (a form may send
    either for an empty translation)."""
    return a == b or (a in EMPTY and b in EMPTY)


def changed_fields(model, before, after):
    """The fields a person sets whose values differ between two serialised objects of
    ``model``."""
    fa, fb = _fields_of(before), _fields_of(after)
    return {name for name in compared_fields(model) if not same_value(fa.get(name), fb.get(name))}


def _same(model, a, b):
    """Whether two serialised objects of ``model`` hold the same values a person sets."""
    return not changed_fields(model, a, b)


def rows_by_key(datas):
    return {data["pk"]: data for data in datas if data.get("pk") is not None}


@dataclass
class Conflict:
    """A field or row changed both by the proposal and, since it was made, by others."""

    label: str
    theirs: str
    yours: str


@dataclass
class Merged:
    content: dict
    conflicts: list = field(default_factory=list)


def _merge_fields(model, base, proposed, current, label, conflicts):
    merged = dict(_fields_of(current))
    for name in compared_fields(model):
        b, p, c = (_fields_of(x).get(name) for x in (base, proposed, current))
        if same_value(p, b):
            continue
        if not (same_value(c, b) or same_value(c, p)):
            model_field = model._meta.get_field(name)
            conflicts.append(
                Conflict(
                    f"{label}{capfirst(model_field.verbose_name)}",
                    readable(model_field, c),
                    readable(model_field, p),
                )
            )
        merged[name] = p
    return {**current, "fields": merged}


def merge(base, proposed, current):
    """``proposed`` (made on ``base``) applied onto ``current``: a ``Merged`` whose
    ``conflicts`` name every field and row both sides changed."""
    conflicts = []
    item_model = _model_of(current["item"])
    content = {
        "item": _merge_fields(
            item_model, base["item"], proposed["item"], current["item"], "", conflicts
        ),
        "rows": {},
    }
    for name in set(base["rows"]) | set(proposed["rows"]) | set(current["rows"]):
        b_rows = rows_by_key(base["rows"].get(name, []))
        p_rows = rows_by_key(proposed["rows"].get(name, []))
        c_rows = rows_by_key(current["rows"].get(name, []))
        result = []
        for key in sorted(set(b_rows) | set(p_rows) | set(c_rows), key=str):
            b, p, c = b_rows.get(key), p_rows.get(key), c_rows.get(key)
            sample = p or c or b
            model = _model_of(sample)
            label = f"{capfirst(model._meta.verbose_name)} “{_row_name(sample)}”: "
            if b is not None and p is None:  # the proposal deletes it
                if c is not None and not _same(model, b, c):
                    conflicts.append(Conflict(label.rstrip(": "), _("changed"), _("deleted")))
                    result.append(c)
            elif b is not None and c is None:  # others deleted it
                if not _same(model, b, p):
                    conflicts.append(Conflict(label.rstrip(": "), _("deleted"), _("changed")))
            elif b is None:  # added by others (or kept by both)
                result.append(c or p)
            else:
                result.append(_merge_fields(model, b, p, c, label, conflicts))
        result += [data for data in proposed["rows"].get(name, []) if data.get("pk") is None]
        content["rows"][name] = result
    return Merged(content, conflicts)


def _model_of(data):
    return apps.get_model(data["model"])


def _row_name(data):
    try:
        row, _m2m = build(data)
        return str(row)
    except Exception:  # a row pointing at something deleted since
        return f"#{data.get('pk')}"


def readable_value(model_field, value):
    """A value of ``model_field`` as its reader knows it (the history, the clash screen):
    rich text as its words, a choice by its label ("gepubliceerd", not "published"), a tick
    box as ja/nee, the objects of a many-to-many field by name."""
    if isinstance(model_field, RichTextField):
        return words(value)
    if model_field.choices and not isinstance(value, list):
        return dict(model_field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return value


def readable(model_field, value):
    """A stored value as an editor reads it: objects by name, choices by label, rich text
    as its words, plain text exactly as typed (markup characters included)."""
    if value in (None, "", []):
        return "—"
    if model_field.many_to_many or model_field.many_to_one:
        keys = value if isinstance(value, list) else [value]
        related = model_field.related_model._base_manager.filter(pk__in=keys)
        names = {obj.pk: str(obj) for obj in related}
        return ", ".join(names.get(key, f"#{key}") for key in keys)
    if isinstance(model_field, models.DecimalField | models.DateField | models.TimeField):
        value = model_field.to_python(value)
    shown = readable_value(model_field, value)
    return "—" if shown in (None, "") else str(shown)


@dataclass
class Change:
    label: str
    old: str = ""
    new: str = ""


def differences(before, after):
    """[Change] from ``before`` to ``after`` (two contents of the same item), the item's
    fields first, then its rows added, changed and deleted."""
    changes = []
    model = _model_of(after["item"])
    changes += _field_changes(model, before["item"], after["item"], "")
    for name, _row_model, _fk in row_relations(model):
        old_rows = before["rows"].get(name, [])
        new_rows = after["rows"].get(name, [])
        old_by_key = rows_by_key(old_rows)
        new_by_key = rows_by_key(new_rows)
        for key, data in old_by_key.items():
            row_model = _model_of(data)
            label = f"{capfirst(row_model._meta.verbose_name)} “{_row_name(data)}”"
            if key not in new_by_key:
                changes.append(Change(label, _("present"), _("deleted")))
            else:
                changes += _field_changes(row_model, data, new_by_key[key], f"{label}: ")
        for data in new_rows:
            if data.get("pk") is None or data["pk"] not in old_by_key:
                row_model = _model_of(data)
                changes.append(
                    Change(
                        f"{capfirst(row_model._meta.verbose_name)} “{_row_name(data)}”",
                        _("absent"),
                        _("added"),
                    )
                )
    return changes


def _field_changes(model, old, new, label):
    changes = []
    for name in compared_fields(model):
        a, b = _fields_of(old).get(name), _fields_of(new).get(name)
        if same_value(a, b):
            continue
        model_field = model._meta.get_field(name)
        changes.append(
            Change(
                f"{label}{capfirst(model_field.verbose_name)}",
                readable(model_field, a),
                readable(model_field, b),
            )
        )
    return changes


# -- storing --------------------------------------------------------------------------------


SAVED = "saved"
DELETED = "deleted"
# The states of the revisions that are the item's own history (what it was, one save
# after another); the others are proposals and what became of them.
LIVE = (SAVED, DELETED)


def content_type_of(obj_or_model):
    return ContentType.objects.get_for_model(obj_or_model, for_concrete_model=False)


def revisions_of(obj, model=None):
    """The revisions of ``obj`` (or, with ``model``, of the item with key ``obj``)."""
    from .models import Revision

    if model is None:
        model, key = type(obj), obj.pk
    else:
        key = obj
    return Revision.objects.filter(content_type=content_type_of(model), object_id=str(key))


def history_of(obj, model=None):
    """The item's own history: its saved and deleted revisions, newest first."""
    return revisions_of(obj, model).filter(state__in=LIVE).order_by("-pk")


def latest(obj):
    """The newest revision of the item's own history, or None."""
    return history_of(obj).first()


def histories_of(model, pks):
    """The saved and deleted revisions of the items of ``model`` with keys ``pks``."""
    from .models import Revision

    return Revision.objects.filter(
        content_type=content_type_of(model),
        object_id__in=[str(pk) for pk in pks],
        state__in=LIVE,
    )


def latest_of(model, pks):
    """{str(pk): newest revision of the item's own history} for items of ``model``."""
    from .models import Revision

    newest = (
        histories_of(model, pks)
        .values("object_id")
        .annotate(newest=models.Max("pk"))
        .values_list("newest", flat=True)
    )
    return {r.object_id: r for r in Revision.objects.filter(pk__in=list(newest))}


def record(obj, content, state, user=None, comment=""):
    """Store ``content`` as a revision of ``obj``."""
    return _store(type(obj), obj.pk, obj, content, state, user, comment)


def record_deleted(model, pk, name, content, user=None, comment=""):
    """Store what was deleted (``content``: the item with its rows just before)."""
    return _store(model, pk, name, content, DELETED, user, comment)


def _store(model, pk, name, content, state, user, comment):
    from .models import Revision

    return Revision.objects.create(
        content_type=content_type_of(model),
        object_id=str(pk),
        object_repr=str(name)[:300],
        state=state,
        content=content,
        user=user if user is not None and user.is_authenticated else None,
        comment=str(comment),
    )


def snapshots(objs):
    """[(obj, snapshot)] of the items of a queryset, their rows and relations read in a
    few queries for all of them (recording a thousand items at once)."""
    model = objs.model
    relations = [f.name for f in m2m_fields(model)]
    rows = row_relations(model)
    prefetch = relations + [name for name, _m, _fk in rows]
    for name, row_model, _fk in rows:
        prefetch += [f"{name}__{f.name}" for f in m2m_fields(row_model)]
    result = []
    for obj in objs.prefetch_related(*prefetch).order_by("pk"):
        content = {
            "item": serialize(obj, m2m={r: list(getattr(obj, r).all()) for r in relations}),
            "rows": {},
        }
        for name, row_model, _fk in rows:
            row_m2m = [f.name for f in m2m_fields(row_model)]
            content["rows"][name] = [
                serialize(row, m2m={r: list(getattr(row, r).all()) for r in row_m2m})
                for row in sorted(getattr(obj, name).all(), key=lambda row: row.pk)
            ]
        result.append((obj, content))
    return result


def same(a, b):
    """Whether two contents of an item hold the same values a person sets."""
    model = _model_of(b["item"])
    if not _same(model, a["item"], b["item"]):
        return False
    for name, row_model, _fk in row_relations(model):
        old, new = rows_by_key(a["rows"].get(name, [])), rows_by_key(b["rows"].get(name, []))
        if set(old) != set(new):
            return False
        if not all(_same(row_model, old[key], new[key]) for key in old):
            return False
    return True


def missing_references(content):
    """[(model, pk)] that ``content`` (an item with its rows) points at and that no longer
    exist: writing it back would fail on the database's foreign keys."""
    wanted = []
    item_model = _model_of(content["item"])
    owned = {item_model}
    for data in [content["item"], *(d for datas in content["rows"].values() for d in datas)]:
        data = fitting(data)
        model = _model_of(data)
        for model_field in model._meta.concrete_fields:
            if model_field.many_to_one and model_field.related_model not in owned:
                value = data["fields"].get(model_field.name)
                if value is not None:
                    wanted.append((model_field.related_model, value))
        for model_field in m2m_fields(model):
            wanted += [
                (model_field.related_model, pk) for pk in data["fields"].get(model_field.name) or []
            ]
    missing = []
    for related, pk in dict.fromkeys(wanted):
        if not related._base_manager.filter(pk=pk).exists():
            missing.append((related, pk))
    return missing


def name_of(model, pk):
    """What an item was called, also once deleted (from its newest revision)."""
    obj = model._base_manager.filter(pk=pk).first()
    if obj is not None:
        return str(obj)
    found = revisions_of(pk, model).order_by("-pk").values_list("object_repr", flat=True).first()
    return found or f"#{pk}"
