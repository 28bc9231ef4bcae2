"""The library in the back office: the photos' list (filtered by consent), each photo's
page with its uses and focal point, the chooser that items pick a photo with, and the
consent form handed only to editors."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from content.renditions import renditions
from editorial.admin import ContentAdmin

from .models import CONSENT_STATES, Photo
from .uses import admin_url, uses_of, with_use_counts


def thumbnail_url(photo, widest=400):
    """A small rendition of ``photo`` for the admin (never the original), or ""."""
    if photo is None or not photo.file:
        return ""
    found = renditions(photo.file)
    if found is None:
        return ""
    return found.fallback[0].url if widest <= 400 else found.default.url


def thumbnail_html(photo):
    url = thumbnail_url(photo)
    if not url:
        return "—"
    return format_html('<img class="photo-thumbnail" src="{}" alt="" width="96">', url)


class ConsentStateFilter(admin.SimpleListFilter):
    title = _("consent")
    parameter_name = "consent"

    def lookups(self, request, model_admin):
        return list(CONSENT_STATES.items())

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if value not in CONSENT_STATES:
            return queryset
        return queryset.in_consent_state(value)


class PhotoChooser(ForeignKeyRawIdWidget):
    """An item's choice of a library photo: the chosen photo's thumbnail and title, and a
    button that opens the library (its search, filters and thumbnails) to choose from."""

    template_name = "admin/photos/photo_chooser.html"

    class Media:
        css = {"all": ["photos/admin.css"]}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        photo = Photo.objects.filter(pk=value).first() if value not in (None, "") else None
        context["photo"] = photo
        context["thumbnail_url"] = thumbnail_url(photo)
        return context


def photo_chooser(model_admin, db_field, kwargs):
    """``kwargs`` for the form field of ``db_field``: an item's library photo (``PhotoUse``)
    is chosen with ``PhotoChooser``; other fields are left alone. Called from the
    ``formfield_for_foreignkey`` of the admins of items that show a photo."""
    if db_field.name == "photo" and db_field.related_model is Photo:
        kwargs["widget"] = PhotoChooser(db_field.remote_field, model_admin.admin_site)
    return kwargs


@admin.display(description=_("photo"))
def photo_thumbnail(obj):
    """A list column: the thumbnail of the item's library photo."""
    return thumbnail_html(obj.photo if obj.photo_id else None)


class ConsentFormInput(forms.ClearableFileInput):
    """The consent form's link leads to the admin's own download (for editors), never to
    /media/, which does not serve it."""

    download_url = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if context["widget"]["is_initial"]:
            context["widget"]["value"] = _DownloadLink(value, self.download_url)
        return context


class _DownloadLink:
    def __init__(self, value, url):
        self.url = url
        self.name = value.name

    def __str__(self):
        return self.name.rsplit("/", 1)[-1]


@admin.register(Photo)
class PhotoAdmin(ContentAdmin):
    list_display = ["thumbnail", "title", "credit", "licence", "consent", "used"]
    list_display_links = ["thumbnail", "title"]
    list_filter = [ConsentStateFilter, "licence", "people_shown"]
    search_fields = ["title", "alt_nl", "alt_en", "credit"]
    readonly_fields = ["focal_point_picker", "used_on"]
    fieldsets = [
        (None, {"fields": ["file", "title", "alt", "alt_check_needed"]}),
        (
            _("Focal point"),
            {
                "fields": ["focal_point_picker", ("focal_x", "focal_y")],
                "description": _(
                    "Click the most important spot of the photo: crops (the share image) "
                    "keep it in view."
                ),
            },
        ),
        (_("Credit and licence"), {"fields": ["credit", "licence"]}),
        (
            _("Consent"),
            {
                "fields": [
                    "people_shown",
                    "consent_recorded",
                    "consent_form",
                    ("consent_website", "consent_social_media", "consent_print"),
                    "consent_until",
                ],
                "description": _(
                    "A photo in which people can be recognised is shown only while their "
                    "consent is recorded for the website and has not ended."
                ),
            },
        ),
        (_("Used on"), {"fields": ["used_on"]}),
    ]

    class Media:
        js = ["photos/focal-point.js"]
        css = {"all": ["photos/admin.css"]}

    # -- the list ----------------------------------------------------------------------------

    @admin.display(description=_("photo"))
    def thumbnail(self, obj):
        return thumbnail_html(obj)

    @admin.display(description=_("consent"))
    def consent(self, obj):
        state = obj.consent_state()
        label = CONSENT_STATES[state]
        if state in ("ending", "ended") and obj.consent_until:
            label = format_html("{} ({})", label, date_format(obj.consent_until))
        return format_html('<span class="consent consent--{}">{}</span>', state, label)

    @admin.display(description=_("used"), ordering="use_count")
    def used(self, obj):
        return obj.use_count

    def get_queryset(self, request):
        return with_use_counts(super().get_queryset(request))

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET" and IS_POPUP_VAR not in request.GET:
            warn_about_consent(request)
        return super().changelist_view(request, extra_context)

    # -- one photo ---------------------------------------------------------------------------

    @admin.display(description=_("focal point"))
    def focal_point_picker(self, obj):
        url = thumbnail_url(obj, widest=800)
        if not url:
            return gettext("Save the photo first, then click its focal point here.")
        return format_html(
            '<div class="focal-point" data-focal-point><img src="{}" alt="{}">'
            '<span class="focal-point__marker" aria-hidden="true"></span></div>',
            url,
            gettext("The photo: click to set its focal point"),
        )

    @admin.display(description=_("used on"))
    def used_on(self, obj):
        uses = uses_of(obj)
        if not uses:
            return gettext("Not used on any page yet.")
        return format_html(
            '<ul class="photo-uses">{}</ul>',
            format_html_join("", "<li>{}</li>", ((use_label(item),) for item in uses)),
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is not None and "consent_form" in form.base_fields:
            widget = ConsentFormInput()
            widget.download_url = reverse("admin:photos_photo_consent_form", args=[obj.pk])
            form.base_fields["consent_form"].widget = widget
        if "people_shown" in form.base_fields:
            # Asked of every photo: yes or no, never left open.
            form.base_fields["people_shown"] = forms.TypedChoiceField(
                label=form.base_fields["people_shown"].label,
                help_text=form.base_fields["people_shown"].help_text,
                choices=[(True, gettext("Yes")), (False, gettext("No"))],
                coerce=lambda value: value == "True",
                widget=forms.RadioSelect,
            )
        return form

    def save_model(self, request, obj, form, change):
        if change and "file" in form.changed_data:
            # A new file under the old descriptions: the editor checks them.
            obj.alt_check_needed = True
        super().save_model(request, obj, form, change)

    def response_change(self, request, obj):
        if obj.alt_check_needed:
            uses = uses_of(obj)
            messages.warning(
                request,
                format_html(
                    "{} {}",
                    gettext(
                        "The photo was replaced: every page that uses it shows the new "
                        "file. Check its description and the pages' own descriptions and "
                        "captions, then untick “check the descriptions”."
                    ),
                    format_html_join(", ", "{}", ((use_label(item),) for item in uses)),
                ),
            )
        return super().response_change(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            photo = self.get_object(request, object_id)
            if photo is not None:
                warn_about_photo(request, photo)
        return super().change_view(request, object_id, form_url, extra_context)

    # -- deleting ----------------------------------------------------------------------------

    delete_confirmation_template = "admin/photos/photo/delete_confirmation.html"

    def delete_view(self, request, object_id, extra_context=None):
        photo = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "photo_uses": [use_label(u) for u in uses_of(photo)],
        }
        return super().delete_view(request, object_id, extra_context)

    def get_actions(self, request):
        # One by one, so that each deletion warns with the photo's uses.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    # -- the consent form --------------------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "<path:object_id>/consent-form/",
                self.admin_site.admin_view(self.consent_form_view),
                name="photos_photo_consent_form",
            ),
            *super().get_urls(),
        ]

    def consent_form_view(self, request, object_id):
        """The consent form, to those who may change photos; never cached."""
        photo = self.get_object(request, object_id)
        if photo is None or not photo.consent_form:
            raise Http404
        if not self.has_change_permission(request, photo):
            raise PermissionDenied
        response = FileResponse(
            photo.consent_form.open("rb"),
            as_attachment=True,
            filename=photo.consent_form.name.rsplit("/", 1)[-1],
            content_type="application/pdf",
        )
        response["Cache-Control"] = "private, no-store"
        return response


def use_label(item):
    """ "Project: Training in Belgrado", linked to the item's admin page."""
    label = f"{item._meta.verbose_name.capitalize()}: {item}"
    url = admin_url(item)
    return format_html('<a href="{}">{}</a>', url, label) if url else label


def warn_about_photo(request, photo):
    """The warnings of a photo's page: consent that ends within a month, has ended or is
    missing, and a replaced file whose descriptions are not checked yet."""
    state = photo.consent_state()
    if state == "ending":
        messages.warning(
            request,
            gettext(
                "The consent for this photo ends on %(date)s; after that day it disappears "
                "from the website. Record a new consent or choose another photo."
            )
            % {"date": date_format(photo.consent_until)},
        )
    elif state == "ended":
        messages.error(
            request,
            gettext("The consent for this photo has ended: the website no longer shows it."),
        )
    elif state == "missing":
        messages.error(
            request,
            gettext(
                "People can be recognised in this photo and no consent for the website is "
                "recorded: the website does not show it."
            ),
        )


def warn_about_consent(request, now=None):
    """On the library's list: the used photos whose consent ends within a month."""
    now = now or timezone.now()
    ending = [p for p in Photo.objects.ending_soon(now) if uses_of(p)]
    if ending:
        messages.warning(
            request,
            ngettext(
                "The consent of %(count)d used photo ends within a month: %(titles)s.",
                "The consent of %(count)d used photos ends within a month: %(titles)s.",
                len(ending),
            )
            % {"count": len(ending), "titles": ", ".join(p.title for p in ending)},
        )
