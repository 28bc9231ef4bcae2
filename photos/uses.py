"""Where library photos are used: every item of a model that mixes in ``PhotoUse``."""

from django.apps import apps
from django.db.models import Count, ExpressionWrapper, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse

from .models import Photo, PhotoUse


def use_models():
    """The models whose items choose a library photo (projects, workshops, ...)."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, PhotoUse) and not model._meta.abstract
    ]


def uses_of(photo):
    """The items that use ``photo``, kind by kind: one query per kind of item."""
    if photo is None or photo.pk is None:
        return []
    return [item for model in use_models() for item in model._base_manager.filter(photo=photo)]


def with_use_counts(photos):
    """``photos`` annotated with ``use_count``, the number of items that use each."""
    total = Value(0)
    for model in use_models():
        count = (
            model._base_manager.filter(photo=OuterRef("pk"))
            .order_by()
            .values("photo")
            .annotate(count=Count("pk"))
            .values("count")
        )
        total = total + Coalesce(Subquery(count), 0)
    return photos.annotate(use_count=ExpressionWrapper(total, output_field=IntegerField()))


def admin_url(item):
    """The admin's page of ``item``, or None when it has none of its own."""
    opts = item._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])
    except NoReverseMatch:
        return None


def attach_photos(items):
    """Load the library photos of ``items`` (any mix of kinds) in one query, so that a
    page with many items does not ask for each photo on its own; none without photos."""
    wanted = {item.photo_id for item in items if item.photo_id is not None}
    if not wanted:
        return
    photos = Photo.objects.in_bulk(wanted)
    for item in items:
        if item.photo_id is not None:
            type(item).photo.field.set_cached_value(item, photos.get(item.photo_id))
