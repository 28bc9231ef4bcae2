from contextlib import suppress

from django import forms
from django.contrib import admin
from django.core.cache import cache
from django.db import models
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline, TranslationTabularInline

from content.admin import (
    FilteredChoices,
    LabelledRowsMixin,
    LabelledSplitDateTime,
    LocalizedNumberInput,
    LocalizedNumbersMixin,
    PlainHelpTextMixin,
    SearchFieldsAdmin,
    label_fields,
    labelled_rows,
    moment_label,
    number_text,
)
from editorial.admin import ContentAdmin
from photos.admin import photo_chooser, photo_thumbnail
from translations.admin import TranslationWorkflowInlineMixin
from website.page_cache import CACHE_ERRORS, VERSION_KEY, current_version

from .models import (
    CallToAction,
    Country,
    OverviewPage,
    Project,
    ProjectFunding,
    ProjectLink,
    ProjectPartner,
    Result,
    Video,
    Workshop,
    has_ended,
)
from .open_data import check_project, iati_identifier, with_activity_relations


@admin.register(OverviewPage)
class OverviewPageAdmin(ContentAdmin):
    fieldsets = [
        (None, {"fields": ["title", "intro", "meta_description"]}),
        (_("Calls to action and results"), {"fields": ["calls_to_action", "results_years"]}),
        (_("Projects section"), {"fields": ["projects_heading", "projects_intro"]}),
        (_("More information"), {"fields": ["more_info_heading", "more_info"]}),
    ]
    autocomplete_fields = ["calls_to_action"]

    def has_add_permission(self, request):
        # One overview page: add it only while there is none.
        return super().has_add_permission(request) and not OverviewPage.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class CountryAdminForm(forms.ModelForm):
    class Meta:
        model = Country
        fields = ["codes"]
        # The admin's own searchable two-box picker, for a list of some 250 codes.
        widgets = {"codes": FilteredChoices(_("country codes"), is_stacked=False)}


@admin.register(Country)
class CountryAdmin(ContentAdmin):
    form = CountryAdminForm
    list_display = ["name", "kind", "code_column", "region", "sort_order", "project_count"]
    list_editable = ["sort_order"]
    list_filter = ["kind", "region"]
    search_fields = ["name_nl", "name_en", "codes"]
    prepopulated_fields = {"slug": ("name",)}
    fields = [
        "name",
        "name_with_article",
        "slug",
        "kind",
        "codes",
        "iati_region",
        "region",
        "situation",
        "photo",
        "photo_alt",
        "photo_caption",
        "sort_order",
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # The photo is chosen from the library (photos.admin.PhotoChooser).
        kwargs = photo_chooser(self, db_field, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("country codes"))
    def code_column(self, obj):
        return ", ".join(obj.code_list)

    def get_changelist_formset(self, request, **kwargs):
        return labelled_rows(super().get_changelist_formset(request, **kwargs))

    @admin.display(description=_("projects"))
    def project_count(self, obj):
        return len(obj.projects.all())

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("projects")


class ProjectPartnerInline(
    SearchFieldsAdmin,
    PlainHelpTextMixin,
    LabelledRowsMixin,
    TranslationWorkflowInlineMixin,
    admin.TabularInline,
):
    model = ProjectPartner
    autocomplete_fields = ["partner"]
    fields = ["partner", "role", "sort_order"]
    extra = 0

    def get_queryset(self, request):
        # A row is titled by its partner's name (ProjectPartner.__str__).
        return super().get_queryset(request).select_related("partner")


class ProjectFundingForm(forms.ModelForm):
    class Meta:
        model = ProjectFunding
        fields = ["amount", "currency"]
        # Narrow fields for an amount and three letters, so the row's six columns fit; the
        # amount as the admin's language writes it (LocalizedNumbersMixin), its currency
        # in the next column.
        widgets = {
            "amount": LocalizedNumberInput(attrs={"class": "vBigIntegerField"}),
            "currency": forms.TextInput(attrs={"size": 4, "maxlength": 3}),
        }

    def _post_clean(self):
        super()._post_clean()
        # An amount refused as written is not missing: "enter the amount to show it"
        # beside its own message would contradict it.
        if "amount" in self.errors and "show_amount" in self.errors:
            del self.errors["show_amount"]


class ProjectFundingInline(
    SearchFieldsAdmin,
    LocalizedNumbersMixin,
    PlainHelpTextMixin,
    LabelledRowsMixin,
    TranslationWorkflowInlineMixin,
    admin.TabularInline,
):
    model = ProjectFunding
    form = ProjectFundingForm
    money_fields = ["amount"]
    autocomplete_fields = ["funder"]
    fields = ["funder", "phrasing", "amount", "currency", "show_amount", "sort_order"]
    extra = 0

    def get_queryset(self, request):
        # A row is titled by its funder's name (ProjectFunding.__str__).
        return super().get_queryset(request).select_related("funder")


def folded(fields):
    """An inline's fields folded under "Details": each row is one line (its heading, what
    the row holds) until opened; a row with a mistake, and a new row, are open."""
    return [(_("Details"), {"fields": fields, "classes": ["collapse"]})]


class VideoInline(PlainHelpTextMixin, TranslationWorkflowInlineMixin, TranslationStackedInline):
    model = Video
    fieldsets = folded(["url", "title", "caption", "sort_order"])
    extra = 0


class ProjectLinkInline(
    PlainHelpTextMixin, LabelledRowsMixin, TranslationWorkflowInlineMixin, TranslationTabularInline
):
    model = ProjectLink
    fields = ["label", "url", "sort_order"]
    extra = 0


class WorkshopInline(
    SearchFieldsAdmin,
    PlainHelpTextMixin,
    TranslationWorkflowInlineMixin,
    TranslationStackedInline,
):
    model = Workshop
    row_fields = [
        "title",
        "description",
        ("date", "location"),
        "facilitators",
        "photo",
        "photo_alt",
        "photo_caption",
        ("report", "report_language"),
        "report_label",
        "sort_order",
    ]
    fieldsets = folded(row_fields)
    autocomplete_fields = ["facilitators"]
    extra = 0
    show_change_link = True

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # The photo is chosen from the library (photos.admin.PhotoChooser).
        kwargs = photo_chooser(self, db_field, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        # Each row's facilitators (the form's initial value) in one query for all rows.
        return super().get_queryset(request).prefetch_related("facilitators")


class ResultInline(
    LocalizedNumbersMixin,
    PlainHelpTextMixin,
    TranslationWorkflowInlineMixin,
    TranslationStackedInline,
):
    model = Result
    row_fields = [("year", "result_type"), "statement", ("value", "unit", "target"), "sort_order"]
    fieldsets = folded(row_fields)
    extra = 0


class CompletionFilter(admin.SimpleListFilter):
    """Current or completed (marked so, or past the end date), the rule the site uses."""

    title = _("stage")
    parameter_name = "stage"

    def lookups(self, request, model_admin):
        return [("current", _("current")), ("completed", _("completed"))]

    def queryset(self, request, queryset):
        if self.value() == "current":
            return queryset.exclude(has_ended())
        if self.value() == "completed":
            return queryset.filter(has_ended())
        return queryset


def project_warnings(project):
    """``stored_project_warnings``, read once per request for the form's project (its
    open data group and its IATI checks both ask)."""
    if not hasattr(project, "_iati_warnings"):
        project._iati_warnings = stored_project_warnings(project)
    return project._iati_warnings


def form_sections(sections, adminform, inline_admin_formsets):
    """[(fieldset or None, [inline formsets])] in the order of ``sections`` ((fieldset
    name or None, [inline class names])); fieldsets and inlines not named there (another
    role's, "Translation") follow in their own order."""
    fieldsets = {str(fieldset.name): fieldset for fieldset in adminform}
    inlines = {type(formset.opts).__name__: formset for formset in inline_admin_formsets}
    result = []
    for name, inline_names in sections:
        fieldset = fieldsets.pop(str(name), None) if name is not None else None
        rows = [inlines.pop(inline_name) for inline_name in inline_names if inline_name in inlines]
        if fieldset is not None or rows:
            result.append((fieldset, rows))
    result += [(fieldset, []) for fieldset in fieldsets.values()]
    result += [(None, [formset]) for formset in inlines.values()]
    return result


class ProjectAdminForm(forms.ModelForm):
    class Meta:
        model = Project
        # The admin's fieldsets decide which fields the form shows. Not ``fields``:
        # django-modeltranslation would copy them onto the admin, beside its fieldsets,
        # which Django's checks refuse (admin.E005).
        exclude = ()  # noqa: DJ006 (see above)

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("status") == Project.Status.PUBLISHED and not cleaned_data.get(
            "countries"
        ):
            self.add_error("countries", _("A published project needs at least one country."))
        return cleaned_data


def stored_project_warnings(project):
    """The IATI warnings of ``project`` as stored (as it would be exported), its rows in a
    fixed number of queries however many it has; remembered until any content changes
    (the public pages' content version: every save of a project, partner, funder or place
    changes it), the day changes (the rules about dates) or in another language."""
    try:
        version = current_version(cache.get_many([VERSION_KEY]))
        key = f"vwn:iati-check:{project.pk}:{version}:{timezone.localdate()}:{get_language()}"
        warnings = cache.get(key)
    except CACHE_ERRORS:
        key = warnings = None
    if warnings is None:
        warnings = check_project(with_activity_relations(Project.objects).get(pk=project.pk))
        if key is not None:
            with suppress(*CACHE_ERRORS):
                cache.set(key, warnings, timeout=24 * 60 * 60)
    return warnings


@admin.register(Project)
class ProjectAdmin(ContentAdmin):
    form = ProjectAdminForm
    list_display = [
        "title",
        "publication",
        "stage",
        "country_list",
        "start_date",
        "end_date",
        "sort_order",
        "photo_thumbnail",
    ]
    list_display_links = ["title"]
    list_editable = ["sort_order"]
    list_filter = ["status", CompletionFilter, "countries", "funders", "partners"]
    # Also by code ("P0007"), funder, partner, place and a workshop's place.
    search_fields = [
        "title_nl",
        "title_en",
        "summary_nl",
        "body_nl",
        "project_code",
        "funders__name_nl",
        "funders__name_en",
        "partners__name_nl",
        "partners__name_en",
        "partners__acronym",
        "countries__name_nl",
        "countries__name_en",
        "workshops__location_nl",
        "workshops__location_en",
    ]
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["countries", "calls_to_action"]
    formfield_overrides = {models.DateTimeField: {"widget": LabelledSplitDateTime}}
    date_hierarchy = "start_date"
    save_on_top = True
    # Grouped as an editor thinks of a project; what is rarely changed is folded away (one
    # click opens it, and a group with a mistake in it is open).
    fieldsets = [
        (
            _("Text"),
            {"fields": ["title", "slug", "status", "summary", "body", "calls_to_action"]},
        ),
        (
            _("Publication"),
            {
                # One field a line: Django opens a folded group with a mistake in it only
                # when it finds the field on a line of its own.
                "fields": ["publish_from", "publish_until"],
                "description": _(
                    "Leave both empty to publish at once and until further notice. The "
                    "website follows these moments by itself; no one needs to save then."
                ),
                "classes": ["collapse"],
            },
        ),
        (_("Places and partners"), {"fields": ["countries", "sort_order"]}),
        (
            _("Money and period"),
            {
                "fields": [
                    "funding_text",
                    ("start_date", "end_date"),
                    ("duration_months", "completed"),
                ]
            },
        ),
        (_("Photo"), {"fields": ["photo", "photo_alt", "photo_caption"], "classes": ["collapse"]}),
        (
            _("Open data (IATI)"),
            {
                "fields": [
                    "iati_warnings",
                    "project_code",
                    "iati_identifier",
                    "actual_start_date",
                    "actual_end_date",
                    "activity_status",
                    "sector",
                ],
                "classes": ["collapse"],
            },
        ),
    ]
    # The rows that belong with a group follow it on the form (the funders right under the
    # funding sentence); the template is templates/admin/projects/project/change_form.html.
    change_form_template = "admin/projects/project/change_form.html"
    form_sections = [
        (_("Text"), []),
        (_("Publication"), []),
        (_("Places and partners"), ["ProjectPartnerInline"]),
        (_("Money and period"), ["ProjectFundingInline"]),
        (None, ["WorkshopInline", "ResultInline"]),
        (_("Photo"), ["VideoInline", "ProjectLinkInline"]),
        (_("Open data (IATI)"), []),
    ]
    readonly_fields = ["iati_identifier", "iati_warnings"]
    inlines = [
        ProjectPartnerInline,
        ProjectFundingInline,
        WorkshopInline,
        ResultInline,
        VideoInline,
        ProjectLinkInline,
    ]
    photo_thumbnail = staticmethod(photo_thumbnail)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # The photo is chosen from the library (photos.admin.PhotoChooser).
        kwargs = photo_chooser(self, db_field, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_fieldsets(self, request, obj=None):
        """The open data group is open while the rules find something to fix."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or obj.pk is None:
            return fieldsets
        try:
            warnings = project_warnings(obj)
        except Project.DoesNotExist:  # a deleted project's version, on its way back
            warnings = []
        if not warnings:
            return fieldsets
        open_data = str(_("Open data (IATI)"))
        return [
            (name, {**options, "classes": []} if str(name) == open_data else options)
            for name, options in fieldsets
        ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name.startswith(("summary", "funding_text")):
            # A sentence or two: a box of three lines, not ten.
            formfield.widget.attrs["rows"] = 3
        return formfield

    def render_change_form(self, request, context, *args, **kwargs):
        context["form_sections"] = form_sections(
            self.form_sections, context["adminform"], context["inline_admin_formsets"]
        )
        return super().render_change_form(request, context, *args, **kwargs)

    @admin.display(description=_("status"), ordering="status")
    def publication(self, obj):
        """Draft, published, or published with a moment still to come or already past."""
        if not obj.is_published:
            return obj.get_status_display()
        now = timezone.now()
        if obj.publish_until and obj.publish_until <= now:
            return _("ended on %(moment)s") % {"moment": moment_label(obj.publish_until)}
        if obj.publish_from and obj.publish_from > now:
            return _("scheduled for %(moment)s") % {"moment": moment_label(obj.publish_from)}
        if obj.publish_until:
            return _("published until %(moment)s") % {"moment": moment_label(obj.publish_until)}
        return obj.get_status_display()

    @admin.display(description=_("stage"))
    def stage(self, obj):
        """Current or completed: the rule the site uses (CompletionFilter)."""
        return _("completed") if obj.is_completed() else _("current")

    @admin.display(description=_("countries and territories"))
    def country_list(self, obj):
        return ", ".join(country.name for country in obj.listed_countries)

    def get_object(self, request, object_id, from_field=None):
        # The change form reads the project's places several times (its initial value, the
        # chosen options' labels, the history): one query.
        project = super().get_object(request, object_id, from_field)
        if project is not None:
            models.prefetch_related_objects([project], "countries")
        return project

    def get_changelist(self, request, **kwargs):
        base = super().get_changelist(request, **kwargs)

        class ProjectChangeList(base):
            def get_queryset(self, request, exclude_parameters=None):
                # The list's column of places needs their names only.
                places = models.Prefetch(
                    "countries",
                    Country.objects.only(*label_fields(Country)),
                    to_attr="listed_countries",
                )
                found = super().get_queryset(request, exclude_parameters)
                return found.prefetch_related(places).select_related("photo")

        return ProjectChangeList

    def get_changelist_formset(self, request, **kwargs):
        return labelled_rows(super().get_changelist_formset(request, **kwargs))

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        # The code is part of the published IATI identifier: frozen once published.
        if obj is not None and obj.project_code_is_frozen:
            return [*readonly, "project_code"]
        return readonly

    @admin.display(description=_("IATI identifier"))
    def iati_identifier(self, obj):
        return iati_identifier(obj) if obj.pk else "-"

    @admin.display(description=_("IATI checks"))
    def iati_warnings(self, obj):
        if obj.pk is None:
            return _("The project is checked against the IATI rules once it is saved.")
        # The site's own settings are the superuser's business, on the admin home page.
        warnings = project_warnings(obj)
        if not warnings:
            return _("No problems: the project meets the IATI rules checked here.")
        return format_html(
            '<ul class="messagelist iati-warnings">{}</ul>',
            format_html_join("", '<li class="warning">{}</li>', ((w.message,) for w in warnings)),
        )


@admin.register(Workshop)
class WorkshopAdmin(ContentAdmin):
    list_display = ["title", "project", "date", "location", "has_report", "photo_thumbnail"]
    list_filter = ["project", "facilitators"]
    search_fields = [
        "title_nl",
        "title_en",
        "location_nl",
        "location_en",
        "project__title_nl",
        "project__project_code",
    ]
    autocomplete_fields = ["project", "facilitators"]
    list_select_related = ["project", "photo"]
    fields = ["project", *WorkshopInline.row_fields]
    photo_thumbnail = staticmethod(photo_thumbnail)
    review_parent = "project"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # The photo is chosen from the library (photos.admin.PhotoChooser).
        kwargs = photo_chooser(self, db_field, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("report"), boolean=True)
    def has_report(self, obj):
        return bool(obj.report)


@admin.register(CallToAction)
class CallToActionAdmin(ContentAdmin):
    list_display = ["heading", "button_label", "starts_at", "ends_at", "is_shown", "placements"]
    search_fields = ["heading_nl", "heading_en", "button_label_nl"]
    fieldsets = [
        (None, {"fields": ["heading", "text", "button_label", "url"]}),
        (_("Photo"), {"fields": ["photo", "photo_alt", "photo_caption"]}),
        (_("When"), {"fields": [("starts_at", "ends_at")]}),
    ]
    photo_thumbnail = staticmethod(photo_thumbnail)
    # One or two sentences: a small box.
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3})},
        models.DateTimeField: {"widget": LabelledSplitDateTime},
    }

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # The photo is chosen from the library (photos.admin.PhotoChooser).
        kwargs = photo_chooser(self, db_field, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("shown now"), boolean=True)
    def is_shown(self, obj):
        now = timezone.now()
        return (obj.starts_at is None or obj.starts_at <= now) and (
            obj.ends_at is None or obj.ends_at > now
        )

    @admin.display(description=_("placed on"))
    def placements(self, obj):
        places = [str(OverviewPage._meta.verbose_name) for _page in obj.overview_pages.all()]
        places += [project.title for project in obj.projects.all()]
        return ", ".join(places) or "-"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("photo")
            .prefetch_related("overview_pages", "projects")
        )


@admin.register(Result)
class ResultAdmin(ContentAdmin):
    review_parent = "project"
    list_display = [
        "statement",
        "year",
        "value_shown",
        "unit",
        "target_shown",
        "project",
        "sort_order",
    ]
    list_display_links = ["statement"]
    list_editable = ["sort_order"]
    list_filter = ["year", ("project", admin.EmptyFieldListFilter), "project"]
    search_fields = ["statement_nl", "statement_en", "project__title_nl", "project__project_code"]
    autocomplete_fields = ["project"]
    list_select_related = ["project"]
    fields = ["project", *ResultInline.row_fields, "status"]

    def get_changelist_formset(self, request, **kwargs):
        return labelled_rows(super().get_changelist_formset(request, **kwargs))

    # The figures as typed in the form ("450", "1.250", "12,5"), not "450,00".
    @admin.display(description=_("number"), ordering="value")
    def value_shown(self, obj):
        return number_text(obj.value) if obj.value is not None else "-"

    @admin.display(description=_("target"), ordering="target")
    def target_shown(self, obj):
        return number_text(obj.target) if obj.target is not None else "-"
