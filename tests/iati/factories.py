"""Small builders for the IATI tests."""

from decimal import Decimal

from django.core.files.base import ContentFile

from partners.models import FundingSource, PartnerOrganisation
from projects.models import Country, Project, ProjectFunding, ProjectPartner, Workshop


def make_country(iso_code="TR", **kwargs):
    defaults = {"name_nl": f"Land {iso_code}", "slug_nl": f"land-{iso_code.lower()}"}
    return Country.objects.create(iso_code=iso_code, **{**defaults, **kwargs})


_counter = iter(range(1, 10_000))


def make_project(countries=(), status=Project.Status.PUBLISHED, **kwargs):
    number = next(_counter)
    defaults = {
        "title_nl": f"Project {number}",
        "slug_nl": f"project-{number}",
        "summary_nl": "Een korte samenvatting.",
        "status": status,
    }
    project = Project.objects.create(**{**defaults, **kwargs})
    project.countries.set(countries)
    return project


def make_partner(name="Centre for Democracy and Human Rights", **kwargs):
    number = next(_counter)
    return PartnerOrganisation.objects.create(name_nl=name, slug_nl=f"partner-{number}", **kwargs)


def make_funder(name="het ministerie van Buitenlandse Zaken", **kwargs):
    number = next(_counter)
    return FundingSource.objects.create(name_nl=name, slug=f"funder-{number}", **kwargs)


def add_partner(project, partner, role=ProjectPartner.Role.LOCAL_PARTNER):
    return ProjectPartner.objects.create(project=project, partner=partner, role=role)


def add_funding(project, funder, amount=None, currency="EUR"):
    return ProjectFunding.objects.create(
        project=project,
        funder=funder,
        amount=Decimal(amount) if amount is not None else None,
        currency=currency,
    )


def add_workshop_with_report(project, **kwargs):
    workshop = Workshop(project=project, title_nl="Asielprocedures", **kwargs)
    workshop.report.save("verslag.pdf", ContentFile(b"%PDF-1.4 example"), save=False)
    workshop.save()
    return workshop
