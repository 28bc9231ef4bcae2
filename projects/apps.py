from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("projects")

    def ready(self):
        # History after modeltranslation has added the _nl/_en fields (see vwn_projects.history).
        from vwn_projects.history import track

        from . import models, signals  # noqa: F401 (connects the receivers)

        track(models.OverviewPage)
        track(models.Country)
        track(models.Project, m2m_fields=[models.Project.countries.field])
        track(models.ProjectPartner)
        track(models.ProjectFunding)
        track(models.Video)
        track(models.ProjectLink)
        track(models.Workshop, m2m_fields=[models.Workshop.facilitators.field])
