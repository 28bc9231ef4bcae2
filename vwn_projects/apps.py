from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The project package as an app: shared template tags, templates and commands."""

    name = "vwn_projects"
    verbose_name = "VluchtelingenWerk"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
