from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from content.registry import register_content
from content.richtext import RichTextField
from content.validators import ImageField, image_validators
from iati.codelists import (
    FUNDER_KIND_ORGANISATION_TYPE,
    PARTNER_KIND_ORGANISATION_TYPE,
    IATICountries,
    OrganisationType,
    validate_organisation_identifier,
)


def iati_identifier_field():
    return models.CharField(
        _("IATI organisation identifier"),
        max_length=100,
        blank=True,
        validators=[validate_organisation_identifier],
        help_text=_(
            "The organisation's identifier in IATI open data, e.g. XM-DAC-7 for the Dutch "
            "Ministry of Foreign Affairs. Leave empty when unknown."
        ),
    )


def iati_org_type_field():
    return models.CharField(
        _("IATI organisation type"),
        max_length=2,
        choices=OrganisationType.choices,
        blank=True,
        help_text=_("Leave empty to derive it from the kind of organisation."),
    )


@register_content(
    main_text_fields=("description",),
    desk=_("partner organisations"),
    label_fields=("name", "acronym"),
    publishable=True,
)
class PartnerOrganisation(models.Model):
    class Kind(models.TextChoices):
        LOCAL_NGO = "local_ngo", _("local NGO")
        INTERNATIONAL_NGO = "international_ngo", _("international NGO or network")
        GOVERNMENT = "government", _("government body")
        KNOWLEDGE_INSTITUTE = "knowledge_institute", _("knowledge institute")
        INTERNATIONAL_ORGANISATION = "international_org", _("international organisation")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(
        _("acronym"), max_length=20, blank=True, help_text=_("For example CEDEM, CILC or ECRE.")
    )
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_("The last part of the web address. Lower case letters, digits and hyphens."),
    )
    website = models.URLField(_("website"), blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.LOCAL_NGO)
    # The same countries as places (Kosovo included), from IATI's Country codelist.
    home_country = CountryField(_("home country"), countries=IATICountries, blank=True)
    description = RichTextField(_("description"), blank=True)
    logo = ImageField(
        _("logo"),
        upload_to="partners/logos/",
        blank=True,
        validators=image_validators,
        width_field="logo_width",
        height_field="logo_height",
    )
    logo_width = models.PositiveIntegerField(editable=False, null=True)
    logo_height = models.PositiveIntegerField(editable=False, null=True)
    iati_identifier = iati_identifier_field()
    iati_org_type = iati_org_type_field()

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return reverse("projects:partner_detail", kwargs={"slug": self.slug})

    @property
    def logo_alt(self):
        """The logo's alt text, in the active language."""
        return gettext("Logo of %(name)s") % {"name": self.name}

    @property
    def organisation_type(self):
        """The IATI organisation type: the editor's choice, else derived from the kind."""
        return self.iati_org_type or PARTNER_KIND_ORGANISATION_TYPE.get(
            self.kind, OrganisationType.OTHER
        )


@register_content(desk=_("funding sources"), label_fields=("name",), publishable=True)
class FundingSource(models.Model):
    class Kind(models.TextChoices):
        EU = "eu", _("European Union")
        NATIONAL_GOVERNMENT = "national_government", _("national government")
        EMBASSY_FUND = "embassy_fund", _("embassy fund")
        FOUNDATION = "foundation", _("foundation")
        LOTTERY = "lottery", _("lottery")
        PRIVATE_DONORS = "private_donors", _("private donors")
        OTHER = "other", _("other")

    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_(
            'As it reads in a sentence, e.g. "de EU" or "het ministerie van Buitenlandse Zaken".'
        ),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_("The last part of the web address. Lower case letters, digits and hyphens."),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    website = models.URLField(_("website"), blank=True)
    description = RichTextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("The funder this one belongs to, e.g. the Matra fund belongs to the ministry."),
    )
    iati_identifier = iati_identifier_field()
    iati_org_type = iati_org_type_field()

    class Meta:
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        seen, parent = {self.pk}, self.parent
        while parent is not None:
            if parent.pk in seen:
                raise ValidationError(
                    {"parent": _("A funder cannot be part of itself, directly or through others.")}
                )
            seen.add(parent.pk)
            parent = parent.parent

    @property
    def organisation_type(self):
        """The IATI organisation type: the editor's choice, else derived from the kind."""
        return self.iati_org_type or FUNDER_KIND_ORGANISATION_TYPE.get(
            self.kind, OrganisationType.OTHER
        )

    @property
    def iati_ref(self):
        """Its own IATI identifier, else that of the funder it belongs to (a fund of a ministry)."""
        funder, seen = self, set()
        while funder is not None and funder.pk not in seen:
            if funder.iati_identifier:
                return funder.iati_identifier
            seen.add(funder.pk)
            funder = funder.parent
        return ""
