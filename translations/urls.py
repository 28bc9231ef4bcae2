"""Mounted under /admin/translations/ (before the admin's own URLs) in vwn_projects/urls.py."""

from django.contrib import admin
from django.urls import path

from . import views

app_name = "translations"

urlpatterns = [
    path("", admin.site.admin_view(views.desk_view), name="desk"),
    path("export/", admin.site.admin_view(views.export_view), name="export"),
    path("import/", admin.site.admin_view(views.import_view), name="import"),
]
