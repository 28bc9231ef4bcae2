from django.db.models import Prefetch
from django.views.generic import DetailView, TemplateView

from vwn_projects.i18n import NamedURLLanguagesMixin, TranslatedSlugMixin

from .models import Country, OverviewPage, Project, ProjectFunding, ProjectPartner


def published_projects(with_countries=False):
    """Published projects with everything their sections show, in a fixed number of queries."""
    lookups = [
        Prefetch("partnerships", queryset=ProjectPartner.objects.select_related("partner")),
        Prefetch("fundings", queryset=ProjectFunding.objects.select_related("funder")),
        "videos",
        "links",
        "workshops__facilitators",
    ]
    if with_countries:
        lookups.append("countries")
    return Project.objects.published().prefetch_related(*lookups)


class OverviewView(NamedURLLanguagesMixin, TemplateView):
    template_name = "projects/overview.html"
    url_name = "projects:overview"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page"] = OverviewPage.load()
        context["countries"] = Country.objects.published().prefetch_related(
            Prefetch("projects", queryset=published_projects(), to_attr="published_projects")
        )
        return context


class CountryDetailView(TranslatedSlugMixin, DetailView):
    template_name = "projects/country_detail.html"
    context_object_name = "country"

    def get_queryset(self):
        return Country.objects.published().prefetch_related(
            Prefetch("projects", queryset=published_projects(), to_attr="published_projects")
        )


class ProjectDetailView(TranslatedSlugMixin, DetailView):
    template_name = "projects/project_detail.html"
    context_object_name = "project"

    def get_queryset(self):
        return published_projects(with_countries=True)
