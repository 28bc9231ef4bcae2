from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .seo import absolute_url


@require_GET
@cache_control(max_age=60 * 60 * 24, public=True)
def robots_txt(request):
    """robots.txt: everything public may be crawled except the back office; where the
    sitemap is."""
    context = {
        "disallowed": [reverse("admin:index"), reverse("set_language")],
        "sitemap_url": absolute_url(request, reverse("sitemap")),
    }
    return render(request, "robots.txt", context, content_type="text/plain; charset=utf-8")
