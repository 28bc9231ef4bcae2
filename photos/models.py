import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from content.registry import register_content
from content.storage import PRIVATE_FOLDER
from content.validators import ImageField, image_validators, report_validators

# Editors are warned this many days before a photo's consent ends.
CONSENT_WARNING_DAYS = 30


def consent_form_upload_to(instance, filename):
    """Consent forms are kept in the private folder, which /media/ never serves
    (operations.media): only the admin hands them to editors."""
    return f"{PRIVATE_FOLDER}/consent-forms/{filename}"


class PhotoQuerySet(models.QuerySet):
    def usable(self, now=None):
        """The photos the public site may show now: their consent (where people can be
        recognised) is recorded, covers the website and has not ended."""
        today = timezone.localdate(now or timezone.now())
        not_ended = Q(consent_until__isnull=True) | Q(consent_until__gte=today)
        consent_given = Q(consent_recorded=True, consent_website=True)
        return self.filter(not_ended & (~Q(people_shown=True) | consent_given))

    def in_consent_state(self, state, now=None):
        """The photos whose ``consent_state`` is ``state`` (a key of CONSENT_STATES)."""
        today = timezone.localdate(now or timezone.now())
        limit = today + datetime.timedelta(days=CONSENT_WARNING_DAYS)
        ended = Q(consent_until__lt=today)
        unanswered = Q(people_shown__isnull=True)
        missing = Q(people_shown=True) & ~Q(consent_recorded=True, consent_website=True)
        soon = Q(consent_until__lte=limit)
        states = {
            "ended": ended,
            "unanswered": ~ended & unanswered,
            "missing": ~ended & missing,
            "ending": ~ended & ~unanswered & ~missing & soon,
            "given": ~ended & ~missing & ~soon & Q(people_shown=True),
            "not_needed": ~ended & ~soon & Q(people_shown=False),
        }
        return self.filter(states[state])

    def ending_soon(self, now=None):
        """Usable photos whose consent ends within CONSENT_WARNING_DAYS."""
        today = timezone.localdate(now or timezone.now())
        limit = today + datetime.timedelta(days=CONSENT_WARNING_DAYS)
        return self.usable(now).filter(consent_until__lte=limit)


@register_content(
    label_fields=("title",),
    # Public through the items that use it: with approval on, an editor's change to a
    # photo (its file, description, credit, consent) waits for a publisher too.
    publishable=True,
    # The day after its consent ends, a photo disappears from every public page without
    # anyone saving it.
    moments=("consent_until",),
)
class Photo(models.Model):
    """A photo of the library: uploaded once, used by any number of items."""

    class Licence(models.TextChoices):
        ALL_RIGHTS_RESERVED = "all-rights-reserved", _("all rights reserved")
        CC0 = "cc0-1.0", _("CC0 1.0 (public domain)")
        CC_BY = "cc-by-4.0", _("CC BY 4.0 (attribution)")
        CC_BY_SA = "cc-by-sa-4.0", _("CC BY-SA 4.0 (attribution, share alike)")
        CC_BY_ND = "cc-by-nd-4.0", _("CC BY-ND 4.0 (attribution, no derivatives)")
        CC_BY_NC = "cc-by-nc-4.0", _("CC BY-NC 4.0 (attribution, non-commercial)")
        CC_BY_NC_SA = (
            "cc-by-nc-sa-4.0",
            _("CC BY-NC-SA 4.0 (attribution, non-commercial, share alike)"),
        )
        CC_BY_NC_ND = (
            "cc-by-nc-nd-4.0",
            _("CC BY-NC-ND 4.0 (attribution, non-commercial, no derivatives)"),
        )

    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("For finding the photo in the library; not shown on the website."),
    )
    file = ImageField(
        _("photo"),
        upload_to="photos/",
        validators=image_validators,
        width_field="width",
        height_field="height",
    )
    width = models.PositiveIntegerField(editable=False, null=True)
    height = models.PositiveIntegerField(editable=False, null=True)
    alt = models.CharField(
        _("description (alt text)"),
        max_length=250,
        help_text=_(
            "Describe what the photo shows, for people who cannot see it. A page that uses "
            "the photo may give its own description instead."
        ),
    )
    focal_x = models.PositiveSmallIntegerField(
        _("focal point, from the left (%)"), default=50, validators=[MaxValueValidator(100)]
    )
    focal_y = models.PositiveSmallIntegerField(
        _("focal point, from the top (%)"), default=50, validators=[MaxValueValidator(100)]
    )
    credit = models.CharField(
        _("credit"),
        max_length=200,
        blank=True,
        help_text=_("The maker, as shown under the photo: e.g. “Jan Jansen / VluchtelingenWerk”."),
    )
    licence = models.CharField(
        _("licence"), max_length=20, choices=Licence.choices, default=Licence.ALL_RIGHTS_RESERVED
    )
    people_shown = models.BooleanField(
        _("recognisable people in the photo"),
        null=True,
        help_text=_("When people can be recognised, the photo is shown only with their consent."),
    )
    consent_recorded = models.BooleanField(
        _("consent recorded"),
        default=False,
        help_text=_("The people shown gave their consent, and it is on file."),
    )
    consent_form = models.FileField(
        _("consent form (PDF)"),
        upload_to=consent_form_upload_to,
        blank=True,
        validators=report_validators,
        help_text=_("Kept private: never on the website, only here for editors."),
    )
    consent_website = models.BooleanField(_("website"), default=False)
    consent_social_media = models.BooleanField(_("social media"), default=False)
    consent_print = models.BooleanField(_("print"), default=False)
    consent_until = models.DateField(
        _("consent valid until"),
        null=True,
        blank=True,
        help_text=_(
            "The last day the photo may be shown. The next morning it disappears from the "
            "website by itself; editors are warned a month before. Leave empty for no end."
        ),
    )
    alt_check_needed = models.BooleanField(
        _("check the descriptions"),
        default=False,
        help_text=_(
            "Set when the file was replaced: check that the description and the captions "
            "of the pages that use it still fit the new photo."
        ),
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["title", "pk"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.people_shown and self.consent_recorded and not self.has_scope:
            raise ValidationError(
                {"consent_website": _("Tick where the people shown consented to the photo.")}
            )

    @property
    def name(self):
        """The stored file's name, as an item's own photo field gave it before the library
        (``/media/`` + name is the original's address)."""
        return self.file.name

    @property
    def has_scope(self):
        return self.consent_website or self.consent_social_media or self.consent_print

    @property
    def consent_required(self):
        return bool(self.people_shown)

    def is_usable(self, now=None, scope="website"):
        """Whether the photo may be shown now: on the website (``scope="website"``) or in
        a share preview on social media (``scope="social_media"``), whose image the
        website serves too."""
        today = timezone.localdate(now or timezone.now())
        if self.consent_until is not None and self.consent_until < today:
            return False
        if not self.people_shown:
            return True
        return (
            self.consent_recorded
            and self.consent_website
            and (scope == "website" or getattr(self, f"consent_{scope}"))
        )

    def consent_state(self, now=None):
        """One of CONSENT_STATES' keys, as the admin lists and filters it."""
        today = timezone.localdate(now or timezone.now())
        if self.consent_until is not None and self.consent_until < today:
            return "ended"
        if self.people_shown is None:
            return "unanswered"
        if self.people_shown and not (self.consent_recorded and self.consent_website):
            return "missing"
        if self.consent_until is not None and self.consent_until <= today + datetime.timedelta(
            days=CONSENT_WARNING_DAYS
        ):
            return "ending"
        return "given" if self.people_shown else "not_needed"

    @property
    def licence_url(self):
        """The Creative Commons deed of the licence, or "" for all rights reserved."""
        if self.licence == self.Licence.ALL_RIGHTS_RESERVED:
            return ""
        if self.licence == self.Licence.CC0:
            return "https://creativecommons.org/publicdomain/zero/1.0/"
        kind = self.licence.removeprefix("cc-").removesuffix("-4.0")
        return f"https://creativecommons.org/licenses/{kind}/4.0/"


CONSENT_STATES = {
    "not_needed": _("no recognisable people"),
    "given": _("consent recorded"),
    "ending": _("consent ends within a month"),
    "ended": _("consent ended"),
    "missing": _("consent missing"),
    "unanswered": _("not yet checked for people"),
}


class PhotoUse(models.Model):
    """The fields of an item that shows a library photo: the photo, a description that
    overrides the photo's own for this page, and a caption.

    Register ``photo_alt`` and ``photo_caption`` for translation in the model's
    translation.py, and load the photo with the item (``select_related("photo")``).
    """

    photo = models.ForeignKey(
        Photo,
        verbose_name=_("photo"),
        null=True,
        blank=True,
        # Deleting a used photo is allowed after a warning that lists its uses
        # (photos.admin); the pages then show no photo.
        on_delete=models.SET_NULL,
        related_name="+",
    )
    photo_alt = models.CharField(
        _("description of the photo here (alt text)"),
        max_length=250,
        blank=True,
        help_text=_("Leave empty to use the photo's own description from the library."),
    )
    photo_caption = models.CharField(_("photo caption"), max_length=300, blank=True)

    class Meta:
        abstract = True

    @property
    def photo_description(self):
        """The alt text here: this use's own, or else the library photo's."""
        if self.photo_id is None:
            return ""
        return self.photo_alt or self.photo.alt

    def public_photo(self, now=None, scope="website"):
        """The photo the public may see here now, or None (none chosen, or its consent
        has ended or is missing)."""
        if self.photo_id is None or not self.photo.is_usable(now, scope):
            return None
        return self.photo
