from vwn_projects.seo import TranslatedSitemap

from .models import PartnerOrganisation


class PartnerSitemap(TranslatedSitemap):
    changefreq = "yearly"
    priority = 0.4

    def items(self):
        return PartnerOrganisation.objects.published().order_by("name", "pk")
