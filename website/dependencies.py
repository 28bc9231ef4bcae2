"""What a page was rendered from, recorded while it renders, and what a change touches.

Each change (``website.freshness``) names *items*, and each cached page the items it was
rendered from; a change makes stale only the pages that share an item with it. Three kinds
of item per content model (``projects.project`` here):

- ``projects.project:12``, one object: recorded for every object of a content model that
  a page's queries load (``post_init``), and changed by every save or delete of it, or of
  a row that belongs to it (a workshop changes its project too);
- ``projects.project``, which objects there are: recorded for every query that reads the
  model's table (its SQL names it), and changed when an object is added or deleted, or
  saved with a change in anything but its texts and files (status, dates, order, the
  objects it points at) or in its many-to-many relations: whatever could make it appear
  in a list, leave one or move in one;
- ``projects.project~``, any row at all: recorded for queries that read the table without
  loading objects (``values()``, ``values_list()``), which cannot say which rows they read,
  and changed by every change of the model.

So an editor who corrects a text changes only the pages that show that object (its own,
the overview, its places' pages), and a draft's changes change no public page at all.
Anything that cannot be told apart is recorded as more, never less. Code whose
``values()`` queries read nothing but what ``projects.project`` covers (no texts, no
files: ids, counts, status, dates, order) says so with ``reading_listing_fields()``: they
record the model's list instead of its every row (the overview counts and chooses its
projects that way).
"""

import contextvars
from contextlib import contextmanager
from functools import cache

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import query as query_module
from django.db.models.signals import post_init

from content.registry import (
    content_options,
    has_publication_rule,
    options_for,
    published_queryset,
)

_recorder = contextvars.ContextVar("page_dependencies", default=None)
_listing_fields_only = contextvars.ContextVar("page_dependencies_listing_only", default=False)


class Recorder:
    def __init__(self):
        self.items = set()
        self.lists = set()
        self.rows = set()

    def keys(self):
        return frozenset(self.items | self.lists | {f"{label}~" for label in self.rows})


@contextmanager
def recording(using=DEFAULT_DB_ALIAS):
    """Record what the code in the block reads: ``with recording() as read: ...``, then
    ``read.keys()``."""
    recorder = Recorder()
    token = _recorder.set(recorder)
    try:
        with connections[using].execute_wrapper(_record_sql):
            yield recorder
    finally:
        _recorder.reset(token)


def note(keys):
    """Record ``keys`` (a ``Recorder.keys()``) as read by the code being recorded, if any:
    what a structure a process keeps (the projects list's facet index) was read from."""
    recorder = _recorder.get()
    if recorder is not None:
        recorder.items.update(keys)


@contextmanager
def reading_listing_fields():
    """In this block ``values()`` and ``values_list()`` queries read (select, filter, order
    and count by) only what can move an object in or out of a list or within one
    (``listing_fields``: no texts, no files), so a change of a text cannot change what they
    give: they record each model's list (``projects.project``), as a query loading objects
    does, instead of its every row (``projects.project~``). The caller vouches for it."""
    token = _listing_fields_only.set(True)
    try:
        yield
    finally:
        _listing_fields_only.reset(token)


@cache
def labels():
    """{model: label} of every content model."""
    return {options.model: options.model._meta.label_lower for options in content_options()}


@cache
def tables():
    """{quoted table name: labels} of the content models' tables and of the many-to-many
    tables between them (a project's places: both the projects and the places)."""
    found = {}
    for options in content_options():
        model = options.model
        label = model._meta.label_lower
        found.setdefault(f'"{model._meta.db_table}"', set()).add(label)
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if through._meta.auto_created:
                related = labels().get(field.related_model)
                entry = found.setdefault(f'"{through._meta.db_table}"', set())
                entry.add(label)
                if related:
                    entry.add(related)
    return found


def _record_sql(execute, sql, params, many, context):
    recorder = _recorder.get()
    if recorder is not None:
        for table, names in tables().items():
            if table in sql:
                recorder.lists.update(names)
    return execute(sql, params, many, context)


def _record_object(sender, instance, **kwargs):
    recorder = _recorder.get()
    if recorder is not None:
        label = labels().get(sender)
        if label is not None and instance.pk is not None:
            recorder.items.add(f"{label}:{instance.pk}")


_original_iterable_init = query_module.BaseIterable.__init__


def _record_values(self, queryset, *args, **kwargs):
    _original_iterable_init(self, queryset, *args, **kwargs)
    recorder = _recorder.get()
    if recorder is not None and not isinstance(self, query_module.ModelIterable):
        query = queryset.query
        names = {query.model._meta.db_table}
        names.update(join.table_name for join in query.alias_map.values())
        found = recorder.lists if _listing_fields_only.get() else recorder.rows
        for name in names:
            found.update(tables().get(f'"{name}"', ()))


def connect():
    post_init.connect(_record_object, dispatch_uid="page_dependencies_post_init")
    if query_module.BaseIterable.__init__ is not _record_values:
        query_module.BaseIterable.__init__ = _record_values


# -- what a change touches ------------------------------------------------------------------


@cache
def listing_fields(model):
    """The attributes of ``model`` whose change can move an object in or out of a list,
    or within one: all but its texts and files (and its primary key)."""
    options = options_for(model)
    moments = set(options.moments) if options else set()
    found = []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        text = isinstance(field, models.TextField | models.FileField) or (
            isinstance(field, models.CharField) and not field.choices
        )
        if not text or field.name in moments:
            found.append(field.attname)
    return tuple(found)


@cache
def file_fields(model):
    return tuple(f.attname for f in model._meta.concrete_fields if isinstance(f, models.FileField))


def changes_listing(instance, using=DEFAULT_DB_ALIAS):
    """Would saving ``instance`` now change any list (see the module docstring)? One query:
    its stored values. New objects always do."""
    return change_kind(instance, using)[0]


def change_kind(instance, using=DEFAULT_DB_ALIAS):
    """(listing, takedown) of saving ``instance`` now, from its stored values (one query).

    ``listing``: would it change any list (see the module docstring)? New objects do.
    ``takedown``: could it take anything off a public page? Yes unless all it changes is
    text: a change of its status, dates, order or relations (anything ``listing``) or of
    a file (a photo replaced or withdrawn). Pages changed only by other changes may be
    served as they were for a moment while they are rendered again
    (``freshness.State.may_revalidate``); after a takedown, never. A new object takes
    nothing down."""
    if instance._state.adding or instance.pk is None:
        return True, False
    model = type(instance)
    fields = listing_fields(model)
    files = file_fields(model)
    stored = model._base_manager.using(using).filter(pk=instance.pk).values(*fields, *files)
    stored = stored.first()
    if stored is None:
        return True, False
    listing = any(stored[name] != getattr(instance, name) for name in fields)
    changed_file = any(
        (stored[name] or "") != (getattr(instance, name).name or "")
        if hasattr(getattr(instance, name), "name")
        else stored[name] != getattr(instance, name)
        for name in files
    )
    return listing, listing or changed_file


def changed_items(instance, *, listing=True, pk_set=None, related_model=None):
    """The items a change of ``instance`` touches: itself and every row of its model, its
    list when ``listing``, the content objects it belongs to (its foreign keys) and, for a
    many-to-many change, the objects added or removed on the other side."""
    model = type(instance)
    label = model._meta.label_lower
    items = {f"{label}:{instance.pk}", f"{label}~"}
    if listing:
        items.add(label)
    for field in model._meta.concrete_fields:
        related = field.related_model if field.is_relation else None
        if related is not None and options_for(related) is not None:
            value = getattr(instance, field.attname)
            if value is not None:
                items.add(f"{related._meta.label_lower}:{value}")
    if pk_set and related_model is not None:
        related = related_model._meta.label_lower
        items.update((related, f"{related}~"))
        items.update(f"{related}:{pk}" for pk in pk_set)
    return items


def is_public(instance, using=DEFAULT_DB_ALIAS):
    """May the public see ``instance`` now (as saved in the current transaction)? By its
    model's publication rule (``content.registry.published_queryset``), else its status."""
    model = type(instance)
    if has_publication_rule(model):
        return published_queryset(model).using(using).filter(pk=instance.pk).exists()
    options = options_for(model)
    return options is None or options.is_live(instance)
