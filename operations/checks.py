"""System checks for settings this project adds.

Checks tagged "configuration" are about settings whoever runs the site must get right;
the admin home page shows their findings to superusers (``templatetags/site_checks.py``).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, register


@register("configuration")
def check_site_url(app_configs, **kwargs):
    """SITE_URL, when set, is an origin such as https://projecten.vluchtelingenwerk.nl."""
    if not settings.SITE_URL:
        return []
    parts = urlsplit(settings.SITE_URL)
    if parts.scheme in ("http", "https") and parts.netloc and parts.path in ("", "/"):
        return []
    return [
        Error(
            f"SITE_URL must be a scheme and host only, e.g. https://example.org; "
            f"got {settings.SITE_URL!r}.",
            id="operations.E001",
        )
    ]
