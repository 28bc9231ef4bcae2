from modeltranslation.translator import TranslationOptions, register

from .models import FundingSource, PartnerOrganisation


@register(PartnerOrganisation)
class PartnerOrganisationTranslationOptions(TranslationOptions):
    fields = ("name", "slug", "description")
    # An untranslated slug is NULL, so several untranslated rows don't collide.
    empty_values = {"slug": None}


@register(FundingSource)
class FundingSourceTranslationOptions(TranslationOptions):
    fields = ("name", "description")
