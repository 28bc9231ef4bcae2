"""Error pages: friendly, in the visitor's language and the site's design (the templates
are ``templates/jinja2/<status>.html``); in the back office, a 403 says why.

- 400, 404 and 500 are Django's own handlers with this site's templates;
- 403: in the admin, ``admin/403.html`` tells a signed-in member of staff what their role
  allows and why this page is not part of it (a translator who opens "add project"), or,
  with approval on, that what they asked for waits for the publishers and where to do it
  instead (an editor deleting a published project's workshop); elsewhere ``403.html``;
- 503: ``DatabaseUnavailableMiddleware`` turns a lost database connection into a
  "try again in a minute" page (admin: with the reassurance that nothing was saved)
  instead of a 500, without touching the database again.
"""

import logging

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.core.exceptions import TooManyFieldsSent, ValidationError
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views import defaults

from content.roles import EDITORS_GROUP, TRANSLATORS_GROUP
from editorial import review

logger = logging.getLogger(__name__)

# Seconds a client should wait before trying again while the database is away.
RETRY_AFTER = 30


def is_admin_request(request):
    return request.path.startswith(reverse("admin:index"))


def role_of(user):
    """ "superuser", "editor", "translator" or None, as the admin's rights are made."""
    if user.is_superuser:
        return "superuser"
    groups = set(user.groups.values_list("name", flat=True))
    if EDITORS_GROUP in groups:
        return "editor"
    if TRANSLATORS_GROUP in groups:
        return "translator"
    return None


def _what(request):
    """(action, plural name of the kind of content) of the admin page asked for."""
    match = getattr(request, "resolver_match", None)
    model_admin = getattr(getattr(match, "func", None), "model_admin", None)
    if model_admin is None:
        return None, None
    action = (match.url_name or "").rsplit("_", 1)[-1]
    return action, str(model_admin.model._meta.verbose_name_plural)


def _asked_for(request):
    """(model admin, [the objects]) of the admin page asked for: the object of an object's
    page, the selected objects of a bulk delete; (None, []) otherwise."""
    match = getattr(request, "resolver_match", None)
    model_admin = getattr(getattr(match, "func", None), "model_admin", None)
    if model_admin is None:
        return None, []
    object_id = match.kwargs.get("object_id")
    if object_id is not None:
        obj = model_admin.get_object(request, unquote(object_id))
        return model_admin, [obj] if obj is not None else []
    if request.method == "POST" and request.POST.get("action") == "delete_selected":
        selected = request.POST.getlist(ACTION_CHECKBOX_NAME)
        try:
            return model_admin, list(model_admin.get_queryset(request).filter(pk__in=selected))
        except (ValidationError, ValueError):  # a key that is no key of the model
            return model_admin, []
    return model_admin, []


def waiting_for_publishers(request, model_admin, objs):
    """With approval on, a sentence for each of ``objs`` that this member of staff may
    not change or delete themselves because it waits for the publishers, saying where
    to change it instead: a published item's rows in the item's form; a published item
    by its publishers (its form submits changes for review)."""
    reasons = []
    rows_of = getattr(model_admin, "review_parent", None)  # a content admin's
    for obj in objs:
        if rows_of and review.parent_is_reviewed(model_admin, request, obj):
            reasons.append(
                _(
                    "“%(object)s” belongs to “%(item)s”, which is published: this waits for "
                    "the publishers. Change or delete it in the form of “%(item)s” (to "
                    "delete, tick “Delete?” on its row); there your change is submitted for "
                    "review."
                )
                % {"object": obj, "item": getattr(obj, rows_of)}
            )
        elif review.held_for_review(request.user, obj):
            reasons.append(
                _(
                    "“%(object)s” is published: this waits for the publishers. Deleting it "
                    "or restoring an earlier version is theirs to do: ask one of them. What "
                    "you change in its form is submitted for their review."
                )
                % {"object": obj}
            )
    return reasons


def explanation(request):
    """Why this member of staff may not open this admin page, in sentences."""
    role = role_of(request.user)
    action, things = _what(request)
    if role != "translator":
        model_admin, objs = _asked_for(request)
        waiting = waiting_for_publishers(request, model_admin, objs) if model_admin else []
        if waiting:
            return waiting
    if role == "translator":
        if action == "add" and things:
            reason = _("Translators do not add %(things)s: that is for editors.") % {
                "things": things
            }
        elif action == "delete" and things:
            reason = _("Translators do not delete %(things)s: that is for editors.") % {
                "things": things
            }
        else:
            reason = _("This page is not part of the translators' work.")
        return [
            reason,
            _(
                "As a translator you can change the English texts of existing content: "
                "the Dutch texts, files, publication and other settings are read-only for "
                "you, and adding and deleting are for editors. Ask an editor if something "
                "needs to be added or removed."
            ),
        ]
    if role == "editor":
        return [
            _(
                "Editors manage all content of the website; this page (accounts, groups or "
                "other settings) is for administrators."
            )
        ]
    if role is None:
        return [
            _(
                "Your account has no role in the back office yet. Ask an administrator to "
                "add you to the editors or the translators."
            )
        ]
    return [_("This action is not possible here.")]


def bad_request(request, exception, template_name="400.html"):
    """In the admin, a form refused for its size says that nothing was saved and what to
    do (the browser still holds the input); elsewhere Django's 400 with the site's page."""
    user = getattr(request, "user", None)
    if not (is_admin_request(request) and user is not None and user.is_staff):
        return defaults.bad_request(request, exception, template_name)
    context = {
        **admin.site.each_context(request),
        "title": _("Not saved"),
        "too_many_fields": isinstance(exception, TooManyFieldsSent),
        "limit": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
        "megabytes": round(settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024, 1),
    }
    return HttpResponse(loader.render_to_string("admin/400.html", context, request), status=400)


def permission_denied(request, exception, template_name="403.html"):
    user = getattr(request, "user", None)
    if not (is_admin_request(request) and user is not None and user.is_staff):
        return defaults.permission_denied(request, exception, template_name)
    message = str(exception) if exception and str(exception) else ""
    context = {
        **admin.site.each_context(request),
        "title": pgettext("back office", "You may not open this page"),
        "reasons": explanation(request),
        "message": message,
    }
    return HttpResponse(loader.render_to_string("admin/403.html", context, request), status=403)


class DatabaseUnavailableMiddleware:
    """A 503 page instead of a 500 when the database cannot be reached (restarting, gone
    away mid-request). The transaction of a save is rolled back by the database, so the
    editor is told that nothing was saved; the next request reconnects by itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error("Database unavailable for %s %s: %s", request.method, request.path, exception)
        if is_admin_request(request):
            context = {
                "site_header": admin.site.site_header,
                "site_title": admin.site.site_title,
                "saving": request.method == "POST",
            }
            body = loader.render_to_string("admin/503.html", context)
        else:
            body = loader.render_to_string("503.html")
        response = HttpResponse(body, status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        response["Cache-Control"] = "no-store"
        return response
