from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.generic import DetailView, TemplateView

from vwn_projects.i18n import NamedURLLanguagesMixin, TranslatedSlugMixin
from vwn_projects.page_cache import cache_public_page
from vwn_projects.seo import (
    PageMetaMixin,
    breadcrumb_data,
    build_page_meta,
    excerpt,
    item_list_data,
    web_page_data,
)

from . import seo
from .models import Country, OverviewPage, Project
from .public import load_country, load_project, overview_countries


@method_decorator(cache_public_page, name="dispatch")
class OverviewView(NamedURLLanguagesMixin, PageMetaMixin, TemplateView):
    template_name = "projects/overview.html"
    url_name = "projects:overview"

    def get_context_data(self, **kwargs):
        self.page = OverviewPage.load()
        self.countries = overview_countries()
        context = super().get_context_data(**kwargs)
        context["page"] = self.page
        context["countries"] = self.countries
        return context

    def get_page_meta(self):
        page = self.page
        projects = [project for country in self.countries for project in country.published_projects]
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
class CountryDetailView(TranslatedSlugMixin, PageMetaMixin, DetailView):
    template_name = "projects/country_detail.html"
    context_object_name = "country"

    def get_queryset(self):
        return Country.objects.published()

    def get_object(self, queryset=None):
        # The projects' structured data names all their countries: they are fetched too.
        return load_country(super().get_object(queryset))

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
class ProjectDetailView(TranslatedSlugMixin, PageMetaMixin, DetailView):
    template_name = "projects/project_detail.html"
    context_object_name = "project"

    def get_queryset(self):
        return Project.objects.published()

    def get_object(self, queryset=None):
        return load_project(super().get_object(queryset))

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
