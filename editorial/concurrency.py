"""No silent lost updates: a save from a form loaded before someone else's save is refused.

The change form carries, signed, the revision it was made from (``content.models.Revision``:
the item with its rows, the newest of its history when the form was opened). A save whose
revision is no longer the newest finds the revisions written since, and so knows who
changed what and when, rows added, changed and deleted included. The save is refused with
that on the form: their value beside yours for each field, a box to take theirs (ticked
where you had not changed the field), their new rows put in the form, their deleted rows
taken out of it (your values for them are listed). The form then carries the newest
revision; saving again saves.

django-concurrency (2.8, Django 5.2) was considered: it needs a version column in every
table, refuses a stale save without saying who changed what, and leaves inline rows
deleted by someone else to the formset's unmarked "select a valid choice" error. The
revisions already know all of it.
"""

from dataclasses import dataclass, field

from django.contrib.admin.options import flatten_fieldsets
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.forms import CheckboxInput, MultiWidget, SelectMultiple
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from content import revisions
from content.admin import moment_label
from content.models import Revision
from content.ordering import SortOrderField
from content.revisions import changed_fields, readable_value
from content.richtext import RichTextField, words

VERSION_FIELD = "_editorial_version"
TAKE_THEIRS = "_editorial_take_theirs"
THEIRS_PREFIX = "_editorial_theirs__"
SALT = "editorial.form-snapshot"


def snapshot(model_admin, obj):
    """{"revision": key of the item's newest revision, 0 without one}."""
    newest = revisions.latest(obj)
    return {"revision": newest.pk if newest is not None else 0}


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


def recorded_post_values(form_class, data, name, prefix=None):
    """{POST key: value or list} of field ``name`` as a revision's object ``data`` holds
    it. Its many-to-many values come from the revision: the object it rebuilds would read
    the relation as it is now."""
    instance, m2m = revisions.build(data)
    if name in m2m:
        key = f"{prefix}-{name}" if prefix else name
        return {key: [str(pk) for pk in m2m[name]]}
    try:
        return post_values(form_class(instance=instance, prefix=prefix)[name])
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


def _user_name(revision):
    user = revision.user
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
    if "revision" not in loaded:
        return None  # a form opened before forms named their revision (an upgrade)
    newer = list(
        revisions.history_of(obj)
        .filter(pk__gt=loaded.get("revision", 0))
        .select_related("user")
        .order_by("pk")
    )
    base = Revision.objects.filter(pk=loaded.get("revision", 0)).first()
    if base is None and newer:
        # The form was opened before the item had a revision: the first one written since
        # is how it was before that change (``content.recording``).
        base, newer = newer[0], newer[1:]
    if not newer or base is None:
        return None
    changes = _Changes(base.content, newer, revisions.snapshot(obj))
    conflict = Conflict(
        users=sorted({_user_name(r) for r in newer}),
        at=newer[-1].created_at,
        by_you={r.user_id for r in newer} == {request.user.pk},
    )
    fieldsets = model_admin.get_fieldsets(request, obj)
    form_class = model_admin.get_form(
        request, obj, change=True, fields=flatten_fieldsets(fieldsets)
    )
    item_changed = changed_fields(type(obj), changes.base["item"], changes.current["item"])
    if item_changed:
        conflict.fields += _field_differences(
            form_class, obj, changes.base["item"], item_changed, data
        )
    _row_differences(model_admin, request, obj, changes, data, conflict)
    if not conflict.fields and not conflict.rows:
        return None  # what others changed is not in this form, or it already agrees
    return conflict


class _Changes:
    """What the revisions written since a form was opened changed: ``base`` (the form's
    revision) against ``current`` (the item now), and who last touched each row."""

    def __init__(self, base, newer, current):
        self.base, self.current = base, current
        self.touched = {}  # (relation, row key) -> the revision that last changed it
        previous = base
        for revision in newer:
            for name, rows in revision.content["rows"].items():
                old = revisions.rows_by_key(previous["rows"].get(name, []))
                new = revisions.rows_by_key(rows)
                for key in set(old) | set(new):
                    if old.get(key) != new.get(key):
                        self.touched[(name, key)] = revision
            previous = revision.content

    def rows(self, name):
        return (
            revisions.rows_by_key(self.base["rows"].get(name, [])),
            revisions.rows_by_key(self.current["rows"].get(name, [])),
        )

    def who(self, name, key):
        revision = self.touched.get((name, key))
        if revision is None:
            return _("someone"), ""
        return _user_name(revision), moment_label(revision.created_at)


def _field_differences(form_class, obj, before, changed, data, prefix=None):
    """Each form field they changed whose value in the POST is not theirs; its box is
    ticked when the POST still holds the value from before their change (you had not
    changed it). ``before`` is the object's data in the form's revision."""
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


def _row_differences(model_admin, request, obj, changes, data, conflict):
    relation_of = {row_model: name for name, row_model, _fk in revisions.row_relations(type(obj))}
    for formset_class, inline in model_admin.get_formsets_with_inlines(request, obj):
        child = inline.model
        name = relation_of.get(child)
        if name is None:
            continue
        base_rows, current_rows = changes.rows(name)
        deleted = [key for key in base_rows if key not in current_rows]
        added = [key for key in current_rows if key not in base_rows]
        changed = [
            key
            for key in current_rows
            if key in base_rows and changed_fields(child, base_rows[key], current_rows[key])
        ]
        if not (deleted or added or changed):
            continue
        prefix = formset_class.get_default_prefix()
        current = formset_class(instance=obj, prefix=prefix, queryset=inline.get_queryset(request))
        existing = {form.instance.pk: form for form in current.initial_forms}
        forms = _split_forms(data, prefix)
        initial = int(data.get(f"{prefix}-INITIAL_FORMS") or 0)
        posted_ids = _posted_ids(forms[:initial])
        verbose = capfirst(child._meta.verbose_name)
        dropped, theirs = set(), []
        for key in deleted:
            if key in posted_ids:
                dropped.add(posted_ids[key])
                yours = _row_summary(
                    child, forms[posted_ids[key]], skip=("id", child_fk_name(child, obj))
                )
                row_name = revisions.build(base_rows[key])[0]
                conflict.rows.append(
                    RowChange(
                        f"{verbose}: {row_name}", _("deleted"), *changes.who(name, key), yours
                    )
                )
        for key in added:
            if key in existing and key not in posted_ids:
                theirs.append(_form_values(existing[key]))
                conflict.rows.append(
                    RowChange(
                        f"{verbose}: {existing[key].instance}", _("added"), *changes.who(name, key)
                    )
                )
        for key in changed:
            if key in existing:
                conflict.rows.append(
                    RowChange(
                        f"{verbose}: {existing[key].instance}",
                        _("changed"),
                        *changes.who(name, key),
                    )
                )
        if dropped or theirs:
            kept = [values for index, values in enumerate(forms[:initial]) if index not in dropped]
            new_forms = kept + theirs
            _join_forms(data, prefix, new_forms + forms[initial:], len(new_forms))
            posted_ids = _posted_ids(new_forms)
        for key in changed:
            if key not in existing or key not in posted_ids:
                continue
            form = existing[key]
            # Only the model fields they changed: never the row's id or DELETE.
            conflict.fields += _field_differences(
                type(form),
                form.instance,
                base_rows[key],
                changed_fields(child, base_rows[key], current_rows[key]),
                data,
                prefix=f"{current.prefix}-{posted_ids[key]}",
            )


def _posted_ids(forms):
    """{row key: index} of the posted forms of saved rows."""
    ids = {}
    for index, values in enumerate(forms):
        pk = (values.get("id") or [""])[0]
        if pk.isdigit():
            ids[int(pk)] = index
    return ids


def _form_values(form):
    """{field: [values]} of a row form as its POST would send them unchanged."""
    values = {}
    for name in form.fields:
        for key, value in post_values(form[name]).items():
            values[key[len(form.prefix) + 1 :]] = value if isinstance(value, list) else [value]
    return values


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
