"""Saving or deleting a project (or one of its workshops), place, partner or funder
updates its entries in the search index, in the same transaction."""

import threading

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from partners.models import FundingSource, PartnerOrganisation
from projects.models import Country, Project, Workshop

from . import index

INDEXED = (Project, Country, PartnerOrganisation, FundingSource)


def indexed_saved(sender, instance, raw=False, **kwargs):
    if not raw:  # fixtures: manage.py rebuild_search_index afterwards
        index.update(instance)


# Projects being deleted in this thread: their workshops go first (a cascade) and need not
# have the project indexed again on the way.
_deleting = threading.local()


def being_deleted():
    if not hasattr(_deleting, "projects"):
        _deleting.projects = set()
    return _deleting.projects


@receiver(pre_delete, sender=Project, dispatch_uid="search-deleting-project")
def project_deleting(sender, instance, **kwargs):
    being_deleted().add(instance.pk)


def indexed_deleted(sender, instance, **kwargs):
    index.remove(sender, instance.pk)
    if sender is Project:
        being_deleted().discard(instance.pk)


for model in INDEXED:
    post_save.connect(indexed_saved, sender=model, dispatch_uid=f"search-save-{model.__name__}")
    post_delete.connect(
        indexed_deleted, sender=model, dispatch_uid=f"search-delete-{model.__name__}"
    )


@receiver(post_save, sender=Workshop, dispatch_uid="search-save-workshop")
@receiver(post_delete, sender=Workshop, dispatch_uid="search-delete-workshop")
def workshop_changed(sender, instance, raw=False, **kwargs):
    """A project's workshops are part of its text."""
    if raw or instance.project_id in being_deleted():
        return
    project = Project.objects.filter(pk=instance.project_id).first()
    if project is not None:
        index.update(project)


def fill_empty_index(sender, using="default", **kwargs):
    """After ``migrate``: a database with content but an empty index (one made before the
    search existed, or loaded without signals) gets its index at once."""
    from .models import Entry

    if not Entry.objects.using(using).exists() and Project.objects.using(using).exists():
        index.rebuild()
