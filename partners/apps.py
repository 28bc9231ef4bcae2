from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("partners and funders")

    def ready(self):
        # History after modeltranslation has added the _nl/_en fields (see vwn_projects.history).
        from vwn_projects.history import track

        from . import models

        track(models.PartnerOrganisation)
        track(models.FundingSource)
