"""The IATI open-data files; not language-prefixed: one file holds both languages."""

from django.urls import path

from . import views

app_name = "iati"

urlpatterns = [
    path("activities.xml", views.iati_activities, name="activities"),
    path("activities/<str:identifier>.xml", views.iati_activity, name="activity"),
    path("organisation.xml", views.iati_organisation, name="organisation"),
]
