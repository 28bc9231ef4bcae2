"""Keeping the search index current: one object at a time (on save and delete), or all
of it (``manage.py rebuild_search_index``, after content was loaded without signals)."""

from django.db import transaction

from partners.models import FundingSource, PartnerOrganisation
from projects.models import Country, Project, Workshop

from .documents import KINDS, documents
from .models import Entry


def entries(obj, workshops=None):
    kind = KINDS[type(obj)]
    return [
        Entry(kind=kind, object_id=obj.pk, language=language, title=title, body=body)
        for language, title, body in documents(obj, workshops)
    ]


def update(obj):
    """(Re)index one project, place, partner or funder."""
    with transaction.atomic():
        remove(type(obj), obj.pk)
        Entry.objects.bulk_create(entries(obj))


def remove(model, pk):
    Entry.objects.filter(kind=KINDS[model], object_id=pk).delete()


def rebuild():
    """Index everything again; returns the number of entries written."""
    workshops = {}
    for workshop in Workshop.objects.order_by("project_id", "sort_order", "pk"):
        workshops.setdefault(workshop.project_id, []).append(workshop)
    new = []
    for project in Project.objects.all():
        new += entries(project, workshops.get(project.pk, []))
    for model in (Country, PartnerOrganisation, FundingSource):
        for obj in model.objects.all():
            new += entries(obj)
    with transaction.atomic():
        Entry.objects.all().delete()
        Entry.objects.bulk_create(new, batch_size=500)
    return len(new)
