"""The history of the content in the admin: every version of an item, what each changed,
restoring one, and the deleted items, all read from revisions (``content.models.Revision``,
written by ``content.recording``; ``content.revisions`` compares and writes them back).

``editorial.admin.ContentAdmin`` calls these: the history page (``history_view``), a
version's page with its restore button (``<id>/history/<revision>/``), and the deleted
items of a kind (``deleted/``). A version is the item *with its rows* (a project's
partnerships, funding, workshops, results, videos, links and places): restoring it makes
all of them as they were, as one new revision; nothing is overwritten in the history.
"""

from django.contrib import messages
from django.contrib.admin.utils import NestedObjects, unquote
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models, router
from django.db.models.functions import Cast
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from . import revisions
from .admin import moment_label
from .models import Revision

HISTORY_TEMPLATE = "admin/history/object_history.html"
REVISION_TEMPLATE = "admin/history/revision.html"
DELETED_TEMPLATE = "admin/history/deleted.html"
CHANGE_LIST_TEMPLATE = "admin/history/change_list.html"
PER_PAGE = 50


def protected_objects(objs, protected):
    """What protects ``objs`` from deletion, in words: the admin's list (a row named with
    the project it belongs to) and what ``protected_by()`` adds beyond on_delete=PROTECT,
    so the admin refuses the delete with its usual message instead of failing."""
    if protected:
        collector = NestedObjects(using=router.db_for_write(type(next(iter(objs)))))
        collector.collect(objs)
        protected = [_describe_protecting(obj) for obj in collector.protected]
    protected = list(protected)
    for obj in objs:
        if hasattr(obj, "protected_by"):
            protected += [
                f"{capfirst(related._meta.verbose_name)}: {related}"
                for related in obj.protected_by()
            ]
    return protected


def _describe_protecting(obj):
    label = f"{capfirst(obj._meta.verbose_name)}: {obj}"
    parent = getattr(obj, "project", None)
    if parent is not None:
        label = f"{capfirst(parent._meta.verbose_name)}: {parent} ({label})"
    return label


def may_revert(model, request):
    """Restoring a version can recreate, change and delete rows: only for those who may do
    all of that themselves (editors), never for translators."""
    opts = model._meta
    return all(
        request.user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")
        for action in ("add", "change", "delete")
    )


def url_name(model, suffix):
    opts = model._meta
    return f"admin:{opts.app_label}_{opts.model_name}_{suffix}"


def urls(model_admin):
    opts = model_admin.model._meta
    name = f"{opts.app_label}_{opts.model_name}"
    wrap = model_admin.admin_site.admin_view
    return [
        path(
            "deleted/",
            wrap(lambda request: deleted_view(model_admin, request)),
            name=f"{name}_deleted",
        ),
        path(
            "<path:object_id>/history/<int:revision_id>/",
            wrap(
                lambda request, object_id, revision_id: model_admin.revision_view(
                    request, object_id, revision_id
                )
            ),
            name=f"{name}_revision",
        ),
    ]


def changelist_context(model_admin, request):
    """The change list's link to the deleted items."""
    return {
        "deleted_url": reverse(url_name(model_admin.model, "deleted")),
        "can_recover": model_admin.has_add_permission(request)
        and model_admin.has_change_permission(request),
    }


# -- the history page ----------------------------------------------------------------------


def history_view(model_admin, request, object_id, extra_context=None):
    """Every version of the item, newest first, each with what it changed; a deleted item's
    history too (from its "deleted items" entry)."""
    model = model_admin.model
    obj = model_admin.get_object(request, unquote(object_id))
    if obj is None and not revisions.revisions_of(unquote(object_id), model).exists():
        return model_admin._get_obj_does_not_exist_redirect(request, model._meta, object_id)
    if not model_admin.has_view_or_change_permission(request, obj):
        raise PermissionDenied
    key = unquote(object_id)
    everything = revisions.revisions_of(key, model).select_related("user").order_by("-pk")
    page = Paginator(everything, PER_PAGE).get_page(request.GET.get("p"))
    entries = _entries(list(page.object_list), model, key)
    name = str(obj) if obj is not None else revisions.name_of(model, key)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Change history: %s") % name,
        "subtitle": None,
        "opts": model._meta,
        "object": obj,
        "object_name": name,
        "object_id": key,
        "entries": entries,
        "page": page,
        "may_restore": may_revert(model, request),
        **(extra_context or {}),
    }
    return TemplateResponse(request, HISTORY_TEMPLATE, context)


def _entries(page_revisions, model, key):
    """Each revision on the page with its changes: a version against the version before it,
    a proposal against what it was made on, a deletion as what was deleted."""
    live = [r for r in page_revisions if r.state in revisions.LIVE]
    oldest_live = min((r.pk for r in live), default=None)
    before_page = (
        revisions.history_of(key, model).filter(pk__lt=oldest_live).first()
        if oldest_live is not None
        else None
    )
    previous = {}
    older = before_page
    for revision in sorted(live, key=lambda r: r.pk):
        previous[revision.pk] = older
        older = revision
    entries = []
    for revision in page_revisions:
        changes = []
        if revision.state == revisions.SAVED:
            before = previous.get(revision.pk)
            if before is not None and before.state == revisions.SAVED:
                changes = revisions.differences(before.content, revision.content)
        elif revision.state != revisions.DELETED and "base" in revision.content:
            changes = revisions.differences(revision.content["base"], revision.content)
        entries.append(
            {
                "revision": revision,
                "changes": changes,
                "first": revision.state == revisions.SAVED and previous.get(revision.pk) is None,
                "restorable": revision.state in revisions.LIVE,
            }
        )
    return entries


# -- one version, and restoring it -----------------------------------------------------------


def revision_of(model, object_id, revision_id):
    """The revision ``revision_id`` of item ``object_id`` of ``model``, or 404."""
    revision = (
        revisions.revisions_of(unquote(object_id), model)
        .filter(pk=revision_id)
        .select_related("user")
        .first()
    )
    if revision is None:
        raise Http404(_("There is no such version."))
    return revision


def restored_content(revision):
    """What restoring ``revision`` writes: the version (a deletion: what was deleted)."""
    return {"item": revision.content["item"], "rows": revision.content["rows"]}


def revision_view(model_admin, request, object_id, revision_id, refused=None):
    """A version: what restoring it would change, and (POST) restoring it."""
    model = model_admin.model
    revision = revision_of(model, object_id, revision_id)
    obj = model._default_manager.filter(pk=unquote(object_id)).first()
    if not model_admin.has_view_or_change_permission(request, obj):
        raise PermissionDenied
    may_restore = may_revert(model, request) and revision.state in revisions.LIVE
    content = restored_content(revision)
    if request.method == "POST":
        if not may_restore:
            raise PermissionDenied
        if refused is not None:
            return refused
        missing = revisions.missing_references(content)
        if missing:
            # Nothing is written: the page is shown again with what is in the way.
            messages.error(request, missing_message(missing))
        else:
            when = moment_label(revision.created_at)
            item = revisions.write(
                content,
                user=request.user,
                comment=_("Restored the version of %(moment)s.") % {"moment": when},
            )
            messages.success(
                request,
                _(
                    "“%(item)s” is as it was on %(moment)s again. The version it replaced "
                    "is in its history."
                )
                % {"item": item, "moment": when},
            )
            return HttpResponseRedirect(reverse(url_name(model, "change"), args=[item.pk]))
    current = revisions.snapshot(obj) if obj is not None else None
    changes = revisions.differences(current, content) if current is not None else []
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Version of %(moment)s") % {"moment": moment_label(revision.created_at)},
        "opts": model._meta,
        "object": obj,
        "object_name": str(obj) if obj is not None else revision.object_repr,
        "object_id": unquote(object_id),
        "revision": revision,
        "changes": changes,
        "deleted": obj is None,
        "may_restore": may_restore,
        "history_url": reverse(url_name(model, "history"), args=[unquote(object_id)]),
    }
    return TemplateResponse(request, REVISION_TEMPLATE, context)


def missing_message(missing):
    names = [
        _("%(kind)s “%(name)s”")
        % {"kind": related._meta.verbose_name, "name": revisions.name_of(related, pk)}
        for related, pk in missing
    ]
    return _(
        "This version cannot be restored: it refers to %(items)s, deleted since. Nothing "
        "has been changed. Restore what was deleted first (under “Deleted items” on its "
        "list), or choose another version."
    ) % {"items": ", ".join(names)}


# -- deleted items ---------------------------------------------------------------------------


def deleted_view(model_admin, request):
    """Items that were deleted, newest first, each with a link to restore it."""
    model = model_admin.model
    if not may_revert(model, request):
        return HttpResponseRedirect(reverse("admin:index"))
    existing = model._base_manager.annotate(key=Cast("pk", output_field=models.CharField())).values(
        "key"
    )
    deleted = (
        Revision.objects.filter(
            content_type=revisions.content_type_of(model), state=revisions.DELETED
        )
        .exclude(object_id__in=existing)
        .select_related("user")
        .order_by("-pk")
    )
    seen, records = set(), []
    for revision in deleted[:1000]:
        if revision.object_id not in seen:
            seen.add(revision.object_id)
            records.append(revision)
    opts = model._meta
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Deleted %(name)s") % {"name": opts.verbose_name_plural},
        "opts": opts,
        "records": records[:200],
        "revision_url_name": url_name(model, "revision"),
    }
    return TemplateResponse(request, DELETED_TEMPLATE, context)
