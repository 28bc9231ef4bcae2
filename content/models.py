"""Field groups that several content models share."""

from django.core.exceptions import ValidationError
from django.db import models
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
