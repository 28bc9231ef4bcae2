from django.conf import settings
from django.contrib import admin
from django.utils import translation
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

    def get_search_results(self, request, queryset, search_term):
        # Also by the home country's name in either language ("Montenegro", "Marokko"):
        # the field holds its code.
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        codes = home_country_codes(search_term)
        if codes:
            found |= queryset.filter(home_country__in=codes)
        return found, may_have_duplicates


def home_country_codes(search_term):
    """The codes of the home countries whose name (Dutch or English) contains
    ``search_term``."""
    term = search_term.strip().casefold()
    if len(term) < 3:
        return set()
    choices = PartnerOrganisation._meta.get_field("home_country").countries
    codes = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            codes.update(code for code, name in choices if term in str(name).casefold())
    return codes


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
