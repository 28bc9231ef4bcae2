from django.conf import settings
from django.db.models import Max
from django.urls import reverse

from website.seo import TranslatedSitemap

from .listing import used_themes
from .models import Country, OverviewPage, Project
from .public import public_funders, public_partners


class OverviewSitemap(TranslatedSitemap):
    changefreq = "monthly"
    priority = 1.0

    def items(self):
        return [OverviewPage.load()]

    def location(self, item):
        return reverse("projects:overview")

    def lastmod(self, item):
        return item.updated_at


class CompletedProjectsSitemap(TranslatedSitemap):
    """The completed-projects listing, while there are completed projects."""

    changefreq = "yearly"
    priority = 0.5

    def items(self):
        return [OverviewPage.load()] if Project.objects.completed().exists() else []

    def location(self, item):
        return reverse("projects:completed_projects")


class CountrySitemap(TranslatedSitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Country.objects.published().order_by("sort_order", "pk")

    def lastmod(self, item):
        return item.updated_at


class ProjectSitemap(TranslatedSitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Project.objects.published().order_by("sort_order", "pk")

    def lastmod(self, item):
        return item.updated_at


class PartnerSitemap(TranslatedSitemap):
    changefreq = "yearly"
    priority = 0.4

    def items(self):
        return public_partners().order_by("name", "pk")


class ProjectListSitemap(TranslatedSitemap):
    """The list of all projects (without filters: filtered lists are not indexed)."""

    changefreq = "weekly"
    priority = 0.7

    def items(self):
        # The item is the overview page (whose languages the list shares), dated by the
        # newest change of a published project.
        newest = Project.objects.published().aggregate(newest=Max("updated_at"))["newest"]
        if newest is None:
            return []
        page = OverviewPage()
        page.updated_at = newest
        return [page]

    def location(self, item):
        return reverse("projects:project_list")

    def lastmod(self, item):
        return item.updated_at


class FunderSitemap(TranslatedSitemap):
    changefreq = "yearly"
    priority = 0.4

    def items(self):
        return public_funders().order_by("name", "pk")

    def location(self, item):
        return reverse("projects:funder_detail", kwargs={"slug": item.slug})


class ThemeSitemap(TranslatedSitemap):
    """A page per theme (IATI sector) of the published projects, in every language: the
    theme's name is the codelist's, translated with the interface."""

    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return [code for code, _name in used_themes()]

    def get_languages_for_item(self, item):
        return [code for code, _name in settings.LANGUAGES]

    def location(self, item):
        return reverse("projects:theme_detail", kwargs={"code": item})


class OpenDataSitemap(TranslatedSitemap):
    """The page that describes the open data (IATI, the API, CSV, the feed)."""

    changefreq = "yearly"
    priority = 0.3

    def items(self):
        return [OverviewPage.load()]

    def location(self, item):
        return reverse("projects:open_data")


class ResultsOverviewSitemap(TranslatedSitemap):
    """The work at a glance, while there are published projects."""

    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return [OverviewPage.load()] if Project.objects.published().exists() else []

    def location(self, item):
        return reverse("projects:results_overview")
