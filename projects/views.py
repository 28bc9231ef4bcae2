from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView

from editorial.preview import PreviewablePage
from iati.builder import to_bytes
from website.i18n import NamedURLLanguagesMixin, TranslatedSlugMixin
from website.page_cache import cache_public_page
from website.seo import (
    PageMetaMixin,
    breadcrumb_data,
    build_page_meta,
    excerpt,
    item_list_data,
    web_page_data,
)

from . import seo
from .models import Country, OverviewPage, Project
from .open_data import iati_projects, project_code_from_identifier, projects_document
from .public import (
    completed_projects,
    load_country,
    load_partner,
    load_project,
    overview_countries,
    overview_programmes,
    overview_results,
    programmes_in_full,
    public_partners,
)


@method_decorator(cache_public_page, name="dispatch")
class OverviewView(PreviewablePage, NamedURLLanguagesMixin, PageMetaMixin, TemplateView):
    template_name = "projects/overview.html"
    url_name = "projects:overview"

    def find_object(self):
        return OverviewPage.load()

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        self.page = self.object
        self.countries = overview_countries()
        context = super().get_context_data(**kwargs)
        context["page"] = self.page
        context["countries"] = self.countries
        context["programmes"] = overview_programmes(self.countries)
        context["programmes_in_full"] = programmes_in_full(context["programmes"])
        context["results_by_year"] = overview_results(self.page.years_of_results)
        context["calls_to_action"] = (
            list(self.page.calls_to_action.active()) if self.page.pk is not None else []
        )
        context["has_completed_projects"] = Project.objects.completed().exists()
        return context

    def get_page_meta(self):
        page = self.page
        projects = list(
            {
                project.pk: project
                for country in self.countries
                for project in country.published_projects
            }.values()
        )
        # The overview has no photo of its own: links to it show the site's share image.
        meta = build_page_meta(
            self.request,
            page,
            lambda: reverse(self.url_name),
            title=page.title or str(OverviewPage._meta.verbose_name),
            description=excerpt(page.meta_description) or excerpt(page.intro),
        )
        meta.structured_data.append(
            web_page_data(
                self.request,
                meta,
                page_type="CollectionPage",
                mainEntity=item_list_data(
                    {"@id": seo.project_id(self.request, p), "name": p.title} for p in projects
                ),
            )
        )
        return meta


@method_decorator(cache_public_page, name="dispatch")
class CompletedProjectsView(NamedURLLanguagesMixin, PageMetaMixin, TemplateView):
    """The projects whose work is done, per year: they keep their pages and addresses."""

    template_name = "projects/completed_projects.html"
    url_name = "projects:completed_projects"

    def get_context_data(self, **kwargs):
        self.years = completed_projects()
        context = super().get_context_data(**kwargs)
        context["years"] = self.years
        return context

    def get_page_meta(self):
        title = _("Completed projects")
        meta = build_page_meta(
            self.request,
            OverviewPage.load(),
            lambda: reverse(self.url_name),
            title=title,
            description=_(
                "Projects that VluchtelingenWerk Nederland completed outside the Netherlands, "
                "per year."
            ),
        )
        projects = [project for _year, group in self.years for project in group]
        meta.structured_data.append(
            web_page_data(
                self.request,
                meta,
                page_type="CollectionPage",
                breadcrumb=breadcrumb_data(self.request, meta.title, meta.canonical_url),
                mainEntity=item_list_data(
                    {"@id": seo.project_id(self.request, p), "name": p.title} for p in projects
                ),
            )
        )
        return meta


@method_decorator(cache_public_page, name="dispatch")
class CountryDetailView(PreviewablePage, TranslatedSlugMixin, PageMetaMixin, DetailView):
    template_name = "projects/country_detail.html"
    context_object_name = "country"

    def get_queryset(self):
        return Country.objects.published()

    def find_object(self):
        return TranslatedSlugMixin.get_object(self)

    def load(self, obj):
        # The projects' structured data names all their countries: they are fetched too.
        return load_country(obj)

    def get_page_meta(self):
        country = self.object
        projects = country.published_projects
        image = next(
            (found for p in projects if (found := seo.project_share_image(self.request, p))), None
        )
        meta = build_page_meta(
            self.request,
            country,
            country.get_absolute_url,
            title=country.name,
            description=seo.country_description(country),
            image=image,
        )
        meta.structured_data.append(
            web_page_data(
                self.request,
                meta,
                about=seo.country_data(country),
                breadcrumb=breadcrumb_data(self.request, meta.title, meta.canonical_url),
                mainEntity=item_list_data(seo.project_data(self.request, p) for p in projects),
            )
        )
        return meta


@method_decorator(cache_public_page, name="dispatch")
class ProjectDetailView(PreviewablePage, TranslatedSlugMixin, PageMetaMixin, DetailView):
    template_name = "projects/project_detail.html"
    context_object_name = "project"

    def get_queryset(self):
        return Project.objects.published()

    def find_object(self):
        return TranslatedSlugMixin.get_object(self)

    def load(self, obj):
        return load_project(obj)

    def get_page_meta(self):
        project = self.object
        image = seo.project_share_image(self.request, project)
        meta = build_page_meta(
            self.request,
            project,
            project.get_absolute_url,
            title=project.title,
            description=seo.project_description(project),
            image=image,
            og_type="article",
        )
        meta.structured_data.append(seo.project_data(self.request, project, image))
        meta.structured_data.append(
            web_page_data(
                self.request,
                meta,
                breadcrumb=breadcrumb_data(self.request, meta.title, meta.canonical_url),
                mainEntity={"@id": seo.project_id(self.request, project)},
            )
        )
        return meta


@method_decorator(cache_public_page, name="dispatch")
class PartnerDetailView(PreviewablePage, TranslatedSlugMixin, PageMetaMixin, DetailView):
    """A partner organisation's page: public while it works in a published project."""

    template_name = "projects/partner_detail.html"
    context_object_name = "partner"

    def get_queryset(self):
        return public_partners()

    def find_object(self):
        return TranslatedSlugMixin.get_object(self)

    def load(self, obj):
        return load_partner(obj)

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


# Open data (IATI) -----------------------------------------------------------------------

IATI_CONTENT_TYPE = "application/xml; charset=utf-8"


def iati_response(projects):
    if not projects:
        # The schema requires at least one activity in a file.
        raise Http404(_("No published projects."))
    return HttpResponse(to_bytes(projects_document(projects)), content_type=IATI_CONTENT_TYPE)


@cache_public_page
def iati_activities(request):
    """Every published project as one IATI activities file."""
    return iati_response(list(iati_projects()))


@cache_public_page
def iati_activity(request, identifier):
    """One published project's IATI activity, by its IATI identifier."""
    code = project_code_from_identifier(identifier)
    if code is None:
        raise Http404(_("Not an activity identifier of this organisation."))
    return iati_response(list(iati_projects().filter(project_code=code)))
