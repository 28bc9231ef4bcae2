from django.conf import settings
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


class MemorySegment(models.Model):
    """A Dutch segment and the English it was last translated with: the translation
    memory. Wherever the same Dutch appears again (the same words and the same placeholders),
    its English is offered as a suggestion that a translator confirms.

    Both texts are in the exchange notation (inline markup as numbered placeholders), so a
    suggestion fits any segment with the same words, whatever its links point to.
    """

    source_hash = models.CharField(_("hash of the Dutch segment"), max_length=64, unique=True)
    source = models.TextField(_("Dutch segment"))
    english = models.TextField(_("English segment"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("translation memory segment")
        verbose_name_plural = _("translation memory")
        ordering = ["source"]

    def __str__(self):
        return self.source[:80]


class GlossaryTerm(models.Model):
    """A name or term and the English it must have in every translation (the termbase):
    shown beside the segments that contain it, exported as TBX and CSV, and checked on
    import (a translation that drops it is reported)."""

    dutch = models.CharField(_("Dutch term"), max_length=200, unique=True)
    english = models.CharField(
        _("English term"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty for a name that stays as it is (ECRE, Matra-fonds)."),
    )
    note = models.CharField(_("note for translators"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")
        ordering = ["dutch"]

    def __str__(self):
        return f"{self.dutch} → {self.target}"

    @property
    def target(self):
        """The English the term must have: its own, or the Dutch kept."""
        return self.english or self.dutch


class TranslationImport(models.Model):
    """One import of a translated file and its report: a summary, and a result per unit
    (the file's and the site's English for conflicts, so they can be resolved later)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_format = models.CharField(_("format"), max_length=20)
    dry_run = models.BooleanField(_("check only"), default=False)
    counts = models.JSONField(_("counts"), default=dict)
    results = models.JSONField(_("results"), default=list)

    class Meta:
        verbose_name = _("translation import")
        verbose_name_plural = _("translation imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.file_name or self.file_format} ({self.created_at:%Y-%m-%d %H:%M})"


class AdminLanguage(models.Model):
    """The language a member of staff chose for the back office (else their role's)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="admin_language",
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("back-office language")
        verbose_name_plural = _("back-office languages")
        ordering = ["user"]

    def __str__(self):
        return f"{self.user}: {self.language}"
