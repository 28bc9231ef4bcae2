"""Approval (four eyes), optional per site: ``EDITORIAL_APPROVAL=true``.

With it on, only *publishers* (the role "eindredacteur", group ``publishers``: the
permission ``publish_<model>``) can publish: for everyone else a publishable model's
``status`` is read-only (a crafted POST cannot change it) and so are the publish-from/
-until moments of something already published. Editors save drafts and press "Save and
submit for review"; publishers find the request in the queue on the admin home page and
approve it (the item is published, or scheduled when its publish-from lies ahead) or
reject it with a comment, which the editor sees on the form and on the home page. Every
step is an ``EditorialEvent`` on the item's history page. With it off, everything works
as without this module.

A model is publishable when it has a ``status`` field whose choices include
``Status.PUBLISHED`` (projects).
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_permission_codename
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from content.admin import moment_label

from .models import EditorialEvent, ReviewRequest

SUBMIT_BUTTON = "_submit_for_review"
SCHEDULE_FIELDS = ("publish_from", "publish_until")


def approval_required():
    return settings.EDITORIAL_APPROVAL


def is_publishable(model):
    status = getattr(model, "Status", None)
    return status is not None and hasattr(status, "PUBLISHED") and _has_field(model, "status")


def _has_field(model, name):
    return any(f.name == name for f in model._meta.fields)


def may_publish(user, model):
    """Whether ``user`` may publish ``model``'s items (always, with approval off)."""
    if not approval_required():
        return True
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.{get_permission_codename('publish', opts)}")


def record(obj, action, user, comment=""):
    return EditorialEvent.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        action=action,
        user=user if user is not None and user.is_authenticated else None,
        comment=comment,
    )


def pending_queue():
    return ReviewRequest.objects.pending().select_related("requested_by", "content_type")


def requests_of(user, limit=10):
    return ReviewRequest.objects.filter(requested_by=user).select_related(
        "decided_by", "content_type"
    )[:limit]


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=gettext_lazy("Required when you reject: say what needs to change."),
    )


class ReviewAdmin:
    """Admin mixin (in ``EditorialAdmin``): the approval workflow on a publishable model."""

    def review_urls(self):
        if not is_publishable(self.model):
            return []
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/review/",
                self.admin_site.admin_view(self.review_view),
                name=f"{opts.app_label}_{opts.model_name}_review",
            )
        ]

    def _restricted(self, request):
        return is_publishable(self.model) and not may_publish(request.user, self.model)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if self._restricted(request):
            locked = ["status"]
            if obj is not None and obj.status == self.model.Status.PUBLISHED:
                locked += [name for name in SCHEDULE_FIELDS if _has_field(self.model, name)]
            readonly += [name for name in locked if name not in readonly]
        return readonly

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if is_publishable(self.model) and approval_required():
            context["editorial_can_submit"] = self._restricted(request) and (
                obj is None or obj.status != self.model.Status.PUBLISHED
            )
            if obj is not None:
                context["editorial_review"] = ReviewRequest.objects.for_object(obj).first()
                if may_publish(request.user, self.model):
                    context["editorial_review_url"] = self._review_url(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _review_url(self, obj):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_review", args=[obj.pk])

    def _submit(self, request, obj):
        if not ReviewRequest.objects.for_object(obj).pending().exists():
            ReviewRequest.objects.create(
                content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
                object_id=str(obj.pk),
                requested_by=request.user,
                message=request.POST.get("_review_message", "")[:2000],
            )
            record(obj, EditorialEvent.Action.SUBMITTED, request.user)
        messages.success(
            request, _("Saved and submitted for review. A publisher will approve or reject it.")
        )

    def response_change(self, request, obj):
        if SUBMIT_BUTTON in request.POST and self._restricted(request):
            self._submit(request, obj)
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if SUBMIT_BUTTON in request.POST and self._restricted(request):
            self._submit(request, obj)
            opts = self.model._meta
            return HttpResponseRedirect(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            )
        return super().response_add(request, obj, post_url_continue)

    def review_view(self, request, object_id):
        """The publisher's decision: approve (publish or schedule) or reject."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not (self.has_change_permission(request, obj) and may_publish(request.user, self.model)):
            raise PermissionDenied
        pending = ReviewRequest.objects.for_object(obj).pending().first()
        form = DecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            comment = form.cleaned_data["comment"]
            if "_reject" in request.POST:
                if not comment:
                    form.add_error("comment", _("Say why, so the editor knows what to change."))
                else:
                    self._decide(request, obj, pending, ReviewRequest.State.REJECTED, comment)
                    messages.success(request, _("Rejected; the editor sees your comment."))
                    return HttpResponseRedirect(reverse("admin:index"))
            elif "_approve" in request.POST:
                obj.status = self.model.Status.PUBLISHED
                obj._history_user = request.user
                obj.save()
                self._decide(request, obj, pending, ReviewRequest.State.APPROVED, comment)
                if obj.is_public():
                    messages.success(request, _("Approved and published."))
                else:
                    messages.success(request, _("Approved; it appears at its publish-from moment."))
                return HttpResponseRedirect(reverse("admin:index"))
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": _("Review “%(object)s”") % {"object": obj},
            "opts": opts,
            "original": obj,
            "pending": pending,
            "form": form,
            "change_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]
            ),
            "previews": [(name, self.preview_url(obj, code)) for code, name in settings.LANGUAGES],
        }
        return TemplateResponse(request, "admin/editorial/review.html", context)

    def _decide(self, request, obj, pending, state, comment):
        if pending is not None:
            pending.state = state
            pending.decided_by = request.user
            pending.decided_at = timezone.now()
            pending.comment = comment
            pending.save()
        action = (
            EditorialEvent.Action.APPROVED
            if state == ReviewRequest.State.APPROVED
            else EditorialEvent.Action.REJECTED
        )
        note = comment
        publish_from = getattr(obj, "publish_from", None)
        if state == ReviewRequest.State.APPROVED and publish_from and publish_from > timezone.now():
            scheduled = _("Scheduled for %(moment)s.") % {"moment": moment_label(publish_from)}
            note = " ".join(part for part in (scheduled, comment) if part)
        record(obj, action, request.user, note)
