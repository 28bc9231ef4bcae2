import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from vwn_projects.security import serve_media

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("", include("projects.urls")),
    path("", include("partners.urls")),
)

if settings.DEBUG or settings.SERVE_MEDIA:
    # Uploaded files with nosniff and safe PDF downloads (vwn_projects.security.serve_media).
    urlpatterns += [
        re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$", serve_media)
    ]

urlpatterns += [path("favicon.ico", RedirectView.as_view(url=settings.STATIC_URL + "img/favicon.svg"))]
