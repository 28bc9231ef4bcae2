"""Approval (four eyes), optional per site: ``EDITORIAL_APPROVAL=true``.

Which content is held is declared on the model (``register_content(publishable=True,
status_field=..., schedule_fields=...)``): projects, places, partners, funders, calls to
action, results and the overview page. With approval on, only *publishers* (the
permission ``publish_<model>``, made for every publishable kind by ``content.roles``)
publish: for everyone else a status field is read-only (a crafted POST cannot change it),
and so are the schedule fields of something already published. Editors save drafts and
press "Save and submit for review"; publishers find the request in the queue on the admin
home page and approve it (the item is published, or scheduled when its publish-from lies
ahead) or reject it with a comment, which the editor sees on the form and on the home page.

Every request reviews a *revision* (``content.models.Revision``): for a draft, the draft
as submitted (kept up to date while its editor goes on saving it); for a published item,
the editor's proposal: the item with its rows as the editor's form would make it, which
changes nothing the public sees. The editor's form reopens on their proposal (a second
save updates it, a rejected one stays with the publisher's comment, "discard" withdraws
it). The review page names the revision it shows; approving applies exactly that
revision (``content.revisions.merge`` onto what the item is now, keeping what others
changed meanwhile in other fields and rows, then ``write``), or is refused with the
difference when the proposal or the draft changed after the page was opened, or when
others changed the same fields since. Translators' English is not held: the translation
workflow is its own check.

Every step is an ``EditorialEvent`` on the item's history page. With approval off,
everything works as without this module.
"""

import copy
from functools import partial

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.options import flatten_fieldsets
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_permission_codename
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, models, transaction
from django.forms.formsets import all_valid
from django.http import Http404, HttpResponseRedirect, QueryDict
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from content import revisions
from content.admin import moment_label
from content.models import Revision
from content.registry import options_for
from translations.roles import is_translator

from . import concurrency
from .models import EditorialEvent, ReviewRequest

SUBMIT_BUTTON = "_submit_for_review"
# The proposal a form was opened on (its revision's key), so that saving it again
# updates that proposal on the item it was made on.
PROPOSAL_FIELD = "_editorial_proposal"
# Not part of the form kept with a proposal: the request's token, the buttons, and the
# form's version (the reopened form gets a fresh one).
NOT_KEPT = {
    "csrfmiddlewaretoken",
    "_save",
    "_continue",
    "_addanother",
    SUBMIT_BUTTON,
    PROPOSAL_FIELD,
    concurrency.VERSION_FIELD,
    concurrency.TAKE_THEIRS,
}


def approval_required():
    return settings.EDITORIAL_APPROVAL


def is_publishable(model):
    """Whether ``model`` is declared publishable (``register_content``)."""
    options = options_for(model)
    return options is not None and options.publishable


def status_field(model):
    options = options_for(model)
    return options.status_field if options is not None else None


def schedule_fields(model):
    options = options_for(model)
    return options.schedule_fields if options is not None else ()


def is_live(obj):
    """Whether the public may see ``obj`` by its own state (published, or, for a kind
    without a status, saved)."""
    options = options_for(type(obj)) if obj is not None else None
    return options is not None and options.publishable and options.is_live(obj)


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
    return obj is not None and reviews_changes_of(user, type(obj)) and is_live(obj)


def item_and_version(model, object_id, revision_id):
    """The item as it is now (None once deleted) and as it was in one of its versions
    (None for an unknown version): what restoring that version changes."""
    key = unquote(object_id)
    now = model._default_manager.filter(pk=key).first()
    version = revisions.revisions_of(key, model).filter(pk=revision_id).first()
    return now, revisions.build(version.content["item"])[0] if version is not None else None


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


def is_proposal(revision):
    """Whether ``revision`` holds changes to a published item (not a draft as it is)."""
    return revision is not None and "base" in revision.content


def open_proposal(user, obj):
    """The request of ``user``'s own proposal for ``obj`` that their form opens on: the
    newest, while it waits or after it was rejected (until they discard it)."""
    latest = (
        ReviewRequest.objects.for_object(obj)
        .filter(requested_by=user, revision__isnull=False)
        .select_related("revision", "decided_by")
        .order_by("-requested_at", "-pk")
        .first()
    )
    if latest is None or not is_proposal(latest.revision):
        return None
    if latest.state in (ReviewRequest.State.PENDING, ReviewRequest.State.REJECTED):
        return latest
    return None


def changed_since(obj, moment):
    """The names of those who changed ``obj`` or its rows after ``moment``."""
    changed = revisions.history_of(obj).filter(created_at__gt=moment, user__isnull=False)
    users = {revision.user for revision in changed.select_related("user")}
    return sorted(user.get_full_name() or user.get_username() for user in users)


def kept_form(data):
    """The change form's data worth keeping with a proposal: {key: [values]}."""
    return {key: data.getlist(key) for key in data if key not in NOT_KEPT}


def form_data(revision):
    data = QueryDict(mutable=True)
    for key, values in revision.content.get("form", {}).items():
        data.setlist(key, values)
    return data


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=gettext_lazy("Required when you reject: say what needs to change."),
    )


# -- in the content admins (``editorial.admin.ContentAdmin`` calls these) -----------------


def urls(model_admin):
    if not is_publishable(model_admin.model):
        return []
    opts = model_admin.model._meta
    name = f"{opts.app_label}_{opts.model_name}"

    def wrap(view):
        return model_admin.admin_site.admin_view(model_admin.recorded(view))

    return [
        path(
            "<path:object_id>/review/",
            wrap(partial(review_view, model_admin)),
            name=f"{name}_review",
        ),
        path(
            "<path:object_id>/review/<int:revision_id>/proposal/<str:language>/",
            wrap(partial(proposal_preview_view, model_admin)),
            name=f"{name}_proposal_preview",
        ),
        path(
            "<path:object_id>/proposal/discard/",
            wrap(partial(discard_proposal_view, model_admin)),
            name=f"{name}_discard_proposal",
        ),
    ]


def _restricted(model_admin, request):
    return is_publishable(model_admin.model) and not may_publish(request.user, model_admin.model)


def readonly_fields(model_admin, request, obj, readonly):
    """Status and, once published, the schedule: read-only for those who may not
    publish."""
    readonly = list(readonly)
    if _restricted(model_admin, request) and not is_translator(request.user):
        locked = [status_field(model_admin.model)] if status_field(model_admin.model) else []
        if is_live(obj):
            locked += list(schedule_fields(model_admin.model))
        readonly += [name for name in locked if name not in readonly]
    return readonly


def before_save(model_admin, request, obj, change):
    """What an editor adds is a draft until a publisher approves it (a status the
    editor cannot set keeps the model's default, which may be "published")."""
    name = status_field(model_admin.model)
    if not change and name and _restricted(model_admin, request):
        setattr(obj, name, model_admin.model.Status.DRAFT)


def form_context(model_admin, request, context, obj):
    """The change form's approval buttons, notices and the editor's proposal."""
    if is_publishable(model_admin.model) and approval_required():
        context["editorial_can_submit"] = (
            _restricted(model_admin, request)
            and not is_translator(request.user)
            and status_field(model_admin.model) is not None
            and not is_live(obj)
        )
        context["editorial_holds_changes"] = holds_changes(model_admin, request, obj)
        if obj is not None and obj.pk is not None:
            context["editorial_review"] = (
                ReviewRequest.objects.for_object(obj).select_related("revision").first()
            )
            proposal = getattr(request, "_editorial_proposal", None)
            if proposal is not None:
                context["editorial_proposal"] = proposal
                context["editorial_proposal_field"] = PROPOSAL_FIELD
                context["editorial_discard_url"] = model_admin._url("discard_proposal", obj.pk)
            if may_publish(request.user, model_admin.model):
                context["editorial_review_url"] = model_admin._url("review", obj.pk)


# -- drafts ---------------------------------------------------------------------------


def _submit(model_admin, request, obj):
    content = revisions.snapshot(obj)
    pending = ReviewRequest.objects.for_object(obj).pending().first()
    if pending is None:
        revision = revisions.record(obj, content, Revision.State.SUBMITTED, request.user)
        ReviewRequest.objects.create(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=str(obj.pk),
            requested_by=request.user,
            message=request.POST.get("_review_message", "")[:2000],
            revision=revision,
        )
        record(obj, EditorialEvent.Action.SUBMITTED, request.user)
    else:
        _follow_draft(model_admin, request, obj, pending)
    messages.success(
        request, _("Saved and submitted for review. A publisher will approve or reject it.")
    )


def _follow_draft(model_admin, request, obj, pending):
    """A submitted draft saved again: the request reviews the draft as it is now."""
    content = revisions.snapshot(obj)
    current = pending.revision
    if current is not None and not revisions.differences(current.content, content):
        return
    revision = revisions.record(obj, content, Revision.State.SUBMITTED, request.user)
    if current is not None:
        current.state = Revision.State.REPLACED
        current.save(update_fields=["state"])
    pending.revision = revision
    pending.save(update_fields=["revision"])


def after_save(model_admin, request, form, change):
    """A submitted draft saved again: its request follows."""
    obj = form.instance
    if change and is_publishable(model_admin.model) and not is_live(obj):
        pending = ReviewRequest.objects.for_object(obj).pending().first()
        if pending is not None and not is_proposal(pending.revision):
            _follow_draft(model_admin, request, obj, pending)


# -- nor by another way: deleting, or restoring a version -------------------------


def refuse_restore(model_admin, request, object_id, version_id):
    """A redirect refusing an editor's restoring of a version that would change or
    publish what visitors see, or None."""
    if request.method == "POST" and reviews_changes_of(request.user, model_admin.model):
        now, then = item_and_version(model_admin.model, object_id, version_id)
        if held_for_review(request.user, now) or held_for_review(request.user, then):
            messages.error(
                request,
                _(
                    "Only a publisher can restore this version: it would change or "
                    "publish what visitors see. Ask a publisher, or copy what you need "
                    "into the form and submit it for review."
                ),
            )
            opts = model_admin.model._meta
            return HttpResponseRedirect(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[object_id])
            )
    return None


# -- changes to published content wait for a publisher ---------------------------


def holds_changes(model_admin, request, obj):
    """With approval on, an editor's save of published content is held for review."""
    return held_for_review(request.user, obj)


def held_changes(model_admin, request, object_id):
    """A POST held as the editor's proposal (the response), or None; on GET, the
    proposal the editor's form opens on is kept on the request."""
    # Only for those whose changes can be held: no query for anyone else.
    if (
        object_id is not None
        and approval_required()
        and reviews_changes_of(request.user, model_admin.model)
        and holds_changes(
            model_admin, request, obj := model_admin.get_object(request, unquote(object_id))
        )
    ):
        if request.method == "POST" and model_admin.has_change_permission(request, obj):
            held = _hold_changes(model_admin, request, obj)
            if held is not None:
                return held
        elif request.method == "GET":
            pending = open_proposal(request.user, obj)
            if pending is not None:
                request._editorial_proposal = pending
    return None


def proposal_form(model_admin, request, form_class):
    """The form class, bound to the editor's proposal when their form opens on it."""
    pending = getattr(request, "_editorial_proposal", None)
    if pending is None or request.method != "GET":
        return form_class
    data = form_data(pending.revision)
    proposed, _m2m, _rows = revisions.as_objects(pending.revision.content)

    class ProposalForm(form_class):
        """The editor's form on their proposal: its values, its new files."""

        def __init__(self, *args, **form_kwargs):
            if not args and "data" not in form_kwargs:
                form_kwargs["data"] = data
                form_kwargs["files"] = {}
            super().__init__(*args, **form_kwargs)
            for model_field in self.instance._meta.concrete_fields:
                if isinstance(model_field, models.FileField):
                    name = getattr(proposed, model_field.attname)
                    setattr(self.instance, model_field.attname, name)

    return ProposalForm


def proposal_formset_kwargs(model_admin, request, kwargs):
    pending = getattr(request, "_editorial_proposal", None)
    if pending is not None and request.method == "GET":
        kwargs.update(data=form_data(pending.revision), files={})
    return kwargs


def _bound_forms(model_admin, request, obj, data, files):
    fieldsets = model_admin.get_fieldsets(request, obj)
    form_class = model_admin.get_form(
        request, obj, change=True, fields=flatten_fieldsets(fieldsets)
    )
    form = form_class(data, files, instance=obj)
    formsets, _inlines = model_admin._create_formsets(
        _with_data(request, data, files), form.instance, change=True
    )
    return form, formsets


def _hold_changes(model_admin, request, obj):
    """Keep a valid form's changes as the editor's proposal, or None to let the form
    show its errors (or, with nothing changed, save as usual)."""
    # Before the form's validation, which writes the posted values into ``obj``.
    reopened = _reopened_proposal(model_admin, request, obj)
    base = reopened.revision.content["base"] if reopened else revisions.snapshot(obj)
    form, formsets = _bound_forms(model_admin, request, obj, request.POST, request.FILES)
    if not (form.is_valid() and all_valid(formsets)):
        return None
    proposed = revisions.from_forms(form, formsets, base)
    changes = revisions.differences(base, proposed)
    if not changes and reopened is None:
        return None
    if not changes:
        _withdraw(model_admin, request, obj, reopened)
        messages.success(
            request,
            _("Your proposal no longer changes anything; it is withdrawn."),
        )
        return HttpResponseRedirect(request.path)
    content = {**proposed, "base": base, "form": kept_form(request.POST)}
    message = request.POST.get("_review_message", "")[:2000]
    with transaction.atomic():
        revision = revisions.record(obj, content, Revision.State.SUBMITTED, request.user, message)
        pending = (
            ReviewRequest.objects.for_object(obj)
            .pending()
            .filter(requested_by=request.user, revision__isnull=False)
            .select_related("revision")
            .first()
        )
        if pending is not None and is_proposal(pending.revision):
            pending.revision.state = Revision.State.REPLACED
            pending.revision.save(update_fields=["state"])
            pending.revision = revision
            pending.message = message or pending.message
            pending.save(update_fields=["revision", "message"])
        else:
            pending = None
            ReviewRequest.objects.create(
                content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
                object_id=str(obj.pk),
                requested_by=request.user,
                message=message,
                revision=revision,
            )
        record(
            obj,
            EditorialEvent.Action.SUBMITTED,
            request.user,
            "; ".join(f"{c.label}: {c.old} → {c.new}" for c in changes)[:2000],
        )
    if pending is not None:
        messages.success(
            request,
            _(
                "Your proposal is updated; it still waits for a publisher's review. The "
                "published page stays as it is until it is approved."
            ),
        )
    else:
        messages.success(
            request,
            _(
                "Your changes wait for a publisher's review: the published page stays as "
                "it is until they are approved. The form shows your proposal."
            ),
        )
    return HttpResponseRedirect(request.path)


def _reopened_proposal(model_admin, request, obj):
    """The editor's own proposal this form was opened on (posted back), or None."""
    key = request.POST.get(PROPOSAL_FIELD, "")
    if not key.isdigit():
        return None
    pending = open_proposal(request.user, obj)
    if pending is not None and str(pending.revision_id) == key:
        return pending
    return None


def discard_proposal_view(model_admin, request, object_id):
    """The editor withdraws their proposal (pending or rejected): the form shows the
    published item again."""
    obj = model_admin.get_object(request, unquote(object_id))
    if obj is None:
        raise Http404
    if request.method != "POST":
        return HttpResponseRedirect(model_admin._url("change", obj.pk))
    pending = open_proposal(request.user, obj)
    if pending is not None:
        _withdraw(model_admin, request, obj, pending)
        messages.success(
            request, _("Your proposal is discarded; the form shows the published item.")
        )
    return HttpResponseRedirect(model_admin._url("change", obj.pk))


def _withdraw(model_admin, request, obj, pending):
    with transaction.atomic():
        pending.revision.state = Revision.State.WITHDRAWN
        pending.revision.save(update_fields=["state"])
        pending.state = ReviewRequest.State.WITHDRAWN
        pending.save(update_fields=["state"])
        record(obj, EditorialEvent.Action.WITHDRAWN, request.user)


def proposal_preview_view(model_admin, request, object_id, revision_id, language):
    """The page as a proposal would make it (publishers and the proposal's author)."""
    obj = model_admin.get_object(request, unquote(object_id))
    revision = (
        revisions.revisions_of(obj).filter(pk=revision_id).first() if obj is not None else None
    )
    if revision is None or not is_proposal(revision):
        raise Http404
    allowed = may_publish(request.user, model_admin.model) or revision.user == request.user
    if not (allowed and model_admin.has_view_or_change_permission(request, obj)):
        raise PermissionDenied
    if language not in dict(settings.LANGUAGES):
        raise Http404
    return model_admin.render_revision_preview(request, revision, language)


def submitted(model_admin, request, obj, add):
    """After a save with "submit for review": the request made and where to go, or
    None for any other save."""
    if SUBMIT_BUTTON in request.POST and _restricted(model_admin, request):
        _submit(model_admin, request, obj)
        return HttpResponseRedirect(model_admin._url("change", obj.pk) if add else request.path)
    return None


# -- the publisher's decision -----------------------------------------------------


def review_view(model_admin, request, object_id):
    """The publisher's decision: approve (publish or schedule) or reject, of the
    revision the page shows."""
    obj = model_admin.get_object(request, unquote(object_id))
    if obj is None:
        raise Http404
    if not (
        model_admin.has_change_permission(request, obj)
        and may_publish(request.user, model_admin.model)
    ):
        raise PermissionDenied
    pending = ReviewRequest.objects.for_object(obj).pending().select_related("revision")
    chosen = request.GET.get("request") or request.POST.get("request")
    if chosen and chosen.isdigit():
        pending = pending.filter(pk=chosen)
    pending = pending.order_by("requested_at", "pk").first()
    revision = pending.revision if pending is not None else None
    form = DecisionForm(request.POST or None)
    refusal, refused_changes = None, []
    if request.method == "POST" and form.is_valid():
        comment = form.cleaned_data["comment"]
        shown = request.POST.get("revision", "")
        if revision is not None and shown != str(revision.pk):
            # The page was opened on an older revision of the request.
            refusal = _(
                "Not approved: the editor changed this after you opened the page. What "
                "changed since is listed below; look again and decide."
            )
            older = (
                revisions.revisions_of(obj).filter(pk=shown).first() if shown.isdigit() else None
            )
            if older is not None:
                refused_changes = revisions.differences(older.content, revision.content)
        elif "_reject" in request.POST:
            if not comment:
                form.add_error("comment", _("Say why, so the editor knows what to change."))
            else:
                _decide(model_admin, request, obj, pending, ReviewRequest.State.REJECTED, comment)
                messages.success(request, _("Rejected; the editor sees your comment."))
                return HttpResponseRedirect(reverse("admin:index"))
        elif "_approve" in request.POST:
            outcome = _approve(model_admin, request, obj, pending, revision, comment)
            if isinstance(outcome, HttpResponseRedirect):
                return outcome
            refusal, refused_changes = outcome
    context = _review_context(model_admin, request, obj, pending, revision, form)
    context.update(refusal=refusal, refused_changes=refused_changes)
    return TemplateResponse(request, "admin/editorial/review.html", context)


def _approve(model_admin, request, obj, pending, revision, comment):
    """Publish ``revision``: a redirect, or (why not, [Change]) when it cannot be."""
    if revision is None and pending is not None and pending.proposed_changes:
        return _(
            "This proposal was made before proposals were kept as revisions and cannot "
            "be applied. Reject it with a comment: the editor makes the changes listed "
            "above again in the form."
        ), []
    if is_proposal(revision):
        merged = revisions.merge(
            revision.content["base"], revision.content, revisions.snapshot(obj)
        )
        if merged.conflicts:
            return _(
                "Not approved: since this was proposed, others changed the same fields. "
                "Approving would undo that: reject the proposal with a comment, so the "
                "editor can make the changes again on the current version."
            ), merged.conflicts
        try:
            with transaction.atomic():
                revisions.write(merged.content, user=revision.user or request.user)
                _decide(model_admin, request, obj, pending, ReviewRequest.State.APPROVED, comment)
        except (DatabaseError, ValueError) as error:
            return _(
                "Not approved: the proposal no longer fits the item (%(error)s). Reject it "
                "with a comment, so the editor can make the changes again."
            ) % {"error": error}, []
        messages.success(request, _("Approved: the changes are published."))
        return HttpResponseRedirect(reverse("admin:index"))
    if revision is not None:
        changed = revisions.differences(revision.content, revisions.snapshot(obj))
        if changed:
            return _(
                "Not approved: the draft was changed after it was submitted, and those "
                "changes have not been reviewed. They are listed below; look at the draft "
                "again and decide."
            ), changed
    name = status_field(model_admin.model)
    with transaction.atomic():
        if name:
            setattr(obj, name, model_admin.model.Status.PUBLISHED)
            obj.save()
        _decide(model_admin, request, obj, pending, ReviewRequest.State.APPROVED, comment)
    if getattr(obj, "is_public", lambda: True)():
        messages.success(request, _("Approved and published."))
    else:
        messages.success(request, _("Approved; it appears at its publish-from moment."))
    return HttpResponseRedirect(reverse("admin:index"))


def _review_context(model_admin, request, obj, pending, revision, form):
    opts = model_admin.model._meta
    proposal = is_proposal(revision)
    changes = []
    if proposal:
        current = revisions.snapshot(obj)
        merged = revisions.merge(revision.content["base"], revision.content, current)
        changes = revisions.differences(current, merged.content)
        conflicts = merged.conflicts
    else:
        conflicts = []
    conflict_users = (
        get_text_list(changed_since(obj, revision.created_at), _("and")) or _("someone")
        if conflicts
        else ""
    )
    legacy = pending is not None and revision is None and pending.proposed_changes
    return {
        **model_admin.admin_site.each_context(request),
        "title": _("Review “%(object)s”") % {"object": obj},
        "opts": opts,
        "original": obj,
        "pending": pending,
        "revision": revision,
        "form": form,
        "change_url": model_admin._url("change", obj.pk),
        "previews": [
            (name, model_admin.preview_url(obj, code)) for code, name in settings.LANGUAGES
        ]
        if model_admin.has_preview()
        else [],
        "proposal": proposal,
        "legacy_changes": (pending.proposed_changes or {}).get("changes", []) if legacy else [],
        "changes": changes,
        "conflicts": conflicts,
        "conflict_users": conflict_users,
        "proposal_previews": [
            (name, model_admin._url("proposal_preview", obj.pk, revision.pk, code))
            for code, name in settings.LANGUAGES
        ]
        if proposal and model_admin.has_preview()
        else [],
    }


def _decide(model_admin, request, obj, pending, state, comment):
    if pending is not None:
        pending.state = state
        pending.decided_by = request.user
        pending.decided_at = timezone.now()
        pending.comment = comment
        pending.save()
        if pending.revision is not None:
            pending.revision.state = (
                Revision.State.APPROVED
                if state == ReviewRequest.State.APPROVED
                else Revision.State.REJECTED
            )
            pending.revision.save(update_fields=["state"])
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


def _with_data(request, data, files):
    """A copy of ``request`` carrying other form data."""
    copied = copy.copy(request)
    copied.POST = data
    copied._files = files
    return copied


# -- the rows of a publishable item that have an admin of their own --------------------------
# (a project's workshops and results, ``ContentAdmin.review_parent = "project"``): with
# approval on, an editor who may not publish changes the rows of a published item in the
# item's form, where the change waits for review, never in their own admin, where it would
# be public at once.


def parent_is_reviewed(model_admin, request, obj):
    """Whether ``obj`` is a row of an item whose changes by this user wait for review."""
    name = model_admin.review_parent
    parent = getattr(obj, name, None) if name and obj is not None else None
    return held_for_review(request.user, parent)


def parent_notice(model_admin, request, obj):
    if parent_is_reviewed(model_admin, request, obj):
        messages.info(
            request,
            _(
                "This belongs to a published item: change it in the form of “%(item)s”, "
                "where your change is submitted for review."
            )
            % {"item": getattr(obj, model_admin.review_parent)},
        )


def refuse_restore_into_parent(model_admin, request, object_id, version_id):
    """Restoring a version is a change too: not of, nor into, a published item's rows."""
    if model_admin.review_parent and request.method == "POST":
        now, then = item_and_version(model_admin.model, object_id, version_id)
        if parent_is_reviewed(model_admin, request, now) or parent_is_reviewed(
            model_admin, request, then
        ):
            raise PermissionDenied


def parent_list_editable(model_admin, request, changelist):
    """The list's editable columns (a sort order) would change published items' rows at
    once: not for those whose changes are reviewed."""
    if model_admin.review_parent:
        parent = model_admin.model._meta.get_field(model_admin.review_parent).related_model
        if reviews_changes_of(request.user, parent):
            changelist.list_editable = ()
    return changelist


def parent_choices(model_admin, db_field, request, formfield):
    """New rows, too, go to published items through their form only."""
    model = db_field.related_model
    if (
        formfield is not None
        and db_field.name == model_admin.review_parent
        and reviews_changes_of(request.user, model)
    ):
        formfield.queryset = formfield.queryset.exclude(status=model.Status.PUBLISHED)
    return formfield
