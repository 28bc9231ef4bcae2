"""No silent lost updates: a save from a form loaded before someone else's save is refused.

The change form carries a signed *snapshot*: the newest history record (django-simple-
history, kept for every content model) of the object and of each kind of its inline rows
when the form was made. A save whose snapshot is older than the history finds the
records written since, and so knows who changed what and when, rows added, changed and
deleted included. The save is refused with that on the form: their value beside yours
for each field, a box to take theirs (ticked where you had not changed the field), their
new rows put in the form, their deleted rows taken out of it (your values for them are
listed). The form then carries a fresh snapshot; saving again saves.

django-concurrency (2.8, Django 5.2) was considered: it needs a version column in every
table, refuses a stale save without saying who changed what, and leaves inline rows
deleted by someone else to the formset's unmarked "select a valid choice" error. The
history already knows all of it.
"""

from dataclasses import dataclass, field

from django.contrib.admin.options import flatten_fieldsets
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Max
from django.forms import CheckboxInput, MultiWidget, SelectMultiple
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from content.admin import moment_label
from content.history import child_relations, m2m_targets, readable_value
from content.ordering import SortOrderField
from content.richtext import RichTextField, words

VERSION_FIELD = "_editorial_version"
TAKE_THEIRS = "_editorial_take_theirs"
THEIRS_PREFIX = "_editorial_theirs__"
SALT = "editorial.form-snapshot"


def snapshot(model_admin, obj):
    """{"obj": newest history id, "rows": {row model label: newest history id}}."""
    pk_name = obj._meta.pk.attname
    newest = obj.__class__.history.filter(**{pk_name: obj.pk}).aggregate(m=Max("history_id"))
    rows = {}
    for child, fk in child_relations(model_admin):
        found = child.history.filter(**{fk: obj.pk}).aggregate(m=Max("history_id"))
        rows[child._meta.label_lower] = found["m"] or 0
    return {"obj": newest["m"] or 0, "rows": rows}


def sign(value):
    return signing.dumps(value, salt=SALT)


def unsign(token):
    try:
        return signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None


def readable(value):
    """A value as an editor reads it."""
    if value is None or value == "":
        return "—"
    if hasattr(value, "all"):
        value = list(value.all())
    if isinstance(value, (list, tuple, set)):
        return ", ".join(str(item) for item in value) or "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def model_value(obj, name):
    """Field ``name`` of ``obj`` as an editor reads it (rich text as its words)."""
    model_field = obj._meta.get_field(name)
    if model_field.many_to_many:
        return readable(getattr(obj, name))
    if model_field.choices:
        return readable(getattr(obj, f"get_{name}_display")())
    value = getattr(obj, name)
    if isinstance(model_field, RichTextField):
        value = words(value)
    return readable(value)


def post_values(bound_field):
    """{POST key: value or list} that submit ``bound_field``'s current value unchanged."""
    widget = bound_field.field.widget
    if isinstance(widget, RelatedFieldWidgetWrapper):  # the admin's "+" and pencil links
        widget = widget.widget
    value = bound_field.value()
    name = bound_field.html_name
    if isinstance(widget, MultiWidget):
        parts = value if isinstance(value, (list, tuple)) else widget.decompress(value)
        return {
            name + suffix: sub.format_value(part) or ""
            for suffix, sub, part in zip(widget.widgets_names, widget.widgets, parts, strict=False)
        }
    if isinstance(widget, SelectMultiple):
        return {name: [str(getattr(v, "pk", v)) for v in value or []]}
    if isinstance(widget, CheckboxInput):
        return {name: "on" if value else ""}
    formatted = widget.format_value(value)
    if isinstance(formatted, list):
        formatted = formatted[0] if formatted else ""
    return {name: "" if formatted is None else str(formatted)}


def recorded_post_values(form_class, record, name, prefix=None):
    """{POST key: value or list} of field ``name`` as history ``record`` holds it. Its
    many-to-many values come from the record's own copy of them: the object it rebuilds
    would read the relation as it is now."""
    for model_field, targets in m2m_targets(record):
        if model_field.name == name:
            key = f"{prefix}-{name}" if prefix else name
            return {key: [str(pk) for pk in targets]}
    try:
        return post_values(form_class(instance=record.instance, prefix=prefix)[name])
    except Exception:  # a field of a relation that is gone
        return {}


def posted_as(data, values):
    """Whether the POST ``data`` holds ``values`` ({POST key: value or list}): an absent
    key is an empty one, and the chosen objects of a multiple choice are a set."""
    for key, value in values.items():
        posted = [item for item in data.getlist(key) if item != ""]
        if isinstance(value, list):
            if sorted(posted) != sorted(item for item in value if item != ""):
                return False
        elif posted != ([value] if value != "" else []):
            return False
    return True


def changed_fields(before, records):
    """The fields that ``records`` (history, oldest first) changed since ``before``."""
    changed = set()
    previous = before
    for record in records:
        if previous is not None and record.history_type == "~":
            changed |= set(record.diff_against(previous).changed_fields)
        previous = record
    return changed


@dataclass
class Difference:
    label: str
    theirs: str
    yours: str
    post: dict  # POST keys and their values that take theirs
    take_by_default: bool = False

    @property
    def key(self):
        return next(iter(self.post))

    @property
    def choice(self):
        """The value of its "take theirs" box: every POST key it sets (a moment is two,
        its date and its time), space-separated."""
        return " ".join(self.post)

    @property
    def hidden_inputs(self):
        """(POST key, value) pairs, one per value, for the form's hidden inputs."""
        return [
            (key, item)
            for key, value in self.post.items()
            for item in (value if isinstance(value, list) else [value])
        ]


def put_values(data, key, values):
    """Set ``key`` of the POST ``data`` to ``values``; no value at all (an emptied choice,
    an empty text) leaves the key out, as a browser does."""
    values = [item for item in values if item != ""]
    if values:
        data.setlist(key, values)
    else:
        data.pop(key, None)


@dataclass
class RowChange:
    label: str
    action: str
    user: object
    at: object
    yours: str = ""


@dataclass
class Conflict:
    users: list
    at: object
    fields: list = field(default_factory=list)
    rows: list = field(default_factory=list)

    by_you: bool = False  # every change since came from the same account (another window)

    @property
    def mergeable(self):
        """Whether saving can simply keep all their changes: none of the fields they
        changed was changed in this form too, and no row they deleted had values here."""
        return all(d.take_by_default for d in self.fields) and not any(
            row.yours
            for row in self.rows  # only a deleted row lists your values
        )

    @property
    def message(self):
        if self.by_you:
            return _(
                "Not saved: you changed this item in another window or tab on %(at)s, after "
                "this form was opened. Those changes are below, beside this form's values. "
                "Tick what you want to keep from them and save again."
            ) % {"at": moment_label(self.at)}
        return ngettext(
            "Not saved: %(users)s changed this item on %(at)s, after you opened this form. "
            "Their changes are below, beside yours. Tick what you want to take over from "
            "them and save again.",
            "Not saved: %(users)s changed this item on %(at)s, after you opened this form. "
            "Their changes are below, beside yours. Tick what you want to take over from "
            "them and save again.",
            len(self.users),
        ) % {"users": get_text_list(self.users, _("and")), "at": moment_label(self.at)}


def _user_name(record):
    user = record.history_user
    return (user.get_full_name() or user.get_username()) if user else _("someone")


def _split_forms(data, prefix):
    total = int(data.get(f"{prefix}-TOTAL_FORMS") or 0)
    forms = []
    for index in range(total):
        start = f"{prefix}-{index}-"
        forms.append(
            {key[len(start) :]: data.getlist(key) for key in data if key.startswith(start)}
        )
    return forms


def _join_forms(data, prefix, forms, initial):
    for key in [k for k in data if k.startswith(f"{prefix}-") and k.split("-")[1].isdigit()]:
        del data[key]
    for index, values in enumerate(forms):
        for name, value in values.items():
            data.setlist(f"{prefix}-{index}-{name}", value)
    data[f"{prefix}-TOTAL_FORMS"] = str(len(forms))
    data[f"{prefix}-INITIAL_FORMS"] = str(initial)


# -- in the content admins (``editorial.admin.ContentAdmin`` calls these) ----------------


def check_posted_form(model_admin, request, object_id):
    """Before a change form's POST is handled: take over the values the editor ticked
    ("take theirs"), and, when the form was loaded before others changed the item, keep
    the conflict on the request (``refusing_form`` then refuses the save with it)."""
    if request.method != "POST" or object_id is None:
        return
    data = request.POST.copy()
    _take_theirs(data)
    obj = model_admin.get_object(request, unquote(object_id))
    loaded = unsign(data.get(VERSION_FIELD, "")) if obj is not None else None
    if loaded is not None:
        conflict = _conflict(model_admin, request, obj, loaded, data)
        if conflict is not None:
            request._editorial_conflict = conflict
    request.POST = data


def _take_theirs(data):
    for choice in data.getlist(TAKE_THEIRS):
        for key in choice.split():
            put_values(data, key, data.getlist(THEIRS_PREFIX + key))
    for key in [k for k in data if k.startswith(THEIRS_PREFIX) or k == TAKE_THEIRS]:
        del data[key]


def refusing_form(form_class, request):
    """``form_class``, refusing to save with the conflict found for this request."""
    conflict = getattr(request, "_editorial_conflict", None)
    if conflict is None:
        return form_class

    class RefusedForm(form_class):
        def clean(self):
            cleaned_data = super().clean()
            self.add_error(None, conflict.message)
            return cleaned_data

    return RefusedForm


def form_context(model_admin, request, context, obj):
    """The change form's snapshot of what it was made from, and the conflict to show."""
    if obj is None or obj.pk is None:
        return
    conflict = getattr(request, "_editorial_conflict", None)
    posted = unsign(request.POST.get(VERSION_FIELD, "")) if request.method == "POST" else None
    # After a refusal the editor has seen the other changes: a fresh snapshot.
    # After any other error the form still holds what was loaded at first.
    current = posted if posted is not None and conflict is None else None
    context["editorial_version"] = sign(current or snapshot(model_admin, obj))
    context["editorial_version_field"] = VERSION_FIELD
    context["editorial_conflict"] = conflict
    context["editorial_take_theirs"] = TAKE_THEIRS
    context["editorial_theirs_prefix"] = THEIRS_PREFIX


# -- what changed since the form was loaded ------------------------------------------------


def _conflict(model_admin, request, obj, loaded, data):
    model = type(obj)
    records = list(
        model.history.filter(
            **{model._meta.pk.attname: obj.pk}, history_id__gt=loaded.get("obj", 0)
        )
        .select_related("history_user")
        .order_by("history_id")
    )
    row_records = []
    relations = child_relations(model_admin)
    for child, fk in relations:
        newest = loaded.get("rows", {}).get(child._meta.label_lower, 0)
        row_records += list(
            child.history.filter(**{fk: obj.pk}, history_id__gt=newest)
            .select_related("history_user")
            .order_by("history_id")
        )
    if not records and not row_records:
        return None
    every = records + row_records
    latest = max(every, key=lambda r: r.history_date)
    conflict = Conflict(
        users=sorted({_user_name(r) for r in every}),
        at=latest.history_date,
        by_you={r.history_user_id for r in every} == {request.user.pk},
    )
    fieldsets = model_admin.get_fieldsets(request, obj)
    form_class = model_admin.get_form(
        request, obj, change=True, fields=flatten_fieldsets(fieldsets)
    )
    if records:
        before = model.history.filter(history_id=loaded.get("obj", 0)).first()
        conflict.fields += _field_differences(model_admin, form_class, obj, before, records, data)
    if row_records:
        _row_differences(model_admin, request, obj, loaded, row_records, data, conflict)
    return conflict


def _field_differences(model_admin, form_class, obj, before, records, data, prefix=None):
    """Each form field they changed whose value in the POST is not theirs; its box is
    ticked when the POST still holds the value from before their change (you had not
    changed it)."""
    changed = changed_fields(before, records)
    theirs_form = form_class(instance=obj, prefix=prefix)
    yours_form = form_class(data, instance=obj, prefix=prefix)
    differences = []
    for name in theirs_form.fields:
        if name not in changed:
            continue
        theirs = post_values(theirs_form[name])
        if posted_as(data, theirs):
            continue
        old = recorded_post_values(form_class, before, name, prefix) if before else {}
        differences.append(
            Difference(
                label=_difference_label(theirs_form, name, prefix),
                theirs=model_value(obj, name) if name in _model_fields(obj) else "",
                yours=_posted_readable(yours_form, name),
                post=theirs,
                take_by_default=bool(old) and posted_as(data, old),
            )
        )
    return differences


def _difference_label(form, name, prefix):
    label = capfirst(str(form[name].label))
    if prefix is None:
        return label
    instance = form.instance
    return f"{capfirst(instance._meta.verbose_name)} “{instance}”: {form[name].label}"


def _row_differences(model_admin, request, obj, loaded, row_records, data, conflict):
    by_model = {}
    for record in row_records:
        by_model.setdefault(record.instance_type, []).append(record)
    for formset_class, inline in model_admin.get_formsets_with_inlines(request, obj):
        child = inline.model
        records = by_model.get(child)
        if not records:
            continue
        prefix = formset_class.get_default_prefix()
        current = formset_class(instance=obj, prefix=prefix, queryset=inline.get_queryset(request))
        existing = {form.instance.pk: form for form in current.initial_forms}
        forms = _split_forms(data, prefix)
        initial = int(data.get(f"{prefix}-INITIAL_FORMS") or 0)
        posted_ids = {}
        for index, values in enumerate(forms[:initial]):
            pk = (values.get("id") or [""])[0]
            if pk.isdigit():
                posted_ids[int(pk)] = index
        latest = {}
        for record in records:
            latest.setdefault(record.id, []).append(record)
        dropped = set()
        added = []
        verbose = capfirst(child._meta.verbose_name)
        for pk, history in latest.items():
            last = history[-1]
            who, when = _user_name(last), moment_label(last.history_date)
            if last.history_type == "-":
                if pk in posted_ids:
                    dropped.add(posted_ids[pk])
                    yours = _row_summary(
                        child, forms[posted_ids[pk]], skip=("id", child_fk_name(child, obj))
                    )
                    conflict.rows.append(
                        RowChange(f"{verbose}: {last.instance}", _("deleted"), who, when, yours)
                    )
            elif pk in existing and pk not in posted_ids:
                added.append(existing[pk])
                conflict.rows.append(
                    RowChange(f"{verbose}: {existing[pk].instance}", _("added"), who, when)
                )
            elif pk in existing:
                conflict.rows.append(
                    RowChange(f"{verbose}: {existing[pk].instance}", _("changed"), who, when)
                )
        newest = loaded.get("rows", {}).get(child._meta.label_lower, 0)
        if not dropped and not added:
            _changed_row_fields(
                model_admin, current, existing, posted_ids, records, newest, data, conflict
            )
            continue
        kept = [values for index, values in enumerate(forms[:initial]) if index not in dropped]
        theirs = []
        for form in added:
            values = {}
            for name in form.fields:
                for key, value in post_values(form[name]).items():
                    values[key[len(form.prefix) + 1 :]] = (
                        value if isinstance(value, list) else [value]
                    )
            theirs.append(values)
        new_forms = kept + theirs
        _join_forms(data, prefix, new_forms + forms[initial:], len(new_forms))
        posted_ids = {
            int(values["id"][0]): index
            for index, values in enumerate(new_forms)
            if (values.get("id") or [""])[0].isdigit()
        }
        _changed_row_fields(
            model_admin, current, existing, posted_ids, records, newest, data, conflict
        )


def _changed_row_fields(
    model_admin, current, existing, posted_ids, records, newest, data, conflict
):
    """Each field of a row they changed, as for the object's own fields."""
    changed_pks = {r.id for r in records if r.history_type == "~"}
    for pk in changed_pks:
        if pk not in existing or pk not in posted_ids:
            continue
        form = existing[pk]
        history = type(form.instance).history
        before = history.filter(id=pk, history_id__lte=newest).order_by("-history_id").first()
        if before is None:
            continue
        # Only the model fields their records changed: never the row's id or DELETE.
        conflict.fields += _field_differences(
            model_admin,
            type(form),
            form.instance,
            before,
            [r for r in records if r.id == pk],
            data,
            prefix=f"{current.prefix}-{posted_ids[pk]}",
        )


def child_fk_name(child, obj):
    for model_field in child._meta.fields:
        if getattr(model_field, "related_model", None) is type(obj):
            return model_field.name
    return ""


def _model_fields(obj):
    return {f.name for f in obj._meta.get_fields() if not f.auto_created or f.concrete}


def _row_summary(model, posted, skip=()):
    """The values a form row holds, as its reader knows them: "Jaar: 2025; Soort: aantal"
    (field labels, the labels of choices and objects; no sort order, no empty values)."""
    parts = []
    for name, values in posted.items():
        if not values or not values[0] or name in skip:
            continue
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:  # the form's own (DELETE)
            continue
        if isinstance(field, SortOrderField) or name in model._meta.ordering:
            continue  # its place in the list, not a value
        value = values[0]
        if field.is_relation and field.many_to_one:
            value = field.related_model._base_manager.filter(pk=value).first() or value
        else:
            value = readable_value(field, _python_value(field, value))
        parts.append(f"{capfirst(field.verbose_name)}: {value}")
    return "; ".join(parts)


def _python_value(field, value):
    """A posted value as the model field holds it; as posted when it does not convert."""
    try:
        return field.to_python(value)
    except ValidationError:
        return value


def _posted_readable(form, name):
    bound = form[name]
    try:
        value = bound.field.clean(bound.data)
    except Exception:  # shown as typed when it does not validate
        value = bound.data
    if isinstance(value, str) and "<" in value:
        value = words(value)
    return readable(value)
