"""Small helpers that build test data; each test builds what it needs."""

import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from django_countries import countries
from PIL import Image

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

_counter = itertools.count(1)


def _n():
    return next(_counter)


def image_upload(name="photo.jpg", size=(320, 200), fmt="JPEG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 40)).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def pdf_upload(name="report.pdf", body=b"example"):
    content = b"%PDF-1.4\n" + body + b"\n%%EOF\n"
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def make_country(**fields):
    n = _n()
    defaults = {
        "iso_code": fields.pop("iso_code", None) or _free_iso_code(),
        "name_nl": f"Land {n}",
        "name_en": f"Country {n}",
        "slug_nl": f"land-{n}",
        "slug_en": f"country-{n}",
        "situation_nl": f"<p>Situatie in land {n}.</p>",
        "situation_en": f"<p>Situation in country {n}.</p>",
        "sort_order": n,
    }
    defaults.update(fields)
    return Country.objects.create(**defaults)


def _free_iso_code():
    used = set(Country.objects.values_list("iso_code", flat=True))
    return next(code for code, _name in countries if code not in used)


def make_partner(**fields):
    n = _n()
    defaults = {
        "name_nl": f"Partner {n}",
        "slug_nl": f"partner-{n}",
        "website": f"https://partner{n}.example.org/",
        "home_country": "NL",
    }
    defaults.update(fields)
    return PartnerOrganisation.objects.create(**defaults)


def make_funder(**fields):
    n = _n()
    defaults = {"name_nl": f"het fonds {n}", "name_en": f"the fund {n}", "slug": f"fonds-{n}"}
    defaults.update(fields)
    return FundingSource.objects.create(**defaults)


def make_project(countries=None, published=True, **fields):
    n = _n()
    defaults = {
        "title_nl": f"Project {n}",
        "title_en": f"Project {n} (en)",
        "slug_nl": f"project-{n}",
        "slug_en": f"project-{n}-en",
        "body_nl": f"<p>Wat we doen in project {n}.</p>",
        "body_en": f"<p>What we do in project {n}.</p>",
        "status": Project.Status.PUBLISHED if published else Project.Status.DRAFT,
        "sort_order": n,
    }
    defaults.update(fields)
    project = Project.objects.create(**defaults)
    project.countries.set(countries if countries is not None else [make_country()])
    return project


def make_full_project(countries=None, **fields):
    """A project with a partner, a funder, a workshop (with facilitator), a video and a link."""
    project = make_project(countries=countries, duration_months=12, **fields)
    partner = make_partner()
    ProjectPartner.objects.create(project=project, partner=partner)
    ProjectFunding.objects.create(project=project, funder=make_funder(parent=make_funder()))
    workshop = Workshop.objects.create(project=project, title_nl=f"Workshop {project.pk}")
    workshop.facilitators.add(make_partner())
    Video.objects.create(
        project=project, url="https://www.youtube.com/watch?v=abcdefghijk", title_nl="Film"
    )
    ProjectLink.objects.create(
        project=project, label_nl="Meer lezen", url_nl="https://example.org/"
    )
    return project
