from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    """Partner organisations and funding sources: reference data that projects point at.

    Their public pages are projects' (a partner is public only through its projects).
    May import: editorial, translations, content, iati.
    """

    name = "partners"
    verbose_name = _("partners and funders")
