"""Small, explicit records and generated images for the design tests."""

import io

from django.core.files.base import ContentFile
from PIL import Image

from partners.models import PartnerOrganisation
from projects.models import Country, Project, Workshop


def image_bytes(width, height, image_format="JPEG", mode="RGB", exif=None):
    image = Image.new(mode, (width, height), (200, 80, 60, 128)[: len(mode)])
    buffer = io.BytesIO()
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(buffer, image_format, **kwargs)
    return buffer.getvalue()


def make_country(code="RS", name="Servië", slug="servie", **extra):
    return Country.objects.create(
        iso_code=code, name_nl=name, slug_nl=slug, slug_en=extra.pop("slug_en", slug), **extra
    )


def make_project(countries=(), slug="project", status=Project.Status.PUBLISHED, **extra):
    project = Project.objects.create(
        title_nl=extra.pop("title_nl", "Een project"),
        slug_nl=slug,
        status=status,
        **extra,
    )
    project.countries.set(countries)
    return project


def add_photo(obj, width=2000, height=1250, name="foto.jpg", alt="Twee mensen in gesprek"):
    obj.photo.save(name, ContentFile(image_bytes(width, height), name=name), save=False)
    obj.photo_alt_nl = alt
    obj.save()
    return obj


def make_workshop(project, **extra):
    return Workshop.objects.create(
        project=project, title_nl=extra.pop("title_nl", "Training"), **extra
    )


def make_partner(slug="partner", **extra):
    return PartnerOrganisation.objects.create(
        name_nl=extra.pop("name_nl", "Partner"), slug_nl=slug, **extra
    )
