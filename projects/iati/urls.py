from django.urls import path

from . import views

app_name = "iati"

# Not language-prefixed: one file holds both languages.
urlpatterns = [
    path("activities.xml", views.activities, name="activities"),
    path("activities/<str:identifier>.xml", views.activity, name="activity"),
]
