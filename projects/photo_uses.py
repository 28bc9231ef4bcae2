"""When a library photo is public: while a published project, workshop, call to action or
place uses it and its consent holds (``photos.models.PhotoQuerySet.usable``). Declared
here, since only this app knows which of its items are published; ``operations.media``
serves the photo's file and renditions by this rule."""

from django.db.models import Q

from content.registry import publication_rule
from photos.models import Photo

from .models import CallToAction, Country, Project, Workshop


@publication_rule(Photo)
def public_photos(now=None):
    used = (
        Q(pk__in=Project.objects.published(now).values("photo"))
        | Q(pk__in=Workshop.objects.published().values("photo"))
        | Q(pk__in=CallToAction.objects.published(now).values("photo"))
        | Q(pk__in=Country.objects.published().values("photo"))
    )
    return Photo.objects.usable(now).filter(used)
