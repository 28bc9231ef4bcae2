"""When revisions are written: every change of an item or of its rows becomes one
revision of the item (``content.models.Revision``, state "saved"), once per unit of work.

A unit of work is a ``recording()`` block: the admin wraps every view that changes
content in one (with the editor as author), so a project saved with its partnerships,
workshops and places is one revision, written in the same transaction as the change.
Outside a block (``manage.py shell``, a command, a migration of data), changes are
collected per transaction and written when it commits; the author is unknown.

What is collected comes from Django's signals, for every registered content model
(``content.registry``): a save, a deletion or a change of a many-to-many relation marks
the item (and the items it is a row of: a workshop's project) as changed. When the unit
ends, each marked item is read once (``revisions.snapshot``) and written as a revision
unless it reads the same as its latest one. A deleted item gets a "deleted" revision
holding what it was with its rows, read just before the deletion (before the rows go
with it): that is what "deleted items" lists and restores.

An item changed for the first time since the site kept revisions this way (one made
before, or loaded in bulk) first gets a revision of how it was, so its history shows
what the first change changed.
"""

import threading
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connections, router, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils.translation import gettext_lazy as _

from . import revisions
from .registry import content_options, has_own_revisions, row_owners

_local = threading.local()

BASELINE_COMMENT = _("As it was before this change (the first one recorded).")


@dataclass
class Unit:
    """The changes of one unit of work: {(model, pk)} marked, {(model, pk): content} of
    items being deleted, and the items whose state before was already secured."""

    user: object = None
    comment: str = ""
    changed: dict = field(default_factory=dict)
    deleted: dict = field(default_factory=dict)
    secured: set = field(default_factory=set)
    # Outside a block: the callback that writes this unit when its transaction commits.
    on_commit: object = None
    using: str = "default"


@contextmanager
def recording(user=None, comment=""):
    """Everything changed inside is written as one revision per item when the block ends
    (nested blocks join the outer one; an exception discards the unit)."""
    stack = _stack()
    if stack:
        yield stack[-1]
        return
    unit = Unit(user=user if getattr(user, "is_authenticated", False) else None, comment=comment)
    stack.append(unit)
    try:
        yield unit
    except BaseException:
        stack.pop()
        raise
    stack.pop()
    write_unit(unit)


def _stack():
    if not hasattr(_local, "stack"):
        _local.stack = []
    return _local.stack


def _unit(using):
    """The unit changes are collected in now: the open block's, or the transaction's (see
    ``_schedule``)."""
    stack = _stack()
    if stack:
        return stack[-1]
    unit = getattr(_local, "outside", None)
    connection = connections[using]
    waiting = unit is not None and unit.using == using and unit.on_commit is not None
    if waiting and any(entry[1] is unit.on_commit for entry in connection.run_on_commit):
        return unit
    if unit is None or unit.using != using or unit.on_commit is not None:
        # A new transaction (or the last one was rolled back, its callback with it).
        unit = _local.outside = Unit(using=using)
    return unit


def _schedule(unit):
    """Outside a block: write ``unit`` when its transaction commits (at once without
    one), once."""
    if _stack() or unit.on_commit is not None:
        return

    def written():
        if getattr(_local, "outside", None) is unit:
            _local.outside = None
        write_unit(unit)

    unit.on_commit = written
    transaction.on_commit(written, using=unit.using)


def items_of(instance):
    """[(item model, pk)] whose revision ``instance`` is part of: itself when its kind
    keeps revisions of its own, and the items it is a row of."""
    model = type(instance)
    items = []
    if has_own_revisions(model) and instance.pk is not None:
        items.append((model, instance.pk))
    for owner, fk in row_owners(model):
        owner_pk = getattr(instance, fk.attname, None)
        if owner_pk is not None:
            items.append((owner, owner_pk))
    return items


def _secure_before(unit, items):
    """In a block: the state before the first change of an item that has no revision."""
    if not _stack():
        return
    for key in items:
        if key in unit.secured:
            continue
        unit.secured.add(key)
        model, pk = key
        obj = model._default_manager.filter(pk=pk).first()
        if obj is not None and not revisions.revisions_of(obj).exists():
            revisions.record(
                obj, revisions.snapshot(obj), revisions.SAVED, comment=str(BASELINE_COMMENT)
            )


def _mark(instance, using):
    unit = _unit(using)
    for key in items_of(instance):
        unit.changed[key] = True
    _schedule(unit)


# -- the signals ------------------------------------------------------------------------------


def _before_save(sender, instance, raw=False, using=None, **kwargs):
    if not raw and _stack():
        _secure_before(_stack()[-1], items_of(instance))


def _after_save(sender, instance, raw=False, using=None, **kwargs):
    if not raw:
        _mark(instance, using)


def _before_delete(sender, instance, using=None, **kwargs):
    unit = _unit(using)
    items = items_of(instance)
    _secure_before(unit, [key for key in items if key[0] is not sender])
    if has_own_revisions(sender) and instance.pk is not None:
        # What is deleted, rows included, read before its rows go with it.
        unit.deleted[(sender, instance.pk)] = (str(instance), revisions.snapshot(instance))
        _schedule(unit)


def _after_delete(sender, instance, using=None, **kwargs):
    _mark(instance, using)


def _relation_changed(sender, instance, action, reverse, model, pk_set, using=None, **kwargs):
    if action.startswith("pre_"):
        if _stack():
            if reverse:
                _secure_before(_stack()[-1], [(model, pk) for pk in pk_set or ()])
            else:
                _secure_before(_stack()[-1], items_of(instance))
        return
    if reverse:  # country.projects.add(project): the projects changed
        unit = _unit(using)
        for pk in pk_set or ():
            if has_own_revisions(model):
                unit.changed[(model, pk)] = True
        _schedule(unit)
    else:
        _mark(instance, using)


def connect():
    """Listen to every content model (``ContentConfig.ready()``)."""
    for options in content_options():
        model = options.model
        uid = f"revisions-{model._meta.label_lower}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"{uid}-pre-save")
        post_save.connect(_after_save, sender=model, dispatch_uid=f"{uid}-save")
        pre_delete.connect(_before_delete, sender=model, dispatch_uid=f"{uid}-pre-delete")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=f"{uid}-delete")
        for relation in revisions.m2m_fields(model):
            m2m_changed.connect(
                _relation_changed,
                sender=relation.remote_field.through,
                dispatch_uid=f"{uid}-{relation.name}",
            )


# -- writing -----------------------------------------------------------------------------


def write_unit(unit):
    """One revision per item the unit changed, unless it reads as its latest one."""
    if not unit.changed and not unit.deleted:
        return
    for (model, pk), (name, content) in unit.deleted.items():
        if not model._base_manager.filter(pk=pk).exists():
            revisions.record_deleted(model, pk, name, content, unit.user, unit.comment)
    by_model = {}
    for model, pk in unit.changed:
        if has_own_revisions(model):
            by_model.setdefault(model, set()).add(pk)
    for model, pks in by_model.items():
        using = router.db_for_write(model)
        objs = model._default_manager.db_manager(using).filter(pk__in=pks)
        latest = revisions.latest_of(model, pks)
        for obj, content in revisions.snapshots(objs):
            before = latest.get(str(obj.pk))
            unchanged = before is not None and before.state == revisions.SAVED
            if unchanged and revisions.same(before.content, content):
                continue
            revisions.record(obj, content, revisions.SAVED, unit.user, unit.comment)
