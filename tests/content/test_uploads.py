"""Uploads are judged by content and their names are normalised."""

import io
import os
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from content.storage import normalise_filename
from partners.models import PartnerOrganisation
from tests.admin_forms import change_form_data
from tests.factories import (
    image_bytes,
    image_upload,
    make_country,
    make_partner,
    make_project,
    pdf_bytes,
)

pytestmark = pytest.mark.django_db


def png_bomb(width=30_000, height=30_000):
    """A PNG of a few kilobytes that would decode to width × height pixels."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def upload_logo(client, partner, upload):
    url = reverse("admin:partners_partnerorganisation_change", args=[partner.pk])
    data = change_form_data(client.get(url))
    data["logo"] = upload
    return client.post(url, data)


def logo_errors(response):
    assert response.status_code == 200, "the upload was accepted"
    return " ".join(response.context["adminform"].form.errors.get("logo", []))


@pytest.mark.parametrize(("fmt", "name"), [("JPEG", "a.jpg"), ("PNG", "a.png"), ("WEBP", "a.webp")])
def test_jpeg_png_and_webp_are_accepted(admin_client, fmt, name):
    partner = make_partner()
    response = upload_logo(admin_client, partner, image_upload(name, fmt=fmt))
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.logo.name.endswith(name[1:])


def test_a_decompression_bomb_is_refused_with_a_form_error(admin_client):
    partner = make_partner()
    bomb = png_bomb()
    assert len(bomb) < 200_000  # small on disk, 900 million pixels decoded

    response = upload_logo(
        admin_client, partner, SimpleUploadedFile("bomb.png", bomb, content_type="image/png")
    )

    assert "pixels" in logo_errors(response)
    assert not PartnerOrganisation.objects.get(pk=partner.pk).logo


def test_an_image_over_the_pixel_limit_is_refused_with_its_size(admin_client, settings):
    settings.MAX_IMAGE_PIXELS = 100 * 100
    partner = make_partner()
    response = upload_logo(admin_client, partner, image_upload("big.png", (200, 200), "PNG"))
    assert "200 × 200" in logo_errors(response)


def test_a_file_over_the_size_limit_is_refused(admin_client, settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 10_000
    noise = Image.frombytes("RGB", (100, 100), os.urandom(30_000))
    buffer = io.BytesIO()
    noise.save(buffer, "PNG")
    partner = make_partner()
    response = upload_logo(admin_client, partner, SimpleUploadedFile("big.png", buffer.getvalue()))
    logo_errors(response)
    codes = [error.code for error in response.context["adminform"].form.errors.as_data()["logo"]]
    assert codes == ["file_too_large"]


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!doctype html><script>alert(document.cookie)</script>"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logo.svg", SVG),
        ("logo.png", SVG),  # SVG pretending to be a PNG
        ("logo.jpg", HTML),  # HTML pretending to be a JPEG
        ("logo.html", HTML),
        ("logo.gif", image_bytes(fmt="GIF")),  # a real image, but not an allowed format
        ("logo.png", image_bytes(fmt="JPEG")),  # a JPEG named .png
        ("logo.jpg", image_bytes(fmt="GIF")),  # a GIF named .jpg
        ("logo.jpg", image_bytes(fmt="JPEG")[:200]),  # truncated
    ],
)
def test_non_images_and_misleading_names_are_refused(admin_client, name, content):
    partner = make_partner()
    response = upload_logo(admin_client, partner, SimpleUploadedFile(name, content))
    assert logo_errors(response)
    assert not PartnerOrganisation.objects.get(pk=partner.pk).logo


def workshop_report_form(admin_client, upload):
    from projects.models import Workshop

    project = make_project(countries=[make_country("KE")])
    workshop = Workshop.objects.create(project=project, title_nl="Training")
    url = reverse("admin:projects_workshop_change", args=[workshop.pk])
    data = change_form_data(admin_client.get(url))
    data["report"] = upload
    return workshop, admin_client.post(url, data)


def test_a_real_pdf_report_is_accepted(admin_client):
    workshop, response = workshop_report_form(
        admin_client, SimpleUploadedFile("Verslag Sarajevo (def).PDF", pdf_bytes())
    )
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.report.name == "workshops/reports/verslag-sarajevo-def.pdf"


@pytest.mark.parametrize(
    "content",
    [
        HTML,
        image_bytes(),
        b"%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\n%%EOF",
        b"%PDF-1.4\nno end marker",
    ],
    ids=["html", "jpeg", "javascript", "truncated"],
)
def test_a_report_that_is_not_a_plain_pdf_is_refused(admin_client, content):
    workshop, response = workshop_report_form(
        admin_client, SimpleUploadedFile("report.pdf", content)
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["report"]


def test_a_report_over_the_size_limit_is_refused(admin_client, settings):
    settings.MAX_REPORT_UPLOAD_BYTES = 100
    _workshop, response = workshop_report_form(
        admin_client, SimpleUploadedFile("report.pdf", pdf_bytes())
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["report"]


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("Foto Kenia 2024.JPG", "foto-kenia-2024.jpg"),
        ("Ça va été.png", "ca-va-ete.png"),
        ("../../etc/passwd.png", "passwd.png"),
        ("photo.php.jpg", "photo-php.jpg"),
        ("<script>.png", "script.png"),
        ("Привет.webp", "file.webp"),
    ],
)
def test_file_names_are_normalised(given, stored):
    assert normalise_filename(given) == stored


def test_uploaded_file_names_are_normalised_on_save(admin_client):
    partner = make_partner()
    upload_logo(admin_client, partner, image_upload("Logo Stichting Ëxample.PNG", fmt="PNG"))
    partner.refresh_from_db()
    assert partner.logo.name == "partners/logos/logo-stichting-example.png"


def test_saving_again_with_files_already_stored_works(admin_client):
    """Stored files were checked on upload; a later save must not re-read (closed) files."""
    from django.core.files.base import ContentFile

    from projects.models import Project, Workshop

    project = make_project(countries=[make_country("KE")])
    project.photo.save("photo.jpg", ContentFile(image_bytes()), save=False)
    project.photo_alt_nl = "Een foto"
    project.save()
    workshop = Workshop(project=project, title_nl="Training", photo_alt_nl="Foto")
    workshop.photo.save("w.jpg", ContentFile(image_bytes()), save=False)
    workshop.report.save("r.pdf", ContentFile(pdf_bytes()), save=False)
    workshop.save()

    url = reverse("admin:projects_project_change", args=[project.pk])
    data = change_form_data(admin_client.get(url))
    data["title_en"] = "Saved again"
    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert Project.objects.get(pk=project.pk).title_en == "Saved again"
