from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The project package as an app: shared template tags, templates and commands."""

    name = "vwn_projects"
    verbose_name = "VluchtelingenWerk"

    def ready(self):
        from vwn_projects import page_cache

        page_cache.connect_signals()
