from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from content.admin import thumbnail
from editorial.admin import ContentAdmin

from .models import FundingSource, PartnerOrganisation


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(ContentAdmin):
    list_display = ["name", "acronym", "kind", "home_country", "website", "logo_thumbnail"]
    list_filter = ["kind", "home_country"]
    search_fields = ["name_nl", "name_en", "acronym", "website"]
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = [
        (None, {"fields": ["name", "acronym", "slug", "kind", "home_country", "website"]}),
        (_("About the organisation"), {"fields": ["description", "logo"]}),
        (_("Open data (IATI)"), {"fields": ["iati_identifier", "iati_org_type"]}),
    ]
    logo_thumbnail = thumbnail("logo", _("logo"))


@admin.register(FundingSource)
class FundingSourceAdmin(ContentAdmin):
    list_display = ["name", "kind", "parent", "website"]
    list_filter = ["kind"]
    search_fields = ["name_nl", "name_en"]
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["parent"]
    fields = [
        "name",
        "slug",
        "kind",
        "parent",
        "website",
        "description",
        ("iati_identifier", "iati_org_type"),
    ]
