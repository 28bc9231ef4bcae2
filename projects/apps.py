from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    """Countries, projects and their inline rows, the overview texts, and everything the
    public gets from them: the pages (also the partners' pages), sitemaps and open data.

    May import: photos, partners, editorial, translations, website, content, iati.
    """

    name = "projects"
    verbose_name = _("projects")

    def ready(self):
        from . import checks, photo_uses, previews, public, signal_handlers  # noqa: F401 (checks, receivers, publication rules)

        previews.register()
