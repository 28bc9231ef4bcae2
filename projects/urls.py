from django.urls import path
from django.utils.translation import pgettext_lazy

from . import exports, views

app_name = "projects"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path(
        pgettext_lazy("URL path", "completed-projects/"),
        views.CompletedProjectsView.as_view(),
        name="completed_projects",
    ),
    path(
        pgettext_lazy("URL path", "projects/<slug:slug>/"),
        views.ProjectDetailView.as_view(),
        name="project_detail",
    ),
    path(
        pgettext_lazy("URL path", "countries/<slug:slug>/"),
        views.CountryDetailView.as_view(),
        name="country_detail",
    ),
    path(
        pgettext_lazy("URL path", "partners/<slug:slug>/"),
        views.PartnerDetailView.as_view(),
        name="partner_detail",
    ),
    path(
        pgettext_lazy("URL path", "projects/"),
        views.ProjectListView.as_view(),
        name="project_list",
    ),
    path(
        pgettext_lazy("URL path", "projects.csv"),
        exports.ProjectListCSV.as_view(),
        name="project_list_csv",
    ),
    path(pgettext_lazy("URL path", "projects.atom"), exports.project_feed, name="feed"),
    path("open-data/", views.OpenDataView.as_view(), name="open_data"),
    path(
        pgettext_lazy("URL path", "at-a-glance/"),
        views.ResultsOverviewView.as_view(),
        name="results_overview",
    ),
    path(
        pgettext_lazy("URL path", "funders/<slug:slug>/"),
        views.FunderDetailView.as_view(),
        name="funder_detail",
    ),
    path(
        pgettext_lazy("URL path", "themes/<slug:code>/"),
        views.ThemeDetailView.as_view(),
        name="theme_detail",
    ),
]
