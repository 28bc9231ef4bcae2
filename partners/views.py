from django.db.models import Prefetch
from django.utils.decorators import method_decorator
from django.views.generic import DetailView

from vwn_projects.i18n import TranslatedSlugMixin
from vwn_projects.page_cache import cache_public_page
from vwn_projects.seo import PageMetaMixin, breadcrumb_data, build_page_meta, web_page_data

from . import seo
from .models import PartnerOrganisation

# partners never imports projects: the project model is reached through the relation
# the projects app declares, and its own .published() rule is reused.
Project = PartnerOrganisation._meta.get_field("projects").related_model


@method_decorator(cache_public_page, name="dispatch")
class PartnerDetailView(TranslatedSlugMixin, PageMetaMixin, DetailView):
    template_name = "partners/partner_detail.html"
    context_object_name = "partner"

    def get_queryset(self):
        published = Project.objects.published()
        return PartnerOrganisation.objects.published().prefetch_related(
            Prefetch(
                "projects",
                queryset=published.prefetch_related(
                    # The same attribute projects.public gives the project pages.
                    Prefetch("countries", to_attr="public_countries")
                ).distinct(),
                to_attr="published_projects",
            ),
            Prefetch(
                "facilitated_workshops",
                queryset=self._published_workshops(published),
                to_attr="published_workshops",
            ),
        )

    @staticmethod
    def _published_workshops(published):
        Workshop = PartnerOrganisation._meta.get_field("facilitated_workshops").related_model
        return Workshop.objects.filter(project__in=published).select_related("project")

    def get_page_meta(self):
        partner = self.object
        meta = build_page_meta(
            self.request,
            partner,
            partner.get_absolute_url,
            title=str(partner),
            description=seo.partner_description(partner),
            image=seo.partner_share_image(self.request, partner),
        )
        data = seo.partner_data(self.request, partner, meta)
        meta.structured_data.append(data)
        meta.structured_data.append(
            web_page_data(
                self.request,
                meta,
                breadcrumb=breadcrumb_data(self.request, meta.title, meta.canonical_url),
                mainEntity={"@id": data["@id"]},
            )
        )
        return meta
