"""``ContentAdmin``: the one base class of every content admin::

    @admin.register(Project)
    class ProjectAdmin(ContentAdmin):
        fieldsets = [...]
        inlines = [...]

It puts the back office's parts in each content admin in one visible order (see the
class): the translators' rights, approval and the editor's proposal, refusing stale forms,
history and restoring, the "Voorbeeld" buttons (the page from the form's unsaved data, in
each language) and the preview of the saved draft ("Weergeven op website" on a draft), and
the share-for-review page.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.helpers import AdminErrorList
from django.contrib.admin.options import flatten_fieldsets
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.forms.formsets import all_valid
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.admin import TabbedTranslationAdmin

from content import history, revisions
from content.admin import (
    localized_number_kwargs,
    name_unsaved_uploads,
    plain_help_text,
    search_field_kwargs,
    with_csp_nonce,
    without_link_rows,
)
from content.recording import recording
from translations import admin as translation_admin
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


def unchanged(request, form):
    """Whether a change form's POST asks for nothing: no field changed, no English marked
    still correct, nothing submitted for review (its rows are checked when saved)."""
    asked = (review.SUBMIT_BUTTON, translation_admin.CONFIRM_FIELD)
    return not form.has_changed() and not any(name in request.POST for name in asked)


class ContentAdmin(TabbedTranslationAdmin):
    """The one base class of every content admin. Each of Django's hooks is overridden
    here once, and asks the parts of the back office in the order written in it:

    - ``translations.admin``: translators change the English only (fields, read-only
      fields, the form that shows the Dutch beside the English, the English column);
    - ``editorial.review``: with approval on, who may publish, held changes as the
      editor's proposal (``content.revisions``), the publisher's decision;
    - ``editorial.concurrency``: a save from a stale form is refused with the changes;
    - ``content.recording``: every view that changes content is one unit of work, so
      the item with its rows becomes one revision, by the signed-in editor;
    - ``content.history``: versions (revisions), restoring them, deleted items;
    - ``editorial.preview`` and ``sharing``: previews and share links (in this class);
    - ``content.admin``: help texts as written, search fields, unsaved uploads named.

    A content admin declares its fields, inlines and columns; a row with an admin of its
    own names the item it belongs to in ``review_parent`` (a workshop's ``"project"``).
    """

    change_form_template = "admin/editorial/change_form.html"
    change_list_template = history.CHANGE_LIST_TEMPLATE
    review_parent = None
    # Decimal fields that are amounts of money (two decimals or none); every decimal field
    # is typed and shown as the admin's language writes numbers (content.admin).
    money_fields = ()

    class Media:
        css = {"all": translation_admin.MEDIA_CSS}

    # -- addresses --------------------------------------------------------------------------

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"

        def wrap(view):
            return self.admin_site.admin_view(self.recorded(view))

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
            *review.urls(self),
            *history.urls(self),
            *super().get_urls(),
        ]

    def recorded(self, view):
        """``view`` as one unit of work: what it changes is one revision per item, by the
        signed-in user, in the same transaction."""

        def recorded_view(request, *args, **kwargs):
            using = router.db_for_write(self.model)
            with transaction.atomic(using=using), recording(user=request.user):
                return view(request, *args, **kwargs)

        return recorded_view

    def _url(self, suffix, *args):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{suffix}", args=args)

    # -- rights -----------------------------------------------------------------------------

    def has_add_permission(self, request):
        return not is_translator(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        if review.parent_is_reviewed(self, request, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if is_translator(request.user) or review.held_for_review(request.user, obj):
            return False
        if review.parent_is_reviewed(self, request, obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        readonly = translation_admin.restricted_readonly_fields(self.model, request, readonly)
        return review.readonly_fields(self, request, obj, readonly)

    # -- the form ---------------------------------------------------------------------------

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        fieldsets = translation_admin.restricted_fieldsets(self.model, request, fieldsets)
        return translation_admin.with_translation_fieldset(request, obj, fieldsets)

    def get_prepopulated_fields(self, request, obj=None):
        prepopulated = super().get_prepopulated_fields(request, obj)
        return translation_admin.restricted_prepopulated_fields(self.model, request, prepopulated)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        localized_number_kwargs(self, db_field, kwargs)
        return plain_help_text(super().formfield_for_dbfield(db_field, request, **kwargs))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        search_field_kwargs(self, db_field, request, kwargs)
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return review.parent_choices(self, db_field, request, formfield)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        search_field_kwargs(self, db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs = translation_admin.form_kwargs(self, request, obj, kwargs)
        form_class = super().get_form(request, obj, change=change, **kwargs)
        form_class = concurrency.refusing_form(form_class, request)
        return review.proposal_form(self, request, form_class)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        return review.proposal_formset_kwargs(self, request, kwargs)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        concurrency.check_posted_form(self, request, object_id)
        held = review.held_changes(self, request, object_id)
        if held is not None:
            return held
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        return self.recorded(super().changeform_view)(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        return self.recorded(super().delete_view)(request, object_id, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET" and self.review_parent:
            review.parent_notice(self, request, self.get_object(request, unquote(object_id)))
        return super().change_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        name_unsaved_uploads(request, context)
        context = with_csp_nonce(request, context)
        concurrency.form_context(self, request, context, obj)
        review.form_context(self, request, context, obj)
        self._editorial_context(request, context, obj)
        response = super().render_change_form(request, context, add, change, form_url, obj)
        if obj is not None and is_translator(request.user):
            url = response.context_data.get("absolute_url") or ""
            if url == self.preview_url(obj, settings.LANGUAGE_CODE):
                response.context_data["absolute_url"] = self.preview_url(obj, TARGET_LANGUAGE)
        return response

    # -- saving -----------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if change and unchanged(request, form):
            # Saved, if at all, once the rows are known (save_related): a form that
            # changes nothing writes nothing, no version and no "changed" message.
            request._vwn_unchanged_form = form
            return
        review.before_save(self, request, obj, change)
        with translation_admin.source_change(form):
            super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        with translation_admin.source_change(form):
            super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        if getattr(request, "_vwn_unchanged_form", None) is form:
            if any(formset.has_changed() for formset in formsets):
                with translation_admin.source_change(form):  # a row changed: as Django does
                    super().save_model(request, form.instance, form, change)
            else:
                # Django still asks the formsets what they saved (nothing) for its log.
                request._vwn_nothing_changed = True
        super().save_related(request, form, formsets, change)
        translation_admin.confirm_posted(request, form, formsets)
        review.after_save(self, request, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        return review.submitted(self, request, obj, add=True) or super().response_add(
            request, obj, post_url_continue
        )

    def response_change(self, request, obj):
        if getattr(request, "_vwn_nothing_changed", False):
            self.message_user(request, _("Nothing was changed, so nothing was saved."))
            if "_continue" in request.POST:
                return HttpResponseRedirect(request.path)
            return self.response_post_save_change(request, obj)
        return review.submitted(self, request, obj, add=False) or super().response_change(
            request, obj
        )

    def get_deleted_objects(self, objs, request):
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        to_delete, model_count = without_link_rows(to_delete, model_count)
        return to_delete, model_count, perms_needed, history.protected_objects(objs, protected)

    # -- the list ---------------------------------------------------------------------------

    def get_list_display(self, request):
        return [*super().get_list_display(request), translation_admin.english_state]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), translation_admin.EnglishStateFilter]

    def get_changelist(self, request, **kwargs):
        changelist = super().get_changelist(request, **kwargs)
        return translation_admin.changelist_class(changelist, request)

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        return review.parent_list_editable(self, request, changelist)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_change_permission(request):
            action = self.get_action(translation_admin.mark_english_still_correct)
            actions[action[1]] = action
        return actions

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), **history.changelist_context(self, request)}
        if request.method != "POST":  # actions and editable columns post
            return super().changelist_view(request, extra_context)
        return self.recorded(super().changelist_view)(request, extra_context)

    # -- history ----------------------------------------------------------------------------

    def history_view(self, request, object_id, extra_context=None):
        events = EditorialEvent.objects.filter(
            content_type=revisions.content_type_of(self.model), object_id=unquote(object_id)
        ).select_related("user")[:200]
        extra_context = {**(extra_context or {}), "editorial_events": events}
        return history.history_view(self, request, object_id, extra_context)

    def revision_view(self, request, object_id, revision_id):
        """A version, and restoring it (refused where it would change what a publisher
        must approve first)."""
        refused = None
        if request.method == "POST":
            review.refuse_restore_into_parent(self, request, object_id, revision_id)
            refused = review.refuse_restore(self, request, object_id, revision_id)
        return history.revision_view(self, request, object_id, revision_id, refused=refused)

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

    def _editorial_context(self, request, context, obj):
        """The change form's preview buttons and share link."""
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
