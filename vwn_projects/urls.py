from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from vwn_projects.health import healthz
from vwn_projects.media import media_urlpatterns

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("", include("projects.urls")),
    path("", include("partners.urls")),
)

urlpatterns += media_urlpatterns()

urlpatterns += [
    path("favicon.ico", RedirectView.as_view(url=settings.STATIC_URL + "img/favicon.svg"))
]
