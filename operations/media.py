"""The one place where the site itself serves uploaded media.

In production the reverse proxy serves MEDIA_ROOT at MEDIA_URL (see README, Production);
with DEBUG or SERVE_MEDIA=true (`make serve` without a proxy) these URLs do it instead.
Headers for uploaded files belong here too, so proxy and site behave alike.
"""

from django.conf import settings
from django.http import Http404
from django.urls import re_path

from operations import security


def serve_media(request, path):
    if not (settings.DEBUG or settings.SERVE_MEDIA):
        raise Http404("Media files are served by the web server.")
    # nosniff, a sandboxing CSP and PDFs as downloads: operations.security.media_headers.
    response = security.serve_media(request, path)
    # An upload may be replaced under the same name, so keep it an hour, not forever;
    # serve() answers If-Modified-Since with 304.
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


def media_urlpatterns():
    prefix = settings.MEDIA_URL.lstrip("/")
    return [re_path(rf"^{prefix}(?P<path>.*)$", serve_media, name="media")]
