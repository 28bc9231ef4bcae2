import datetime
import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ForObjectQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=str(obj.pk),
        )


class AboutAnObject(models.Model):
    """Rows about one content object, of any kind (a generic relation)."""

    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("kind of content"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    object_id = models.CharField(_("object"), max_length=64)
    content_object = GenericForeignKey("content_type", "object_id")

    objects = ForObjectQuerySet.as_manager()

    class Meta:
        abstract = True
        indexes = [models.Index(fields=["content_type", "object_id"], name="%(class)s_object")]


class EditorialEvent(AboutAnObject):
    """One step of the editorial workflow of an object, shown on its history page:
    a share link made or revoked, a review asked, approved or rejected."""

    class Action(models.TextChoices):
        SHARED = "shared", _("shared for review")
        SHARE_REVOKED = "share_revoked", _("share link revoked")
        SUBMITTED = "submitted", _("submitted for review")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("proposal withdrawn")

    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta(AboutAnObject.Meta):
        verbose_name = _("editorial step")
        verbose_name_plural = _("editorial steps")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} ({self.at:%Y-%m-%d %H:%M})"


def new_share_key():
    return secrets.token_urlsafe(24)


def default_share_expiry():
    return timezone.now() + datetime.timedelta(days=settings.SHARE_LINK_DAYS)


class ShareLinkQuerySet(ForObjectQuerySet):
    def active(self, at=None):
        return self.filter(revoked_at__isnull=True, expires_at__gt=at or timezone.now())


class ShareLink(AboutAnObject):
    """A link that shows one object's current draft, in one language, to someone without
    an account (a partner or funder checking the facts), until it expires or is revoked.
    The address carries a signed value of ``key`` (``editorial.sharing``)."""

    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    recipient = models.CharField(
        _("shared with"),
        max_length=200,
        blank=True,
        help_text=_("For your own records, e.g. “CEDEM, Jelena”."),
    )
    key = models.CharField(max_length=64, unique=True, default=new_share_key, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), default=default_share_expiry)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ShareLinkQuerySet.as_manager()

    class Meta(AboutAnObject.Meta):
        verbose_name = _("share link")
        verbose_name_plural = _("share links")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.content_object} ({self.language})"

    def is_active(self, at=None):
        return self.revoked_at is None and self.expires_at > (at or timezone.now())


class ReviewRequestQuerySet(ForObjectQuerySet):
    def pending(self):
        return self.filter(state=ReviewRequest.State.PENDING)


class ReviewRequest(AboutAnObject):
    """An editor's request that a publisher approve an object: publish (or schedule) a
    draft, or, for something already published, apply the proposed ``revision``.

    ``revision`` is what the publisher reviews and approves: the draft as it was
    submitted (kept up to date while the editor goes on saving it), or the editor's
    proposal for a published item (``content.models.Revision``)."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting for review")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    message = models.TextField(_("message to the publisher"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    comment = models.TextField(_("publisher's comment"), blank=True)
    revision = models.ForeignKey(
        "content.Revision",
        verbose_name=_("revision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Proposals made before revisions (the form as it was sent): kept, read-only.
    proposed_changes = models.JSONField(
        _("proposed changes"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "An editor's changes to published content, held until a publisher approves them: "
            "the form as it was sent, and what it changes."
        ),
    )

    objects = ReviewRequestQuerySet.as_manager()

    class Meta(AboutAnObject.Meta):
        verbose_name = _("review request")
        verbose_name_plural = _("review requests")
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"{self.content_object} ({self.get_state_display()})"
