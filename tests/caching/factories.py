"""A small published project with one row of every kind, for the cache tests."""

from partners.models import FundingSource, PartnerOrganisation
from projects.models import (
    Country,
    Project,
    ProjectFunding,
    ProjectLink,
    ProjectPartner,
    Video,
    Workshop,
)


def make_project(**overrides):
    country = Country.objects.create(
        name_nl="Servië", name_en="Serbia", slug_nl="servie", slug_en="serbia", iso_code="RS"
    )
    partner = PartnerOrganisation.objects.create(
        name_nl="Belgrado Centrum", acronym="BCHR", slug_nl="bchr"
    )
    funder = FundingSource.objects.create(name_nl="de EU", name_en="the EU", slug="eu")
    fields = {
        "title_nl": "Asielprocedures in Servië",
        "title_en": "Asylum procedures in Serbia",
        "slug_nl": "asiel-servie",
        "slug_en": "asylum-serbia",
        "status": Project.Status.PUBLISHED,
        "body_nl": "<p>Oorspronkelijke tekst.</p>",
        "body_en": "<p>Original text.</p>",
    }
    project = Project.objects.create(**{**fields, **overrides})
    project.countries.add(country)
    ProjectPartner.objects.create(project=project, partner=partner)
    ProjectFunding.objects.create(project=project, funder=funder)
    workshop = Workshop.objects.create(project=project, title_nl="Opvang", title_en="Reception")
    workshop.facilitators.add(partner)
    Video.objects.create(
        project=project, url="https://www.youtube.com/watch?v=abcdefghijk", title_nl="Film"
    )
    ProjectLink.objects.create(
        project=project, label_nl="Website van de partner", url="https://example.org/"
    )
    return project
