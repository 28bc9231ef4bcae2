from django.urls import reverse

from website.seo import TranslatedSitemap

from .models import Country, OverviewPage, Project
from .public import public_partners


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
