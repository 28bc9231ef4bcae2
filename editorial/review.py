"""Approval (four eyes), optional per site: ``EDITORIAL_APPROVAL=true``.

With it on, only *publishers* (the role "eindredacteur", group ``publishers``: the
permission ``publish_<model>``) can publish: for everyone else a publishable model's
``status`` is read-only (a crafted POST cannot change it) and so are the publish-from/
-until moments of something already published. Editors save drafts and press "Save and
submit for review"; publishers find the request in the queue on the admin home page and
approve it (the item is published, or scheduled when its publish-from lies ahead) or
reject it with a comment, which the editor sees on the form and on the home page.

An editor's save of something already published changes nothing the public sees: the
form as it was sent (new files kept aside, private) waits as the request's
``proposed_changes``. The publisher previews the page with them, and approving applies
them through the same admin form, as the editor would have saved them; a form that has
become stale meanwhile is refused then, like any stale form (``concurrency``).
Translators' English is not held: the translation workflow is its own check.

Every step is an ``EditorialEvent`` on the item's history page. With approval off,
everything works as without this module.

A model is publishable when it has a ``status`` field whose choices include
``Status.PUBLISHED`` (projects).
"""

import copy
import uuid

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.options import flatten_fieldsets
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_permission_codename
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.forms.formsets import all_valid
from django.http import Http404, HttpResponseRedirect, QueryDict
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.choices import flatten_choices
from django.utils.datastructures import MultiValueDict
from django.utils.formats import localize
from django.utils.text import Truncator, get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from content.admin import moment_label
from content.richtext import words
from translations.roles import is_translator

from . import concurrency
from .models import EditorialEvent, ReviewRequest

SUBMIT_BUTTON = "_submit_for_review"
# Not part of the proposal: the request's token and which button was pressed.
NOT_PROPOSED = {"csrfmiddlewaretoken", "_save", "_continue", "_addanother", SUBMIT_BUTTON}
# Where the new files of a proposal wait: private, as files no content owns are.
PROPOSED_FILES = "proposed"
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


def reviews_changes_of(user, model):
    """Whether, with approval on, ``user``'s changes to published items of ``model`` wait
    for a publisher (a translator's English never does: it is their own review step)."""
    return is_publishable(model) and not may_publish(user, model) and not is_translator(user)


def held_for_review(user, obj):
    """Whether a change by ``user`` to ``obj`` (an item, or None) waits for a publisher."""
    return (
        obj is not None
        and reviews_changes_of(user, type(obj))
        and obj.status == type(obj).Status.PUBLISHED
    )


def item_and_version(model, object_id, version_id):
    """The item as it is now (None once deleted) and as it was in one of its versions
    (None for an unknown version): what restoring that version changes."""
    now = model._default_manager.filter(pk=unquote(object_id)).first()
    version = model.history.filter(history_id=version_id).first()
    return now, version.instance if version is not None else None


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
            ),
            path(
                "<path:object_id>/review/<int:request_id>/proposal/<str:language>/",
                self.admin_site.admin_view(self.proposal_preview_view),
                name=f"{opts.app_label}_{opts.model_name}_proposal_preview",
            ),
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
            context["editorial_holds_changes"] = self.holds_changes(request, obj)
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

    # -- nor by another way: deleting, or restoring a version -------------------------

    def has_delete_permission(self, request, obj=None):
        if held_for_review(request.user, obj):
            return False
        return super().has_delete_permission(request, obj)

    def revert_disabled(self, request, obj=None):
        return super().revert_disabled(request, obj) or held_for_review(request.user, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and reviews_changes_of(request.user, self.model):
            now, then = item_and_version(self.model, object_id, version_id)
            if held_for_review(request.user, now) or held_for_review(request.user, then):
                messages.error(
                    request,
                    _(
                        "Only a publisher can restore this version: it would change or "
                        "publish what visitors see. Ask a publisher, or copy what you need "
                        "into the form and submit it for review."
                    ),
                )
                opts = self.model._meta
                return HttpResponseRedirect(
                    reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[object_id])
                )
        return super().history_form_view(request, object_id, version_id, extra_context)

    # -- changes to published content wait for a publisher ---------------------------

    def holds_changes(self, request, obj):
        """With approval on, an editor's save of published content is held for review."""
        return held_for_review(request.user, obj) and not concurrency.applying_a_proposal(request)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id is not None:
            obj = self.get_object(request, unquote(object_id))
            if self.holds_changes(request, obj) and self.has_change_permission(request, obj):
                held = self._hold_changes(request, obj)
                if held is not None:
                    return held
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _bound_forms(self, request, obj, data, files):
        fieldsets = self.get_fieldsets(request, obj)
        form_class = self.get_form(request, obj, change=True, fields=flatten_fieldsets(fieldsets))
        form = form_class(data, files, instance=obj)
        formsets, _inlines = self._create_formsets(
            _with_data(request, data, files), form.instance, change=True
        )
        return form, formsets

    def _hold_changes(self, request, obj):
        """Keep a valid form's changes as a proposal, or None to let the form show its
        errors (or, with nothing changed, save as usual)."""
        form, formsets = self._bound_forms(request, obj, request.POST, request.FILES)
        if not (form.is_valid() and all_valid(formsets)):
            return None
        changes = describe_changes(form, formsets)
        if not changes:
            return None
        files = {}
        for key, upload in request.FILES.items():
            name = default_storage.save(
                f"{PROPOSED_FILES}/{uuid.uuid4().hex}/{upload.name}", upload
            )
            files[key] = {"name": name, "content_type": upload.content_type}
        post = {key: request.POST.getlist(key) for key in request.POST if key not in NOT_PROPOSED}
        # The version the proposal was made on, so that applying it later refuses it as a
        # stale form when the item has changed since (also for a form that did not say).
        post.setdefault(
            concurrency.VERSION_FIELD, [concurrency.sign(concurrency.snapshot(self, obj))]
        )
        proposal = {
            "post": post,
            "files": files,
            "changes": changes,
        }
        # One proposal per author and item: a newer one (made on the published version
        # again) replaces the author's earlier one, which would otherwise be applied on
        # top of it or refused as stale after it.
        earlier = list(
            ReviewRequest.objects.for_object(obj)
            .pending()
            .filter(requested_by=request.user)
            .filter(proposed_changes__isnull=False)
        )
        for replaced in earlier:
            for stored in (replaced.proposed_changes or {}).get("files", {}).values():
                default_storage.delete(stored["name"])
            replaced.delete()
        ReviewRequest.objects.create(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=str(obj.pk),
            requested_by=request.user,
            message=request.POST.get("_review_message", "")[:2000],
            proposed_changes=proposal,
        )
        record(obj, EditorialEvent.Action.SUBMITTED, request.user, "; ".join(changes))
        waiting = _(
            "Your changes wait for a publisher's review: the published page stays as it "
            "is until they are approved."
        )
        if earlier:
            waiting = " ".join(
                [str(waiting), str(_("They replace the changes you proposed before."))]
            )
        messages.success(request, waiting)
        return HttpResponseRedirect(request.path)

    def _proposal_request(self, request, proposal, with_files=True):
        """A copy of ``request`` that sends the proposal's form as its author did."""
        files = MultiValueDict()
        for key, stored in proposal["files"].items() if with_files else ():
            with default_storage.open(stored["name"], "rb") as handle:
                content = handle.read()
            name = stored["name"].rsplit("/", 1)[-1]
            files[key] = SimpleUploadedFile(name, content, stored["content_type"])
        data = QueryDict(mutable=True)
        for key, values in proposal["post"].items():
            data.setlist(key, values)
        return _with_data(request, data, files)

    def _stale_proposal(self, request, obj, pending):
        """What makes a pending proposal impossible to approve: the Conflict of the changes
        made since with the same fields (``concurrency``), or None."""
        proposed = self._proposal_request(request, pending.proposed_changes, with_files=False)
        proposed.user = pending.requested_by
        loaded = concurrency.unsign(proposed.POST.get(concurrency.VERSION_FIELD, ""))
        if loaded is None or proposed.user is None:
            return None
        conflict = self._conflict(proposed, obj, loaded, proposed.POST)
        return None if conflict is None or conflict.mergeable else conflict

    def _apply_proposal(self, request, obj, pending):
        """Save the proposal through the change form, as its author; True when it saved."""
        author = pending.requested_by
        if author is None or not author.is_active:
            return False
        applying = self._proposal_request(request, pending.proposed_changes)
        applying.POST["_save"] = "1"
        applying.user = author
        applying._editorial_applying = True
        # The publisher's own request passed the CSRF check; this is its copy.
        applying._dont_enforce_csrf_checks = True
        with transaction.atomic():
            response = self.changeform_view(applying, str(obj.pk))
        if isinstance(response, HttpResponseRedirect):
            for stored in pending.proposed_changes["files"].values():
                default_storage.delete(stored["name"])
            return True
        return False

    def proposal_preview_view(self, request, object_id, request_id, language):
        """The page as the proposal would make it (publishers and the proposal's author)."""
        obj = self.get_object(request, unquote(object_id))
        pending = (
            ReviewRequest.objects.for_object(obj).filter(pk=request_id).first() if obj else None
        )
        if pending is None or not pending.proposed_changes:
            raise Http404
        allowed = may_publish(request.user, self.model) or pending.requested_by == request.user
        if not (allowed and self.has_change_permission(request, obj)):
            raise PermissionDenied
        if language not in dict(settings.LANGUAGES):
            raise Http404
        previewing = self._proposal_request(request, pending.proposed_changes)
        previewing.method = "POST"
        if pending.requested_by is not None:
            previewing.user = pending.requested_by
        return self._preview_unsaved(previewing, obj, language)

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
        pending = ReviewRequest.objects.for_object(obj).pending()
        chosen = request.GET.get("request") or request.POST.get("request")
        if chosen and chosen.isdigit():
            pending = pending.filter(pk=chosen)
        pending = pending.order_by("requested_at", "pk").first()
        proposal = pending.proposed_changes if pending is not None else None
        form = DecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            comment = form.cleaned_data["comment"]
            if "_reject" in request.POST:
                if not comment:
                    form.add_error("comment", _("Say why, so the editor knows what to change."))
                else:
                    self._decide(request, obj, pending, ReviewRequest.State.REJECTED, comment)
                    for stored in (proposal or {}).get("files", {}).values():
                        default_storage.delete(stored["name"])
                    messages.success(request, _("Rejected; the editor sees your comment."))
                    return HttpResponseRedirect(reverse("admin:index"))
            elif "_approve" in request.POST and proposal:
                if self._apply_proposal(request, obj, pending):
                    obj.refresh_from_db()
                    self._decide(request, obj, pending, ReviewRequest.State.APPROVED, comment)
                    messages.success(request, _("Approved: the changes are published."))
                    return HttpResponseRedirect(reverse("admin:index"))
                messages.error(
                    request,
                    _(
                        "These changes cannot be applied: someone changed the same fields "
                        "after they were proposed, or they no longer pass the form's checks. "
                        "Reject them with a comment, so the editor can make them again on the "
                        "current version."
                    ),
                )
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
        stale = self._stale_proposal(request, obj, pending) if proposal else None
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": _("Review “%(object)s”") % {"object": obj},
            "stale": stale and stale_message(stale),
            "opts": opts,
            "original": obj,
            "pending": pending,
            "form": form,
            "change_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]
            ),
            "previews": [(name, self.preview_url(obj, code)) for code, name in settings.LANGUAGES],
            "proposal": proposal,
            "proposal_previews": [
                (name, self._url("proposal_preview", obj.pk, pending.pk, code))
                for code, name in settings.LANGUAGES
            ]
            if proposal
            else [],
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


def stale_message(conflict):
    """Why a proposal cannot be approved, naming who changed what since, and when."""
    changed = [d.label for d in conflict.fields if not d.take_by_default]
    changed += [row.label for row in conflict.rows if row.yours]
    return ngettext(
        "Since these changes were proposed, %(users)s changed the same fields on %(at)s: "
        "%(fields)s. Approving would undo that, so it is not possible: reject the proposal "
        "with a comment, so the editor can make the changes again on the current version.",
        "Since these changes were proposed, %(users)s changed the same fields on %(at)s: "
        "%(fields)s. Approving would undo that, so it is not possible: reject the proposal "
        "with a comment, so the editor can make the changes again on the current version.",
        len(conflict.users),
    ) % {
        "users": get_text_list(conflict.users, _("and")),
        "at": moment_label(conflict.at),
        "fields": ", ".join(str(label) for label in changed),
    }


def _with_data(request, data, files):
    """A copy of ``request`` carrying other form data."""
    copied = copy.copy(request)
    copied.POST = data
    copied._files = files
    return copied


def shown_value(form_field, value):
    """A form value as the publisher reads it in the list of proposed changes: objects by
    name, choices by label, files by name, rich text as its words (shortened)."""
    if isinstance(form_field, forms.ModelMultipleChoiceField):
        keys = [getattr(item, "pk", item) for item in value or []]
        return ", ".join(str(obj) for obj in form_field.queryset.filter(pk__in=keys))
    if isinstance(form_field, forms.ModelChoiceField):
        if value in (None, ""):
            return ""
        found = form_field.queryset.filter(pk=getattr(value, "pk", value)).first()
        return str(found) if found is not None else ""
    if isinstance(form_field, forms.FileField):
        return str(getattr(value, "name", "") or "")
    if isinstance(form_field, forms.BooleanField):
        return str(_("yes") if value else _("no"))
    choices = getattr(form_field, "choices", None)
    if choices:
        return str(dict(flatten_choices(choices)).get(value, value or ""))
    if not isinstance(value, str):
        return "" if value is None else str(localize(value))
    return Truncator(words(value)).chars(160)


def describe_field_change(form, name):
    """'Samenvatting [nl]: “old” → “new”' for a changed field of a valid form."""
    form_field = form.fields[name]
    return _("%(field)s: “%(old)s” → “%(new)s”") % {
        "field": form_field.label,
        "old": shown_value(form_field, form[name].initial) or "—",
        "new": shown_value(form_field, form.cleaned_data.get(name)) or "—",
    }


def describe_changes(form, formsets):
    """What a valid change form changes, in words: its changed fields with their old and
    new values, and the inline rows added, changed and deleted."""
    changes = [
        describe_field_change(form, name) for name in form.changed_data if name in form.fields
    ]
    for formset in formsets:
        verbose = formset.model._meta.verbose_name
        deleted = {id(f) for f in getattr(formset, "deleted_forms", [])}
        for row in formset.forms:
            if id(row) in deleted:
                if row.instance.pk is not None:
                    changes.append(
                        _("%(row)s “%(name)s” deleted") % {"row": verbose, "name": row.instance}
                    )
            elif row.has_changed():
                if row.instance.pk is None:
                    changes.append(_("%(row)s added") % {"row": verbose})
                else:
                    fields = ", ".join(
                        str(row.fields[name].label)
                        for name in row.changed_data
                        if name in row.fields
                    )
                    changes.append(
                        _("%(row)s “%(name)s”: %(fields)s")
                        % {"row": verbose, "name": row.instance, "fields": fields}
                    )
    return changes


class ReviewedThroughParentAdmin:
    """Admin mixin for the rows of a publishable item that have an admin of their own
    (a project's workshops and results): with approval on, an editor who may not publish
    changes the rows of a published item in the item's form, where the change waits for
    review, never here, where it would be public at once. ``review_parent`` names the
    relation to the item."""

    review_parent = None

    def _parent_is_reviewed(self, request, obj):
        parent = getattr(obj, self.review_parent, None) if obj is not None else None
        return held_for_review(request.user, parent)

    def has_change_permission(self, request, obj=None):
        if self._parent_is_reviewed(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self._parent_is_reviewed(request, obj):
            return False
        return super().has_delete_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if request.method == "GET" and self._parent_is_reviewed(request, obj):
            messages.info(
                request,
                _(
                    "This belongs to a published item: change it in the form of “%(item)s”, "
                    "where your change is submitted for review."
                )
                % {"item": getattr(obj, self.review_parent)},
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def revert_disabled(self, request, obj=None):
        return super().revert_disabled(request, obj) or self._parent_is_reviewed(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Restoring a version is a change too: not of, nor into, a published item's rows."""
        if request.method == "POST":
            now, then = item_and_version(self.model, object_id, version_id)
            if self._parent_is_reviewed(request, now) or self._parent_is_reviewed(request, then):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_changelist_instance(self, request):
        """The list's editable columns (a sort order) would change published items' rows
        at once: not for those whose changes are reviewed."""
        changelist = super().get_changelist_instance(request)
        parent = self.model._meta.get_field(self.review_parent).related_model
        if reviews_changes_of(request.user, parent):
            changelist.list_editable = ()
        return changelist

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """New rows, too, go to published items through their form only."""
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        model = db_field.related_model
        if db_field.name == self.review_parent and reviews_changes_of(request.user, model):
            formfield.queryset = formfield.queryset.exclude(status=model.Status.PUBLISHED)
        return formfield
