from django.db.models import Prefetch, Q
from django.utils.decorators import method_decorator
from django.views.generic import DetailView

from vwn_projects.i18n import TranslatedSlugMixin
from vwn_projects.page_cache import cache_public_page

from .models import PartnerOrganisation

# partners never imports projects: the project model is reached through the relation
# the projects app declares, and its own .published() rule is reused.
Project = PartnerOrganisation._meta.get_field("projects").related_model


@method_decorator(cache_public_page, name="dispatch")
class PartnerDetailView(TranslatedSlugMixin, DetailView):
    template_name = "partners/partner_detail.html"
    context_object_name = "partner"

    def get_queryset(self):
        published = Project.objects.published()
        visible = Q(projects__in=published) | Q(facilitated_workshops__project__in=published)
        return (
            PartnerOrganisation.objects.filter(
                pk__in=PartnerOrganisation.objects.filter(visible).values("pk")
            )
            .prefetch_related(
                Prefetch(
                    "projects",
                    queryset=published.prefetch_related("countries").distinct(),
                    to_attr="published_projects",
                ),
                Prefetch(
                    "facilitated_workshops",
                    queryset=self._published_workshops(published),
                    to_attr="published_workshops",
                ),
            )
        )

    @staticmethod
    def _published_workshops(published):
        Workshop = PartnerOrganisation._meta.get_field("facilitated_workshops").related_model
        return Workshop.objects.filter(project__in=published).select_related("project")
