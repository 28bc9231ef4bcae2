from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "partners"

urlpatterns = [
    path(
        pgettext_lazy("URL path", "partners/<slug:slug>/"),
        views.PartnerDetailView.as_view(),
        name="partner_detail",
    ),
]
