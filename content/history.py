"""Version history of the content (django-simple-history), shared by the content apps.

Every model declared with ``content.registry.register_content`` keeps a history; the
content app's ``ready()`` registers them. Why there and not with ``history =
HistoricalRecords()`` in models.py: a historical model copies the fields its model has
*when it is built*. django-modeltranslation adds the ``_nl``/``_en`` columns only when it
reads the translation.py files (in its own ``AppConfig.ready()``, which runs first because
it is first in INSTALLED_APPS). Built in models.py, the history would miss every
translation; built from ``ready()``, it has them. A test pins this (tests/content/).

All history rows written during one request share the moment the request started, so
"the project as of version V" also finds its inline rows (partners, funding, workshops,
videos, links) saved in the same request, and a revert can bring them back together.
"""

import dataclasses
import datetime

import simple_history
from django.contrib import messages
from django.contrib.admin.utils import NestedObjects
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.db import connections, models, router, transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.fields import TranslationField
from modeltranslation.translator import NotRegistered, translator
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record
from simple_history.template_utils import HistoricalRecordContextHelper

from content.richtext import RichTextField, words

_REQUEST_STARTED = "_vwn_history_started"


class TranslatedHistoricalRecords(HistoricalRecords):
    """Historical models whose ``_nl``/``_en`` columns are plain fields.

    A modeltranslation field deconstructs as the field it translates, including its
    ``unique=True`` (e.g. ``slug_nl``): copied as is, a second version of the same object
    would violate that constraint. Each translation field is rebuilt as its plain field
    class, without uniqueness but indexed, like simple-history does for other fields.
    """

    def copy_fields(self, model):
        fields = super().copy_fields(model)
        for name, field in list(fields.items()):
            if not isinstance(field, TranslationField):
                continue
            _name, path, args, kwargs = field.deconstruct()
            was_unique = kwargs.pop("unique", False)
            kwargs.pop("primary_key", None)
            if was_unique:
                kwargs["db_index"] = True
            plain = import_string(path)(*args, **kwargs)
            plain.name = name
            fields[name] = plain
        return fields


def track(model, m2m_fields=()):
    """Keep the history of ``model`` (called from ContentConfig.ready())."""
    if hasattr(model._meta, "simple_history_manager_attribute"):
        return
    simple_history.register(
        model,
        app=model._meta.app_config.name,
        records_class=TranslatedHistoricalRecords,
        m2m_fields=list(m2m_fields),
        # The admin's user is recorded; the history survives the user's deletion.
        user_related_name="+",
        # simple-history's own name, "historical {}", is English and freezes the model's
        # name in the language active at start-up.
        verbose_name=format_lazy(gettext_lazy("version of {}"), model._meta.verbose_name),
        verbose_name_plural=format_lazy(
            gettext_lazy("versions of {}"), model._meta.verbose_name_plural
        ),
    )


def _same_moment_per_request(sender, history_instance, **kwargs):
    if getattr(HistoricalRecords.context, "request", None) is not None:
        history_instance.history_date = history_moment()


pre_create_historical_record.connect(_same_moment_per_request, dispatch_uid="vwn-history-date")


def history_moment():
    """The moment history rows written now carry: the request's start, else now."""
    request = getattr(HistoricalRecords.context, "request", None)
    if request is None:
        return timezone.now()
    if not hasattr(request, _REQUEST_STARTED):
        setattr(request, _REQUEST_STARTED, timezone.now())
    return getattr(request, _REQUEST_STARTED)


def save_with_history(changes, *, user=None, reason=""):
    """Save each ``(obj, update_fields)`` of ``changes`` and write their versions in bulk.

    For code that saves thousands of objects in one request (a translation import): every
    save still sends its signals (the page cache, the translation state), only
    simple-history's one version per save (a query or three each, many-to-many rows
    included) is replaced by one insert per model and relation. The versions are the same
    as a save would write, with ``user`` and ``reason`` and the request's moment.
    """
    if not changes:
        return
    database = router.db_for_write(type(changes[0][0]))
    if not connections[database].features.can_return_rows_from_bulk_insert:
        for obj, update_fields in changes:  # the versions' keys are needed for their rows
            obj.save(update_fields=update_fields)
        return
    by_model = {}
    for obj, update_fields in changes:
        obj.skip_history_when_saving = True
        try:
            obj.save(update_fields=update_fields)
        finally:
            del obj.skip_history_when_saving
        by_model.setdefault(type(obj), []).append(obj)
    moment = history_moment()
    for model, objs in by_model.items():
        manager_name = getattr(model._meta, "simple_history_manager_attribute", None)
        if manager_name is None:
            continue
        history_model = getattr(model, manager_name).model
        versions = getattr(model, manager_name).bulk_history_create(
            objs,
            update=True,
            default_user=user,
            default_date=moment,
            default_change_reason=reason,
            batch_size=500,
        )
        for field in getattr(history_model, "_history_m2m_fields", []):
            _bulk_m2m_history(model, history_model, field, objs, versions)


def _bulk_m2m_history(model, history_model, field, objs, versions):
    """The many-to-many rows of each new version, as simple-history copies them."""
    through = getattr(model, field.name).through
    names = [f.attname for f in through._meta.fields]
    source = next(
        f.attname
        for f in through._meta.fields
        if isinstance(f, models.ForeignKey) and f.related_model is model
    )
    m2m_history_model = getattr(history_model, field.name).model
    rows = {}
    for row in through.objects.filter(**{f"{source}__in": [obj.pk for obj in objs]}):
        rows.setdefault(getattr(row, source), []).append(row)
    new = [
        m2m_history_model(history=version, **{name: getattr(row, name) for name in names})
        for obj, version in zip(objs, versions, strict=True)
        for row in rows.get(obj.pk, [])
    ]
    m2m_history_model.objects.bulk_create(new, batch_size=500)


def child_relations(model_admin):
    """(inline model, FK field name) for every inline whose rows keep a history."""
    relations = []
    for inline in model_admin.inlines:
        child = inline.model
        if not hasattr(child._meta, "simple_history_manager_attribute"):
            continue
        for field in child._meta.fields:
            if isinstance(field, models.ForeignKey) and field.related_model is model_admin.model:
                relations.append((child, field.attname))
                break
    return relations


# -- the history in the content admins (``editorial.admin.ContentAdmin`` calls these) ------

OBJECT_HISTORY_TEMPLATE = "admin/history/object_history.html"
OBJECT_HISTORY_FORM_TEMPLATE = "admin/history/object_history_form.html"
OBJECT_HISTORY_LIST_TEMPLATE = "admin/history/object_history_list.html"
CHANGE_LIST_TEMPLATE = "admin/history/change_list.html"


def protected_objects(objs, protected):
    """What protects ``objs`` from deletion, in words: the admin's list (a row named with
    the project it belongs to) and what ``protected_by()`` adds beyond on_delete=PROTECT,
    so the admin refuses the delete with its usual message instead of failing."""
    if protected:
        collector = NestedObjects(using=router.db_for_write(type(next(iter(objs)))))
        collector.collect(objs)
        protected = [_describe_protecting(obj) for obj in collector.protected]
    protected = list(protected)
    for obj in objs:
        if hasattr(obj, "protected_by"):
            protected += [
                f"{capfirst(related._meta.verbose_name)}: {related}"
                for related in obj.protected_by()
            ]
    return protected


def urls(model_admin):
    opts = model_admin.model._meta
    return [
        path(
            "deleted/",
            model_admin.admin_site.admin_view(lambda request: deleted_view(model_admin, request)),
            name=f"{opts.app_label}_{opts.model_name}_deleted",
        ),
    ]


def deleted_view(model_admin, request):
    """Objects that were deleted, each with a link to its history to restore it."""
    if not may_revert(model_admin.model, request):
        return HttpResponseRedirect(reverse("admin:index"))
    model = model_admin.model
    existing = model._default_manager.values("pk")
    latest = model.history.exclude(id__in=existing).latest_of_each().filter(history_type="-")
    opts = model._meta
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Deleted %(name)s") % {"name": opts.verbose_name_plural},
        "opts": opts,
        "records": latest.order_by("-history_date").select_related("history_user")[:200],
        "history_url_name": f"admin:{opts.app_label}_{opts.model_name}_history",
    }
    return TemplateResponse(request, "admin/history/deleted.html", context)


def changelist_context(model_admin, request):
    """The change list's link to the deleted items."""
    opts = model_admin.model._meta
    return {
        "deleted_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_deleted"),
        "can_recover": model_admin.has_add_permission(request)
        and model_admin.has_change_permission(request),
    }


def row_history(model_admin, object_id):
    """The changes of the item's inline rows, newest first, for its history page."""
    rows = []
    for child, fk in child_relations(model_admin):
        records = (
            child.history.filter(**{fk: object_id})
            .select_related("history_user")
            .order_by("-history_date", "-history_id")[:200]
        )
        for record in records:
            rows.append(
                {
                    "model": capfirst(child._meta.verbose_name),
                    "record": record,
                    "changes": _describe_changes(record),
                }
            )
    rows.sort(key=lambda row: (row["record"].history_date, row["record"].pk), reverse=True)
    return rows


def historical_form(form_class, obj):
    """The form of a version (simple-history's revert form) shows the relations the object
    had in that version, not today's."""
    record = getattr(obj, "_history", None)
    if record is None or not getattr(record, "_history_m2m_fields", []):
        return form_class

    class HistoricalForm(form_class):
        def __init__(self, *args, **form_kwargs):
            super().__init__(*args, **form_kwargs)
            for field, targets in m2m_targets(record):
                if field.name in self.fields:
                    self.initial[field.name] = targets

    return HistoricalForm


def may_revert(model, request):
    """Restoring a version can recreate, change and delete rows: only for those who may do
    all of that themselves (editors), never for translators."""
    opts = model._meta
    return all(
        request.user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")
        for action in ("add", "change", "delete")
    )


def restore_view(model_admin, request, object_id, version_id, show):
    """A version's page and its restoring, around simple-history's own view ``show()``
    (which renders the version's form and, on POST, saves the item as it was)."""
    # The revert form is a tool for restoring; those who may not restore (translators)
    # read the changes on the history page instead. Their English-only form could not
    # show this page anyway: it lacks the Dutch fields the version consists of.
    if not may_revert(model_admin.model, request):
        raise PermissionDenied
    model = model_admin.model
    version = model.history.filter(history_id=version_id).first()
    before = (
        model.history.filter(**{model._meta.pk.attname: object_id}, history_id__lt=version_id)
        .order_by("-history_id")
        .first()
        if version is not None and version.history_type == "-"
        else None
    )
    if before is not None:
        # The deletion itself: its rows were gone by then. What it deleted is the newest
        # version before it (one save can write several at the same moment).
        opts = model._meta
        return HttpResponseRedirect(
            reverse(
                f"admin:{opts.app_label}_{opts.model_name}_simple_history",
                args=[object_id, before.history_id],
            )
        )
    if request.method == "POST":
        missing = missing_references(model_admin, object_id, version_id)
        if missing:
            # Nothing is written: the form is shown again with what is in the way.
            messages.error(request, missing_message(missing))
            request.method = "GET"
            return show()
        with transaction.atomic():
            response = show()
            if isinstance(response, HttpResponseRedirect):
                _restore_rows(model_admin, request, object_id, version_id)
        return response
    return show()


def _rows_then(model_admin, object_id, version_id):
    """[(row model, fk, {pk: historical row})] as they were in the version."""
    history = model_admin.model.history
    version = history.get(history_id=version_id)
    later = (
        history.filter(**{model_admin.model._meta.pk.attname: object_id})
        .filter(history_date__gt=version.history_date)
        .order_by("history_date")
        .first()
    )
    moment = later.history_date - datetime.timedelta(microseconds=1) if later else timezone.now()
    return version, [
        (
            child,
            fk,
            {row.pk: row for row in child.history.as_of(moment).filter(**{fk: object_id})},
        )
        for child, fk in child_relations(model_admin)
    ]


def missing_references(model_admin, object_id, version_id):
    """What the version (the object and its rows) points at that no longer exists:
    [(model, pk)]. Restoring it would fail on the database's foreign keys."""
    version, rows = _rows_then(model_admin, object_id, version_id)
    missing = _missing_targets(version, skip=())
    for _child, fk, then in rows:
        for row in then.values():
            missing += _missing_targets(row._history, skip=(fk,))
    return list(dict.fromkeys(missing))


def _restore_rows(model_admin, request, object_id, version_id):
    """Bring the inline rows back to how they were in the reverted version."""
    _version, rows = _rows_then(model_admin, object_id, version_id)
    for child, fk, then in rows:
        for current in child._default_manager.filter(**{fk: object_id}):
            if current.pk not in then:
                current._history_user = request.user
                current.delete()
        for row in then.values():
            record = row._history
            row._history_user = request.user
            row.save()
            for field, target in m2m_targets(record):
                getattr(row, field.name).set(target)


def m2m_targets(record):
    """[(many-to-many field, [target pks])] of a historical record."""
    result = []
    for field in getattr(record, "_history_m2m_fields", []):
        through = getattr(record, field.name).all()
        target = next(
            f.attname
            for f in through.model._meta.fields
            if isinstance(f, models.ForeignKey) and f.related_model is field.related_model
        )
        result.append((field, [getattr(t, target) for t in through]))
    return result


def _missing_targets(record, skip):
    """[(model, pk)] that a historical record's relations point at and that are gone."""
    model = record.instance_type
    wanted = []
    for field in model._meta.concrete_fields:
        if isinstance(field, models.ForeignKey) and not {field.name, field.attname} & set(skip):
            value = getattr(record, field.attname)
            if value is not None:
                wanted.append((field.related_model, value))
    for field, targets in m2m_targets(record):
        wanted += [(field.related_model, pk) for pk in targets]
    missing = []
    for related, pk in wanted:
        if not related._base_manager.filter(pk=pk).exists():
            missing.append((related, pk))
    return missing


def missing_message(missing):
    names = []
    for related, pk in missing:
        name = f"#{pk}"
        if hasattr(related, "history"):
            last = related.history.filter(**{related._meta.pk.attname: pk}).first()
            if last is not None:
                name = str(last.instance)
        names.append(_("%(kind)s “%(name)s”") % {"kind": related._meta.verbose_name, "name": name})
    return _(
        "This version cannot be restored: it refers to %(items)s, deleted since. Nothing "
        "has been changed. Restore what was deleted first (under “Deleted items” on its "
        "list), or choose another version."
    ) % {"items": ", ".join(names)}


def _describe_protecting(obj):
    label = f"{capfirst(obj._meta.verbose_name)}: {obj}"
    parent = getattr(obj, "project", None)
    if parent is not None:
        label = f"{capfirst(parent._meta.verbose_name)}: {parent} ({label})"
    return label


class ReadableChanges(HistoricalRecordContextHelper):
    """Diffs for people: rich text as its words (not its HTML), empty values as a dash.

    A translated field's own column (``title`` beside ``title_nl`` and ``title_en``) is left
    out: django-modeltranslation writes the language of whoever saved into it, so after a
    translator's save it would read as if the Dutch had changed. A change that reads the
    same on both sides (empty before and after) is left out too.

    Values are escaped by simple-history after this preparation.
    """

    def context_for_delta_changes(self, delta):
        shown = [c for c in delta.changes if c.field not in _language_columns(self.model)]
        delta = dataclasses.replace(delta, changes=shown)
        return [
            change
            for change in super().context_for_delta_changes(delta)
            if change["old"] != change["new"]
        ]

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        value = readable_value(self.model._meta.get_field(change.field), value)
        return "—" if value in (None, "") else value


def readable_value(field, value):
    """A value of model ``field`` as its reader knows it (the history, the clash screen):
    rich text as its words, a choice by its label ("gepubliceerd", not "published"), a tick
    box as ja/nee, the objects of a many-to-many field by name."""
    if isinstance(field, RichTextField):
        return words(value)
    if field.choices and not isinstance(value, list):
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return value


def _language_columns(model):
    """The translated fields' own columns of ``model`` (its registered field names)."""
    try:
        return set(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return set()


def _describe_changes(record):
    """[{field, old, new}] between ``record`` and the version before it, ready to show."""
    previous = record.prev_record
    if previous is None or record.history_type != "~":
        return []
    delta = record.diff_against(previous, foreign_keys_are_objs=True)
    return ReadableChanges(record.instance_type, record).context_for_delta_changes(delta)
