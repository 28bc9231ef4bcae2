"""IATI 2.03 codelists (https://iatistandard.org/en/iati-standard/203/codelists/): the
choices of the content's IATI fields and the codes the export writes.

Only the codes this organisation needs are listed where the official list is long
(sectors, languages); membership of the others is complete for the version used.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries import Countries
from django_countries.data import COUNTRIES as ISO_COUNTRIES

from .codelist_data import COUNTRY_CODES, COUNTRY_NAMES, REGIONS

IATI_VERSION = "2.03"


class IATICountries(Countries):
    """IATI's Country codelist as the choices of a django-countries ``CountryField``:
    the ISO 3166-1 codes, named and translated by django-countries, and the codes IATI
    adds beyond ISO (``XK``, Kosovo), named here. Withdrawn codes are not offered."""

    only = [
        code if code in ISO_COUNTRIES else (code, COUNTRY_NAMES[code]) for code in COUNTRY_CODES
    ]


# IATI Region codelist, vocabulary 1 (OECD DAC): the regions an activity can be reported in.
REGION_VOCABULARY_DAC = "1"
REGION_CHOICES = sorted(REGIONS.items(), key=lambda item: int(item[0]))

# IATI organisation identifiers: registration agency prefix and number, e.g. XM-DAC-7 or
# NL-KVK-12345678; no spaces or the characters / & | ? that break identifiers.
ORGANISATION_IDENTIFIER = r"^[A-Z]{2}-[A-Za-z0-9]+-[A-Za-z0-9._-]+$"
validate_organisation_identifier = RegexValidator(
    ORGANISATION_IDENTIFIER,
    _("Enter an IATI organisation identifier such as XM-DAC-7 or NL-KVK-12345678."),
)


class OrganisationType(models.TextChoices):
    """IATI OrganisationType."""

    GOVERNMENT = "10", _("government")
    LOCAL_GOVERNMENT = "11", _("local government")
    OTHER_PUBLIC_SECTOR = "15", _("other public sector")
    INTERNATIONAL_NGO = "21", _("international NGO")
    NATIONAL_NGO = "22", _("national NGO")
    REGIONAL_NGO = "23", _("regional NGO")
    PARTNER_COUNTRY_NGO = "24", _("partner-country-based NGO")
    PUBLIC_PRIVATE_PARTNERSHIP = "30", _("public private partnership")
    MULTILATERAL = "40", _("multilateral")
    FOUNDATION = "60", _("foundation")
    PRIVATE_SECTOR = "70", _("private sector")
    PRIVATE_SECTOR_PROVIDER = "71", _("private sector in provider country")
    PRIVATE_SECTOR_RECIPIENT = "72", _("private sector in aid recipient country")
    PRIVATE_SECTOR_THIRD = "73", _("private sector in third country")
    ACADEMIC = "80", _("academic, training and research")
    OTHER = "90", _("other")


class OrganisationRole(models.TextChoices):
    """IATI OrganisationRole."""

    FUNDING = "1", _("funding")
    ACCOUNTABLE = "2", _("accountable")
    EXTENDING = "3", _("extending")
    IMPLEMENTING = "4", _("implementing")


class ActivityStatus(models.TextChoices):
    """IATI ActivityStatus."""

    PIPELINE = "1", _("pipeline/identification")
    IMPLEMENTATION = "2", _("implementation")
    FINALISATION = "3", _("finalisation")
    CLOSED = "4", _("closed")
    CANCELLED = "5", _("cancelled")
    SUSPENDED = "6", _("suspended")


class ActivityDateType(models.TextChoices):
    """IATI ActivityDateType."""

    PLANNED_START = "1", _("planned start")
    ACTUAL_START = "2", _("actual start")
    PLANNED_END = "3", _("planned end")
    ACTUAL_END = "4", _("actual end")


class DescriptionType(models.TextChoices):
    """IATI DescriptionType."""

    GENERAL = "1", _("general")
    OBJECTIVES = "2", _("objectives")
    TARGET_GROUPS = "3", _("target groups")
    OTHER = "4", _("other")


class Sector(models.TextChoices):
    """OECD DAC 5-digit purpose codes (IATI Sector vocabulary 1) relevant to this work."""

    SOCIAL_PROTECTION = "16010", _("16010 social protection")
    PUBLIC_SECTOR_POLICY = "15110", _("15110 public sector policy and administrative management")
    LEGAL_JUDICIAL = "15130", _("15130 legal and judicial development")
    IMMIGRATION = "15136", _("15136 immigration")
    DEMOCRATIC_PARTICIPATION = "15150", _("15150 democratic participation and civil society")
    HUMAN_RIGHTS = "15160", _("15160 human rights")
    WOMENS_RIGHTS = "15170", _("15170 women's rights organisations and movements")
    ORDERLY_MIGRATION = (
        "15190",
        _("15190 facilitation of orderly, safe, regular and responsible migration and mobility"),
    )
    PEACE_BUILDING = "15220", _("15220 civilian peace-building, conflict prevention and resolution")
    MATERIAL_RELIEF = "72010", _("72010 material relief assistance and services")
    RELIEF_COORDINATION = "72050", _("72050 relief co-ordination and support services")
    REFUGEES_IN_DONOR_COUNTRIES = "93010", _("93010 refugees/asylum seekers in donor countries")


SECTOR_VOCABULARY_DAC = "1"


class ResultType(models.TextChoices):
    """IATI ResultType."""

    OUTPUT = "1", _("output")
    OUTCOME = "2", _("outcome")
    IMPACT = "3", _("impact")
    OTHER = "9", _("other")


class IndicatorMeasure(models.TextChoices):
    """IATI IndicatorMeasure (the ones this site writes)."""

    UNIT = "1", _("unit")
    PERCENTAGE = "2", _("percentage")
    QUALITATIVE = "5", _("qualitative")


class DocumentCategory(models.TextChoices):
    """IATI DocumentCategory (the activity-level A codes)."""

    PRE_POST_APPRAISAL = "A01", _("pre- and post-project impact appraisal")
    OBJECTIVES = "A02", _("objectives / purpose of activity")
    BENEFICIARIES = "A03", _("intended ultimate beneficiaries")
    CONDITIONS = "A04", _("conditions")
    BUDGET = "A05", _("budget")
    CONTRACT_SUMMARY = "A06", _("summary information about contract")
    REVIEW = "A07", _("review of project performance and evaluation")
    RESULTS = "A08", _("results, outcomes and outputs")
    MOU = "A09", _("memorandum of understanding")
    TENDER = "A10", _("tender")
    CONTRACT = "A11", _("contract")
    WEB_PAGE = "A12", _("activity web page")


class Language(models.TextChoices):
    """ISO 639-1 languages (IATI Language) of the documents this organisation publishes."""

    DUTCH = "nl", _("Dutch")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    GERMAN = "de", _("German")
    TURKISH = "tr", _("Turkish")
    SERBIAN = "sr", _("Serbian")
    BOSNIAN = "bs", _("Bosnian")
    ALBANIAN = "sq", _("Albanian")
    ARABIC = "ar", _("Arabic")
    SWAHILI = "sw", _("Swahili")


class BudgetType(models.TextChoices):
    ORIGINAL = "1", _("original")
    REVISED = "2", _("revised")


class BudgetStatus(models.TextChoices):
    INDICATIVE = "1", _("indicative")
    COMMITTED = "2", _("committed")


# IATI Currency: ISO 4217 codes in use.
_CURRENCY_CODES = """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN
    BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR
    FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD
    JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK
    MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN
    PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL
    THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF XPF
    YER ZAR ZMW ZWL
"""
CURRENCIES = frozenset(_CURRENCY_CODES.split())

# The organisation type a partner or funder gets when an editor has not chosen one,
# from the kind the site already records.
PARTNER_KIND_ORGANISATION_TYPE = {
    "local_ngo": OrganisationType.PARTNER_COUNTRY_NGO,
    "international_ngo": OrganisationType.INTERNATIONAL_NGO,
    "government": OrganisationType.GOVERNMENT,
    "knowledge_institute": OrganisationType.ACADEMIC,
    "international_org": OrganisationType.MULTILATERAL,
    "other": OrganisationType.OTHER,
}
FUNDER_KIND_ORGANISATION_TYPE = {
    "eu": OrganisationType.MULTILATERAL,
    "national_government": OrganisationType.GOVERNMENT,
    "embassy_fund": OrganisationType.GOVERNMENT,
    "foundation": OrganisationType.FOUNDATION,
    "lottery": OrganisationType.FOUNDATION,
    "private_donors": OrganisationType.OTHER,
    "other": OrganisationType.OTHER,
}
