from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sites.requests import RequestSite
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from .seo import absolute_url


@require_safe
@cache_control(max_age=60 * 60 * 24, public=True)
def robots_txt(request):
    """robots.txt: everything public may be crawled except the back office; where the
    sitemap is."""
    context = {
        "disallowed": [reverse("admin:index"), reverse("set_language")],
        "sitemap_url": absolute_url(request, reverse("sitemap")),
    }
    return render(request, "robots.txt", context, content_type="text/plain; charset=utf-8")


def sitemap(request, sitemaps):
    """Django's sitemap view, with the host the request came to as the domain unless
    SITE_URL says otherwise (``seo.TranslatedSitemap.get_domain``)."""
    site = RequestSite(request)
    instances = {}
    for name, sitemap_class in sitemaps.items():
        instance = sitemap_class() if callable(sitemap_class) else sitemap_class
        instance.request_site = site
        instances[name] = instance
    return sitemap_views.sitemap(request, instances)
