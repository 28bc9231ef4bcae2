"""Mounted under /admin/translations/ (before the admin's own URLs) in vwn_projects/urls.py."""

from django.contrib import admin
from django.urls import path

from . import views

app_name = "translations"

urlpatterns = [
    path("", admin.site.admin_view(views.desk_view), name="desk"),
    path("export/", admin.site.admin_view(views.export_view), name="export"),
    path("import/", admin.site.admin_view(views.import_view), name="import"),
    path("imports/<int:pk>/", admin.site.admin_view(views.report_view), name="report"),
    path(
        "imports/<int:pk>/report.csv",
        admin.site.admin_view(views.report_csv_view),
        name="report_csv",
    ),
    path("addresses/", admin.site.admin_view(views.slugs_view), name="slugs"),
    path("glossary/", admin.site.admin_view(views.glossary_view), name="glossary"),
    path(
        "glossary.<str:file_format>",
        admin.site.admin_view(views.glossary_file_view),
        name="glossary_file",
    ),
    path("memory.tmx", admin.site.admin_view(views.memory_view), name="memory"),
    path("memory/import/", admin.site.admin_view(views.memory_import_view), name="memory_import"),
    path("language/", admin.site.admin_view(views.language_view), name="language"),
]
