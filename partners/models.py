from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from vwn_projects.richtext import RichTextField
from vwn_projects.validators import ImageField, image_validators


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
    home_country = CountryField(_("home country"), blank=True)
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

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return reverse("partners:partner_detail", kwargs={"slug": self.slug})


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
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
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

    class Meta:
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        ordering = ["name"]

    def __str__(self):
        return self.name
