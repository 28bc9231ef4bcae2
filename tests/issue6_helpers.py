"""Builders for the history, security and backup tests (issue 6).

Kept apart from tests/factories.py so the branches merge cleanly; small on purpose.
"""

import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from partners.models import FundingSource, PartnerOrganisation
from projects.models import Country, Project

_counter = itertools.count(1)


def image_bytes(size=(64, 48), fmt="JPEG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 40)).save(buffer, fmt)
    return buffer.getvalue()


def image_upload(name="photo.jpg", size=(64, 48), fmt="JPEG", content_type=None):
    return SimpleUploadedFile(
        name, image_bytes(size, fmt), content_type=content_type or f"image/{fmt.lower()}"
    )


def pdf_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (200, 280), "white").save(buffer, "PDF")
    return buffer.getvalue()


def make_country(iso_code, **fields):
    n = next(_counter)
    defaults = {"name_nl": f"Land {n}", "name_en": f"Country {n}", "slug_nl": f"land-{n}"}
    return Country.objects.create(iso_code=iso_code, **{**defaults, **fields})


def make_project(countries=(), published=True, **fields):
    n = next(_counter)
    defaults = {
        "title_nl": f"Project {n}",
        "slug_nl": f"project-{n}",
        "body_nl": f"<p>Wat we doen in project {n}.</p>",
        "status": Project.Status.PUBLISHED if published else Project.Status.DRAFT,
    }
    project = Project.objects.create(**{**defaults, **fields})
    project.countries.set(countries)
    return project


def make_partner(**fields):
    n = next(_counter)
    defaults = {"name_nl": f"Partner {n}", "slug_nl": f"partner-{n}"}
    return PartnerOrganisation.objects.create(**{**defaults, **fields})


def make_funder(**fields):
    n = next(_counter)
    defaults = {"name_nl": f"het fonds {n}", "slug": f"fonds-{n}"}
    return FundingSource.objects.create(**{**defaults, **fields})
