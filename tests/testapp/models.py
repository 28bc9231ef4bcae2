from django.db import models

from content.models import Photo
from content.registry import register_content
from content.richtext import RichTextField


class LeafletQuerySet(models.QuerySet):
    def published(self):
        """Leaflets are public once written, except those marked as drafts."""
        return self.filter(is_draft=False)


@register_content(main_text_fields=("title", "body"), desk="leaflets")
class Leaflet(Photo):
    title = models.CharField("title", max_length=200)
    body = RichTextField("body", blank=True)
    is_draft = models.BooleanField("draft", default=False)

    objects = LeafletQuerySet.as_manager()

    class Meta:
        verbose_name = "leaflet"
        verbose_name_plural = "leaflets"
        ordering = ["title"]

    def __str__(self):
        return self.title
