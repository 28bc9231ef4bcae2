"""What the rest of the site needs to know about each kind of content, declared once,
on the model::

    @register_content(main_text_fields=("title", "body"), desk=_("projects"),
                      desk_children=("videos", "links"))
    class Project(Photo, models.Model):
        ...

Every model an editor edits is registered, inline rows included. The declaration is read by

- the page cache (``website.page_cache``): saving or deleting a registered model, or
  changing one of its many-to-many relations, makes every cached page stale, unless it is
  declared ``public=False``;
- revisions (``content.revisions``): an item and its ``rows`` are one unit of change;
  with approval on, a change to a ``publishable`` item that is public (by its
  ``status_field``, or always without one) waits for a publisher (``editorial.review``);
- the history (``content.recording``): every change of an item, or of one of its
  ``rows``, is kept as a revision of the item (a row with a ``desk`` of its own, a
  workshop, also keeps revisions of its own);
- SEO (``website.seo``): a page exists in a language when each ``main_text_fields`` that
  has Dutch text also has text in that language;
- renditions (``make_renditions``): every image field of a registered model;
- the page cache again, for ``moments``: date and date-time fields at which the public
  pages change without anyone saving (a project's publish-from and -until, its end date,
  a call to action's start and end); no cached page outlives the next such moment;
- the translator's desk (``translations``): models with a ``desk`` label are a kind of
  content there, their ``desk_children`` (related names of inline rows) counted under them;
- the roles (``content.roles``): editors may add, change, delete and view every
  registered model; translators may change and view them;
- the admin's filters by a related object (``content.admin.LabelledRelatedFilter``): a
  model's ``label_fields``, the fields its name (``__str__``) is made of, are the only
  columns loaded for the filter's list of choices;
- private media (``operations.media``): a file of a registered model's file fields (and
  its renditions) is served to the public only while its object is published, by the
  model's publication rule (``published_queryset``): its ``objects.published()``, or a
  rule another app declares with ``publication_rule`` (partners are public through
  projects). A model with files and without a rule is refused by a system check.

A model's place in these lists follows ``INSTALLED_APPS`` and the order of the models in
their app, so the desk lists overview texts before countries before projects.
"""

import functools
from dataclasses import dataclass

from django.apps import apps
from django.db import models


@dataclass(frozen=True)
class ContentOptions:
    model: type
    main_text_fields: tuple = ()
    desk: str | None = None
    desk_children: tuple = ()
    public: bool = True
    moments: tuple = ()
    label_fields: tuple = ()
    # The rows an item is edited and versioned with (related names of inline rows): a
    # revision (``content.revisions``) is the item with these rows.
    rows: tuple = ()
    # Whether the public sees this kind of content itself (or through other content), so
    # that, with approval on, an editor's change to a public item waits for a publisher.
    publishable: bool = False
    # The field that says whether an item is published (``"status"``, with the model's
    # ``Status.PUBLISHED``), when it has one; without, every saved item counts as public.
    status_field: str | None = None
    # Moments that decide publication with it (a project's publish-from and -until):
    # only publishers change them once an item is published.
    schedule_fields: tuple = ()
    # A relation to an item whose publication an item follows when it has one (a result
    # of a project is public with its project; one of the organisation by its status).
    part_of: str | None = None

    @property
    def key(self):
        """ "projects.project": the model's label, as the desk and exports name it."""
        return self.model._meta.label_lower

    def is_live(self, obj):
        """Whether ``obj`` counts as published: its status says so, or, for a kind without
        a status, it exists."""
        if obj is None or obj.pk is None:
            return False
        parent = getattr(obj, self.part_of) if self.part_of else None
        if parent is not None:
            return options_for(type(parent)).is_live(parent)
        if self.status_field is None:
            return True
        return getattr(obj, self.status_field) == self.model.Status.PUBLISHED

    @property
    def image_fields(self):
        return [f.name for f in self.model._meta.fields if isinstance(f, models.ImageField)]

    @property
    def file_fields(self):
        """Every file field (images included): the uploads this model owns."""
        return [f.name for f in self.model._meta.fields if isinstance(f, models.FileField)]

    def child_relations(self):
        """[(related model, name of its foreign key to this model)] for ``desk_children``."""
        relations = []
        for name in self.desk_children:
            relation = self.model._meta.get_field(name)
            relations.append((relation.related_model, relation.field.name))
        return relations


_registry = {}


def register_content(model=None, **options):
    """Class decorator (with or without options) that declares a model as content."""

    def register(cls):
        if cls._meta.abstract:
            raise TypeError(f"{cls.__name__} is abstract; register its concrete models.")
        _registry[cls] = ContentOptions(cls, **options)
        row_owners.cache_clear()
        has_own_revisions.cache_clear()
        return cls

    return register(model) if model is not None else register


def content_options():
    """The options of every registered model, in the order of INSTALLED_APPS and models."""
    position = {model: index for index, model in enumerate(apps.get_models())}
    return sorted(_registry.values(), key=lambda opts: position.get(opts.model, len(position)))


def content_models():
    return [opts.model for opts in content_options()]


def options_for(model):
    """The declaration of ``model`` (or of the model a proxy stands for), or None."""
    concrete = getattr(model._meta, "concrete_model", model) or model
    return _registry.get(model) or _registry.get(concrete)


@functools.cache
def row_owners(model):
    """[(item model, foreign key)] of the items whose ``rows`` include ``model``'s objects
    (a workshop's project)."""
    owners = []
    for options in _registry.values():
        for name in options.rows:
            relation = options.model._meta.get_field(name)
            if relation.related_model is model:
                owners.append((options.model, relation.field))
    return owners


@functools.cache
def has_own_revisions(model):
    """Whether ``model``'s objects are items with revisions of their own: every content
    model but the rows that exist only inside an item (a project's partnerships, funding,
    videos and links). A row with a desk of its own (a workshop, a result) is both."""
    options = options_for(model)
    return options is not None and (options.desk is not None or not row_owners(options.model))


def is_content(model):
    return options_for(model) is not None


def desk_options():
    """The kinds of content on the translator's desk, in order."""
    return [opts for opts in content_options() if opts.desk]


_publication_rules = {}


def publication_rule(model):
    """Decorator for a function returning the queryset of ``model``'s objects the public
    may see, declared by the app that decides it (``projects`` for partners, which are
    public only through published projects). Without one, ``objects.published()``."""

    def register(function):
        _publication_rules[model] = function
        return function

    return register


def published_queryset(model):
    """The objects of ``model`` the public may see, or None when nothing declares it."""
    rule = _publication_rules.get(model)
    if rule is not None:
        return rule()
    manager = model._default_manager
    if callable(getattr(manager, "published", None)):
        return manager.published()
    return None


def has_publication_rule(model):
    return model in _publication_rules or callable(
        getattr(model._default_manager, "published", None)
    )
