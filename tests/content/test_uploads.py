"""Uploads are judged by content and their names are normalised."""

import io
import os
import re
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
    jpeg_bytes,
    make_country,
    make_editor,
    make_library_photo,
    make_partner,
    make_project,
    make_translator,
    pdf_bytes,
    pdf_document,
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

    # Its size and the limit, as for a smaller image over the limit.
    assert "900 miljoen pixels" in logo_errors(response)
    assert "40 miljoen" in logo_errors(response)
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


def pdf_with_objects_in_a_compressed_stream(catalog_entry):
    """A PDF whose catalogue entry lives in a compressed object stream, where no byte
    search can see it."""
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(pdf_document()))
    name, value = catalog_entry
    pdf.Root[name] = pdf.make_indirect(value)
    out = io.BytesIO()
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True)
    return out.getvalue()


def compressed_javascript():
    import pikepdf

    action = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    return pdf_with_objects_in_a_compressed_stream(("/OpenAction", action))


PDF_TRICKS = {
    "javascript-escaped-name": pdf_document(b"/OpenAction << /S /J#61vaScript /JS (1) >>"),
    "launch-escaped-name": pdf_document(b"/OpenAction << /S /L#61unch /F (calc.exe) >>"),
    "uri-open-action": pdf_document(b"/OpenAction << /S /URI /URI (https://evil.test/) >>"),
    "javascript-name-tree": pdf_document(
        b"/Names << /JavaScript << /Names [(x) 4 0 R] >> >>",
        objects=[b"<< /S /JavaScript /JS (app.alert(1)) >>"],
    ),
    "additional-action-on-page": pdf_document(page=b"/AA << /O << /S /GoTo /D [3 0 R] >> >>"),
    "uri-link-annotation": pdf_document(
        page=b"/Annots [4 0 R]",
        objects=[
            b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A 5 0 R >>",
            b"<< /S /U#52I /URI (https://evil.test/) >>",
        ],
    ),
    "submit-form-action": pdf_document(b"/OpenAction << /S /SubmitForm /F (https://x.test) >>"),
    "embedded-file": pdf_document(
        b"/Names << /EmbeddedFiles << /Names [(a.exe) 4 0 R] >> >>",
        objects=[
            b"<< /Type /Filespec /F (a.exe) /EF << /F 5 0 R >> >>",
            b"<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream",
        ],
    ),
    "file-attachment-annotation": pdf_document(
        page=b"/Annots [<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 9 9] >>]"
    ),
    "xfa-form": pdf_document(
        b"/AcroForm << /Fields [] /XFA 4 0 R >>",
        objects=[b"<< /Length 7 >>\nstream\n<xdp/>x\nendstream"],
    ),
    "html-behind-pdf-header": b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n",
    "no-pages": pdf_document().replace(b"/Kids [3 0 R] /Count 1", b"/Kids [] /Count 0"),
    "javascript-in-object-stream": compressed_javascript(),
}


@pytest.mark.parametrize("content", PDF_TRICKS.values(), ids=PDF_TRICKS.keys())
def test_pdf_tricks_are_refused_by_parsing_the_document(content):
    from django.core.exceptions import ValidationError

    from content.validators import validate_pdf_content

    with pytest.raises(ValidationError) as refused:
        validate_pdf_content(SimpleUploadedFile("report.pdf", content))
    assert refused.value.code in {"pdf_active_content", "not_pdf", "pdf_damaged"}


def test_a_refused_pdf_says_what_it_contains(admin_client):
    _workshop, response = workshop_report_form(
        admin_client, SimpleUploadedFile("report.pdf", PDF_TRICKS["uri-open-action"])
    )
    assert response.status_code == 200
    (message,) = response.context["adminform"].form.errors["report"]
    assert "links or actions" in message or "koppelingen" in message


@pytest.mark.parametrize(
    "catalog",
    [b"", b"/OpenAction [3 0 R /Fit]", b"/Outlines << /Count 0 >> /PageMode /UseOutlines"],
    ids=["plain", "open-at-page-one", "outline"],
)
def test_a_plain_pdf_with_internal_navigation_is_accepted(catalog):
    from content.validators import validate_pdf_content

    validate_pdf_content(SimpleUploadedFile("report.pdf", pdf_document(catalog)))


def test_a_truncated_jpeg_is_refused_with_a_message_at_upload(admin_client):
    whole = jpeg_bytes()
    cut = whole[: len(whole) * 2 // 3]  # the header is intact: only decoding finds out
    partner = make_partner()

    response = upload_logo(admin_client, partner, SimpleUploadedFile("logo.jpg", cut))

    assert "incomplete or damaged" in logo_errors(response) or "onvolledig" in logo_errors(response)
    assert not PartnerOrganisation.objects.get(pk=partner.pk).logo


def test_a_whole_jpeg_of_the_same_kind_is_accepted(admin_client):
    partner = make_partner()
    response = upload_logo(admin_client, partner, SimpleUploadedFile("logo.jpg", jpeg_bytes()))
    assert response.status_code == 302


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
        ("x.php.pdf", "x-php.pdf"),
        ("Vertrouwelijk verslag.pdf", "vertrouwelijk-verslag.pdf"),
        ("rapport.PDF.exe.pdf", "rapport-pdf-exe.pdf"),
    ],
)
def test_file_names_are_normalised(given, stored):
    assert normalise_filename(given) == stored


def test_uploaded_file_names_are_normalised_on_save(admin_client):
    partner = make_partner()
    upload_logo(admin_client, partner, image_upload("Logo Stichting Ëxample.PNG", fmt="PNG"))
    partner.refresh_from_db()
    # Normalised, then a random part so that the public name cannot be guessed.
    assert re.fullmatch(
        r"partners/logos/logo-stichting-example-[a-z0-9]{12}\.png", partner.logo.name
    )


def test_saving_again_with_files_already_stored_works(admin_client):
    """Stored files were checked on upload; a later save must not re-read (closed) files."""
    from django.core.files.base import ContentFile

    from projects.models import Project, Workshop

    project = make_project(countries=[make_country("KE")])
    project.photo = make_library_photo("photo.jpg", image_bytes(), alt="Een foto")
    project.save()
    workshop = Workshop(project=project, title_nl="Training", photo_alt_nl="Foto")
    workshop.photo = make_library_photo("w.jpg", image_bytes())
    workshop.report.save("r.pdf", ContentFile(pdf_bytes()), save=False)
    workshop.save()

    url = reverse("admin:projects_project_change", args=[project.pk])
    data = change_form_data(admin_client.get(url))
    data["title_en"] = "Saved again"
    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert Project.objects.get(pk=project.pk).title_en == "Saved again"


def test_a_name_taken_already_gets_a_lower_case_suffix(media_root):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    first = default_storage.save("workshops/reports/Verslag.pdf", ContentFile(b"1"))
    second = default_storage.save("workshops/reports/Verslag.pdf", ContentFile(b"2"))

    assert first == "workshops/reports/verslag.pdf"
    assert second != first
    assert second == second.lower() and second.startswith("workshops/reports/verslag-")
    assert second.endswith(".pdf") and second.count(".") == 1


def test_a_file_chosen_in_a_form_shown_again_with_errors_is_named_to_choose_again(admin_client):
    """The browser never refills a file input: the file the editor chose is named, so it
    is chosen again instead of missing silently after the next save."""
    partner = make_partner()
    url = reverse("admin:partners_partnerorganisation_change", args=[partner.pk])
    data = change_form_data(admin_client.get(url))
    data["logo"] = image_upload("logo-stichting.png", fmt="PNG")
    data["website"] = "geen adres"
    response = admin_client.post(url, data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "website" in errors
    assert "“logo-stichting.png” is niet geüpload: het formulier is niet opgeslagen." in (
        " ".join(errors["logo"])
    )
    assert not PartnerOrganisation.objects.get(pk=partner.pk).logo


def test_a_file_in_a_row_of_a_form_shown_again_is_named_too(admin_client):
    from tests.factories import make_workshop

    workshop = make_workshop(make_project())
    url = reverse("admin:projects_project_change", args=[workshop.project.pk])
    data = change_form_data(admin_client.get(url))
    prefix = next(
        k[: -len("-id")] for k in data if k.startswith("workshops-") and k.endswith("-id")
    )
    data[f"{prefix}-report"] = SimpleUploadedFile("verslag.pdf", pdf_bytes())
    data["title_nl"] = ""  # an error elsewhere in the form
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "“verslag.pdf” is niet geüpload" in response.content.decode()


def test_a_refused_file_keeps_its_own_error_only(admin_client):
    partner = make_partner()
    response = upload_logo(
        admin_client, partner, SimpleUploadedFile("logo.png", b"geen plaatje", "image/png")
    )
    assert "niet geüpload" not in logo_errors(response)
    assert logo_errors(response)


def test_a_photo_without_its_description_is_a_form_error_not_a_server_error(client):
    """A library photo asks for its description; the form shows it per language: the
    error stands at the Dutch description, and the editor's input is all still there."""
    client.force_login(make_editor())
    url = reverse("admin:photos_photo_add")
    data = change_form_data(client.get(url))
    data |= {
        "file": image_upload("foto.jpg"),
        "title": "Training",
        "alt_nl": "",
        "credit": "Jan Jansen",
        "people_shown": "False",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["alt_nl"] == ["Dit veld is verplicht."]
    assert form["credit"].value() == "Jan Jansen"


def test_an_error_for_a_field_the_form_does_not_show_is_the_forms_own():
    """A translator's form has no Dutch fields: the model's error about the Dutch photo
    description is the form's own error there."""
    from django.contrib import admin

    from projects.models import Project
    from translations.admin import SourceTextFormMixin

    project = make_project()
    form_class = admin.site._registry[Project].get_form(
        type("Request", (), {"user": make_translator()})(), project
    )
    form = form_class(instance=project, data={})
    assert isinstance(form, SourceTextFormMixin) and "photo_alt_nl" not in form.fields
    form.cleaned_data = {}
    form.add_error(None, {"photo_alt": "Beschrijf de foto."})
    assert form.non_field_errors() == ["Beschrijf de foto."]
