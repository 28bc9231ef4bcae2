"""Field groups that several content models share."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .validators import ImageField, image_validators


def photo_upload_to(instance, filename):
    """Photos of each model in a folder of their own: projects/photos/, workshops/photos/."""
    return f"{instance._meta.model_name}s/photos/{filename}"


def period_constraint(start, end, name, message, *, same_allowed=True):
    """A database rule that a period's ``end`` is not before its ``start`` (strictly after
    it unless ``same_allowed``); either may be empty."""
    after = models.Q(**{f"{end}__gte" if same_allowed else f"{end}__gt": models.F(start)})
    return models.CheckConstraint(
        condition=models.Q(**{f"{end}__isnull": True})
        | models.Q(**{f"{start}__isnull": True})
        | after,
        name=name,
        violation_error_message=message,
    )


class Photo(models.Model):
    """A photo with its description and caption; the description is required with a photo.

    Register ``photo_alt`` and ``photo_caption`` for translation in the model's
    translation.py.
    """

    photo = ImageField(
        _("photo"),
        upload_to=photo_upload_to,
        blank=True,
        validators=image_validators,
        width_field="photo_width",
        height_field="photo_height",
    )
    photo_width = models.PositiveIntegerField(editable=False, null=True)
    photo_height = models.PositiveIntegerField(editable=False, null=True)
    photo_alt = models.CharField(
        _("photo description (alt text)"),
        max_length=250,
        blank=True,
        help_text=_("Describe what the photo shows, for people who cannot see it."),
    )
    photo_caption = models.CharField(_("photo caption"), max_length=300, blank=True)

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.photo and not self.photo_alt:
            raise ValidationError(
                {"photo_alt": _("Describe the photo for visitors who cannot see it.")}
            )


class Revision(models.Model):
    """One unit of change: a complete snapshot of an item *with its rows* (a project with
    its partnerships, funding, workshops, results, videos and links, and its places), who
    made it, when, why, and what became of it. ``content.revisions`` makes, compares and
    applies them; nothing else rebuilds a version of an item.

    An item's history is its revisions in the states "saved" (written by
    ``content.recording`` at every change) and "deleted" (what it was when deleted); the
    other states are proposals waiting for, or decided by, a publisher.

    ``content`` is ``{"item": <object>, "rows": {<row model label>: [<object>, ...]}}``,
    each object as Django's serializers write it (``{"model", "pk", "fields"}``, the
    many-to-many relations as lists of keys). A proposal also keeps ``"base"``, the item
    as it was when the change was made (what approving merges onto), and ``"form"``, the
    change form as its author left it, to reopen it for them.
    """

    class State(models.TextChoices):
        SAVED = "saved", _("saved")
        SUBMITTED = "submitted", _("submitted for review")
        REPLACED = "replaced", _("replaced by a newer proposal")
        APPROVED = "approved", _("approved and published")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")
        DELETED = "deleted", _("deleted")

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.CharField(_("object"), max_length=64)
    object_repr = models.CharField(_("name"), max_length=300, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices)
    content = models.JSONField(encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("made at"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-created_at"], name="revision_item")
        ]

    def __str__(self):
        return f"{self.object_repr} ({self.get_state_display()}, {self.created_at:%Y-%m-%d %H:%M})"
