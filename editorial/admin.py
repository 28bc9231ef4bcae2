"""``EditorialAdmin``: the editorial workflow in a content admin's change form.

Put it first in the bases of every content admin whose model has a page or is edited by
several people::

    class ProjectAdmin(EditorialAdmin, HistoryAdmin, TranslationWorkflowMixin,
                       TabbedTranslationAdmin): ...

It adds the "Voorbeeld" buttons (the page from the form's unsaved data, in each
language) and the preview of the saved draft ("Weergeven op website" on a draft), the
share-for-review page, the editorial steps on the history page, the refusal of a save
from a stale form (``concurrency``) and, with approval on, "submit for review"
(``review``).
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.helpers import AdminErrorList
from django.contrib.admin.options import flatten_fieldsets
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.forms.formsets import all_valid
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from content import revisions
from translations.registry import TARGET_LANGUAGE
from translations.roles import is_translator
from website.seo import absolute_url

from . import concurrency, preview, review, sharing
from .models import EditorialEvent, ShareLink
from .preview import Preview, preview_for
from .review import record


class ShareForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("language"), choices=settings.LANGUAGES)
    days = forms.IntegerField(
        label=gettext_lazy("valid for (days)"),
        min_value=1,
        max_value=90,
        initial=lambda: settings.SHARE_LINK_DAYS,
    )
    recipient = forms.CharField(
        label=gettext_lazy("shared with"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("For your own records, e.g. “CEDEM, Jelena”."),
    )


class EditorialAdmin(concurrency.StaleFormAdmin, review.ReviewAdmin):
    change_form_template = "admin/editorial/change_form.html"

    # -- URLs -----------------------------------------------------------------------------

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path(
                "add/preview/<str:language>/",
                wrap(self.preview_view),
                name=f"{name}_preview_add",
            ),
            path(
                "<path:object_id>/preview/<str:language>/",
                wrap(self.preview_view),
                name=f"{name}_preview",
            ),
            path("<path:object_id>/share/", wrap(self.share_view), name=f"{name}_share"),
            *review.ReviewAdmin.review_urls(self),
            *super().get_urls(),
        ]

    def _url(self, suffix, *args):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{suffix}", args=args)

    # -- preview --------------------------------------------------------------------------

    def has_preview(self):
        return preview_for(self.model) is not None

    def preview_languages(self, request):
        if is_translator(request.user):
            return [TARGET_LANGUAGE]
        return [code for code, _name in settings.LANGUAGES]

    def preview_url(self, obj, language):
        if obj is None or obj.pk is None:
            return self._url("preview_add", language)
        return self._url("preview", obj.pk, language)

    def get_view_on_site_url(self, obj=None):
        """ "Weergeven op website": the public page, or the preview while there is none."""
        declaration = preview_for(self.model)
        if obj is not None and declaration is not None:
            if not declaration.shows_publicly(declaration.object_for(obj)):
                return self.preview_url(obj, settings.LANGUAGE_CODE)
            # The page itself, not Django's shortcut view, which would send the editor to
            # the sites framework's domain (installed for the redirects only).
            return declaration.object_for(obj).get_absolute_url()
        return super().get_view_on_site_url(obj)

    def preview_view(self, request, language, object_id=None):
        """GET: the saved draft's page. POST (the change form's data): the page as the
        form would make it, inlines included, saving nothing."""
        if language not in dict(settings.LANGUAGES) or not self.has_preview():
            raise Http404
        obj = None
        if object_id is not None:
            obj = self.get_object(request, unquote(object_id))
            if obj is None:
                raise Http404
            allowed = self.has_view_or_change_permission(request, obj)
        else:
            allowed = request.method == "POST" and self.has_add_permission(request)
        if not allowed or language not in self.preview_languages(request):
            raise PermissionDenied
        if request.method == "POST":
            return self._preview_unsaved(request, obj, language)
        urls = [(code, self.preview_url(obj, code)) for code in self.preview_languages(request)]
        return preview.render(request, obj, Preview(language=language, language_urls=urls))

    def _preview_unsaved(self, request, obj, language):
        change = obj is not None
        fieldsets = self.get_fieldsets(request, obj)
        form_class = self.get_form(request, obj, change=change, fields=flatten_fieldsets(fieldsets))
        form = form_class(request.POST, request.FILES, instance=obj)
        formsets, _inlines = self._create_formsets(request, form.instance, change=change)
        form_valid = form.is_valid()
        if not (all_valid(formsets) and form_valid):
            errors = AdminErrorList(form, formsets)
            return TemplateResponse(
                request,
                "admin/editorial/preview_errors.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("The preview cannot be shown"),
                    "errors": errors,
                    "opts": self.model._meta,
                },
            )
        instances = [form.instance] + [f.instance for fs in formsets for f in fs.forms]
        for instance in instances:
            preview.keep_saved_files(instance)
        declaration = preview_for(self.model)
        graph = (
            declaration.from_forms(form.instance, form, formsets)
            if declaration.from_forms
            else None
        )
        return preview.render(
            request, form.instance, Preview(language=language, unsaved=True), graph=graph
        )

    def render_revision_preview(self, request, revision, language):
        """The page as ``revision`` (a proposal) would make it, saving nothing."""
        declaration = preview_for(self.model)
        item, m2m, rows = revisions.as_objects(revision.content)
        graph = declaration.from_revision(item, m2m, rows) if declaration.from_revision else None
        return preview.render(request, item, Preview(language=language, unsaved=True), graph=graph)

    # -- share links ---------------------------------------------------------------------

    def may_share(self, request, obj):
        return (
            self.has_preview()
            and self.has_change_permission(request, obj)
            and not is_translator(request.user)
        )

    def share_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.may_share(request, obj):
            raise PermissionDenied
        links = ShareLink.objects.for_object(obj).select_related("created_by")
        form = ShareForm()
        if request.method == "POST":
            revoke = request.POST.get("revoke")
            if revoke:
                link = links.filter(pk=revoke, revoked_at__isnull=True).first()
                if link is not None:
                    link.revoked_at = timezone.now()
                    link.save(update_fields=["revoked_at"])
                    record(obj, EditorialEvent.Action.SHARE_REVOKED, request.user, link.recipient)
                    messages.success(request, _("The link no longer works."))
                return HttpResponseRedirect(request.path)
            form = ShareForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                link = ShareLink.objects.create(
                    content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
                    object_id=str(obj.pk),
                    language=data["language"],
                    recipient=data["recipient"],
                    created_by=request.user,
                    expires_at=timezone.now() + timezone.timedelta(days=data["days"]),
                )
                record(
                    obj,
                    EditorialEvent.Action.SHARED,
                    request.user,
                    _("%(language)s, until %(date)s%(recipient)s")
                    % {
                        "language": link.get_language_display(),
                        "date": timezone.localtime(link.expires_at).strftime("%Y-%m-%d %H:%M"),
                        "recipient": f", {link.recipient}" if link.recipient else "",
                    },
                )
                messages.success(
                    request, _("The link is ready. Copy it from the list below and send it.")
                )
                return HttpResponseRedirect(request.path)
        now = timezone.now()
        rows = [
            {
                "link": link,
                "url": absolute_url(request, sharing.share_path(link)),
                "active": link.is_active(now),
            }
            for link in links
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Share “%(object)s” for review") % {"object": obj},
            "opts": self.model._meta,
            "original": obj,
            "form": form,
            "rows": rows,
            "change_url": self._url("change", obj.pk),
        }
        return TemplateResponse(request, "admin/editorial/share.html", context)

    # -- change form and history ---------------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if self.has_preview():
            context["editorial_previews"] = [
                (
                    code,
                    self.preview_url(obj, code),
                    _("Preview (%(language)s)") % {"language": _(name)},
                )
                for code, name in settings.LANGUAGES
                if code in self.preview_languages(request)
            ]
        if obj is not None and self.may_share(request, obj):
            context["editorial_share_url"] = self._url("share", obj.pk)
        response = super().render_change_form(request, context, add, change, form_url, obj)
        if obj is not None and is_translator(request.user):
            url = response.context_data.get("absolute_url") or ""
            if url == self.preview_url(obj, settings.LANGUAGE_CODE):
                response.context_data["absolute_url"] = self.preview_url(obj, TARGET_LANGUAGE)
        return response

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        events = []
        if obj is not None:
            events = EditorialEvent.objects.for_object(obj).select_related("user")[:200]
        extra_context = {**(extra_context or {}), "editorial_events": events}
        return super().history_view(request, object_id, extra_context)
