from django.db.models import Prefetch
from django.utils.decorators import method_decorator
from django.views.generic import DetailView, TemplateView

from vwn_projects.i18n import NamedURLLanguagesMixin, TranslatedSlugMixin
from vwn_projects.page_cache import cache_public_page

from .models import Country, OverviewPage, Project, ProjectFunding, ProjectPartner


def published_projects():
    """Published projects with everything their sections show, in a fixed number of queries.

    A foreign key is joined into its rows' query (select_related) rather than fetched
    separately; only the many-to-many facilitators need a query of their own.
    """
    return Project.objects.published().prefetch_related(
        Prefetch("partnerships", queryset=ProjectPartner.objects.select_related("partner")),
        Prefetch("fundings", queryset=ProjectFunding.objects.select_related("funder")),
        "videos",
        "links",
        "workshops__facilitators",
    )


def ordered_countries():
    return Prefetch("countries", queryset=Country.objects.order_by("sort_order", "name"))


@method_decorator(cache_public_page, name="dispatch")
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


@method_decorator(cache_public_page, name="dispatch")
class CountryDetailView(TranslatedSlugMixin, DetailView):
    template_name = "projects/country_detail.html"
    context_object_name = "country"

    def get_queryset(self):
        return Country.objects.published().prefetch_related(
            Prefetch("projects", queryset=published_projects(), to_attr="published_projects")
        )


@method_decorator(cache_public_page, name="dispatch")
class ProjectDetailView(TranslatedSlugMixin, DetailView):
    template_name = "projects/project_detail.html"
    context_object_name = "project"

    def get_queryset(self):
        return published_projects().prefetch_related(ordered_countries())
