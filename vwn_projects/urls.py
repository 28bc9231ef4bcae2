from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from operations.health import healthz, liveness, readiness
from operations.media import media_urlpatterns
from projects.api import api
from projects.sitemaps import (
    CompletedProjectsSitemap,
    CountrySitemap,
    FunderSitemap,
    OpenDataSitemap,
    OverviewSitemap,
    PartnerSitemap,
    ProjectListSitemap,
    ProjectSitemap,
    ResultsOverviewSitemap,
    ThemeSitemap,
)
from website.views import robots_txt, sitemap

sitemaps = {
    "overview": OverviewSitemap,
    "completed": CompletedProjectsSitemap,
    "countries": CountrySitemap,
    "projects": ProjectSitemap,
    "partners": PartnerSitemap,
    "project_list": ProjectListSitemap,
    "funders": FunderSitemap,
    "themes": ThemeSitemap,
    "open_data": OpenDataSitemap,
    "at_a_glance": ResultsOverviewSitemap,
}

admin.site.site_header = _("VluchtelingenWerk: projects outside the Netherlands")
admin.site.site_title = _("VluchtelingenWerk back office")
admin.site.index_title = _("Content of the website")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("healthz/live", liveness, name="healthz-live"),
    path("healthz/ready", readiness, name="healthz-ready"),
    # The translators' desk, export and import live inside the admin.
    path("admin/translations/", include("translations.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("iati/", include("projects.open_data_urls")),
    # The read-only JSON API and its OpenAPI document (projects/api.py).
    path("api/v1/", api.urls),
    # Share-for-review links: one draft, no account (editorial/sharing.py).
    path("preview/", include("editorial.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
]

urlpatterns += i18n_patterns(
    path("", include("projects.urls")),
    path("", include("search.urls")),
)

# Uploaded files with nosniff and safe PDF downloads, when no proxy serves them.
urlpatterns += media_urlpatterns()

urlpatterns += [
    path("favicon.ico", RedirectView.as_view(url=settings.STATIC_URL + "img/favicon.svg"))
]

# 400, 404 and 500 are Django's handlers with templates/jinja2/<status>.html; in the admin a
# 403 explains what the user's role allows (operations/errors.py).
handler403 = "operations.errors.permission_denied"
# In the admin, a form refused for its size says that nothing was saved.
handler400 = "operations.errors.bad_request"
