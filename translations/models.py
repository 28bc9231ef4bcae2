from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TranslationRecord(models.Model):
    """What the English text of one field of one object was translated from.

    ``source_hash`` is the hash of the Dutch text at the time the English was written (or
    confirmed); when the Dutch text no longer has that hash, the English is outdated and
    ``source_text`` shows the translator what the Dutch said before.
    """

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("content type"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    content_object = GenericForeignKey("content_type", "object_id")
    field = models.CharField(_("field"), max_length=100)
    source_hash = models.CharField(_("hash of the Dutch source"), max_length=64)
    source_text = models.TextField(_("Dutch source"), blank=True)
    translated_at = models.DateTimeField(_("translated at"), auto_now=True)

    class Meta:
        verbose_name = _("translation record")
        verbose_name_plural = _("translation records")
        ordering = ["content_type", "object_id", "field"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field"], name="one_record_per_field"
            ),
        ]

    def __str__(self):
        content_type = self.content_type
        return f"{content_type.app_label}.{content_type.model}.{self.object_id}.{self.field}"
