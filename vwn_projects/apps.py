from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The project package as an app: shared templates and management commands."""

    name = "vwn_projects"
    verbose_name = "VluchtelingenWerk"

    def ready(self):
        from django.conf import settings
        from PIL import Image

        # Pillow refuses to open an image of more than twice this many pixels anywhere in
        # the site (decompression bombs); the upload validators refuse more than this.
        Image.MAX_IMAGE_PIXELS = settings.MAX_IMAGE_PIXELS

        from vwn_projects import page_cache

        from . import checks  # noqa: F401  (registers the system checks)

        page_cache.connect_signals()
