"""Photos are stored and served without where, with what and by whom they were taken,
under names no one can guess."""

import io
import re
import struct

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image, ImageCms

from content import photo_metadata
from content.photo_metadata import without_metadata
from content.renditions import renditions
from content.storage import is_unguessable, normalise_filename, unguessable_name
from photos.models import Photo
from projects.models import Project
from tests.admin_forms import change_form_data
from tests.factories import make_partner, make_project

pytestmark = pytest.mark.django_db

# What the photographer's camera and software wrote, none of which may be published.
REVEALING = [b"Jan Jansen", b"SN-0042-XYZ", b"Canon", b"EOS 5D", b"Belgrado", b"xmpmeta"]

XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    b'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    b'xmlns:exif="http://ns.adobe.com/exif/1.0/"><dc:creator>Jan Jansen</dc:creator>'
    b"<exif:GPSLatitude>52,22.0N</exif:GPSLatitude><exif:GPSLongitude>4,53.0E"
    b"</exif:GPSLongitude></rdf:Description></rdf:RDF></x:xmpmeta>"
)
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def revealing_exif(orientation=6):
    """EXIF as a camera writes it: GPS 52°22'N 4°53'E, artist, copyright, make, model,
    serial number, a description, and the orientation (6: turn 90° to show upright)."""
    exif = Image.Exif()
    exif[ExifTags.Base.Artist] = "Jan Jansen"
    exif[ExifTags.Base.Copyright] = "(c) Jan Jansen"
    exif[ExifTags.Base.Make] = "Canon"
    exif[ExifTags.Base.Model] = "EOS 5D"
    exif[ExifTags.Base.ImageDescription] = "Workshop Belgrado"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps.update({1: "N", 2: (52.0, 22.0, 0.0), 3: "E", 4: (4.0, 53.0, 0.0)})
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.BodySerialNumber] = "SN-0042-XYZ"
    return exif


def picture(size=(96, 64), mode="RGB"):
    """An image with different pixels everywhere, so a lossless copy is easy to tell."""
    image = Image.linear_gradient("L").resize(size)
    if mode == "L":
        return image
    return Image.merge("RGB", [image, image.transpose(Image.Transpose.FLIP_LEFT_RIGHT), image])


def photo_bytes(fmt, **extra):
    buffer = io.BytesIO()
    options = {"exif": revealing_exif(), "xmp": XMP, "icc_profile": SRGB}
    if fmt == "JPEG":
        options |= {"comment": b"Jan Jansen, Belgrado", "quality": 90}
    if fmt == "WEBP":
        options |= {"lossless": True}
    picture().save(buffer, fmt, **(options | extra))
    return buffer.getvalue()


def jpeg_segment(marker, payload):
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def camera_jpeg():
    """A JPEG with everything a phone or a photo editor adds: EXIF (GPS, serial, artist),
    XMP, IPTC in Photoshop's block, a comment, a JFXX thumbnail and a second picture after
    the end of the first (as MPF previews are), itself with GPS."""
    iptc = b"\x1c\x02\x50" + struct.pack(">H", 10) + b"Jan Jansen"  # 2:80 By-line
    photoshop = b"Photoshop 3.0\x008BIM\x04\x04\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    thumbnail = io.BytesIO()
    picture((16, 16)).save(thumbnail, "JPEG", exif=revealing_exif())
    jfxx = b"JFXX\x00\x10" + thumbnail.getvalue()
    main = photo_bytes("JPEG")
    extra = jpeg_segment(0xED, photoshop) + jpeg_segment(0xE0, jfxx)
    return main[:2] + extra + main[2:] + thumbnail.getvalue()


PHOTOS = {
    "jpeg": ("JPEG", "workshop-training-belgrado.jpg", camera_jpeg),
    "png": ("PNG", "workshop-training-belgrado.png", lambda: photo_bytes("PNG")),
    "webp": ("WEBP", "workshop-training-belgrado.webp", lambda: photo_bytes("WEBP")),
}


def assert_nothing_revealing(data):
    found = [word for word in REVEALING if word in data]
    assert found == []
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
        assert not exif.get_ifd(ExifTags.IFD.Exif)
        assert set(exif) <= {ExifTags.Base.Orientation}
        assert "xmp" not in image.info and "XML:com.adobe.xmp" not in image.info
        assert "comment" not in image.info


def pixels(data):
    with Image.open(io.BytesIO(data)) as image:
        return image.convert("RGB").tobytes()


@pytest.mark.parametrize("kind", PHOTOS)
def test_the_test_photos_carry_what_a_camera_writes(kind):
    fmt, _name, make = PHOTOS[kind]
    data = make()
    assert all(word in data for word in REVEALING[:5])
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == fmt
        assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo)[2] == (52.0, 22.0, 0.0)


@pytest.mark.parametrize("kind", PHOTOS)
def test_the_rewrite_keeps_the_picture_its_orientation_and_colour_profile(kind):
    fmt, _name, make = PHOTOS[kind]
    original = make()

    cleaned = without_metadata(original)

    assert_nothing_revealing(cleaned)
    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.format == fmt
        assert image.size == (96, 64)
        assert image.getexif()[ExifTags.Base.Orientation] == 6
        assert image.info["icc_profile"] == SRGB
    # Not re-encoded: the very same pixels (JPEG too, so no quality is lost).
    assert pixels(cleaned) == pixels(original)
    assert without_metadata(cleaned) == cleaned  # nothing left to remove


def test_a_photo_without_metadata_is_stored_as_it_is():
    buffer = io.BytesIO()
    picture().save(buffer, "PNG")
    assert without_metadata(buffer.getvalue()) == buffer.getvalue()


def test_the_normal_orientation_leaves_no_exif_at_all():
    buffer = io.BytesIO()
    picture().save(buffer, "JPEG", exif=revealing_exif(orientation=1))
    cleaned = without_metadata(buffer.getvalue())
    assert b"Exif" not in cleaned
    assert_nothing_revealing(cleaned)


def test_a_cmyk_jpeg_keeps_the_adobe_segment_it_needs_to_show_its_colours():
    buffer = io.BytesIO()
    picture().convert("CMYK").save(buffer, "JPEG", exif=revealing_exif(), quality=95)
    original = buffer.getvalue()
    cleaned = without_metadata(original)
    assert_nothing_revealing(cleaned)
    assert b"Adobe" in cleaned
    assert pixels(cleaned) == pixels(original)


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_an_animation_keeps_its_frames(fmt):
    frames = [picture(), picture().rotate(180)]
    buffer = io.BytesIO()
    frames[0].save(
        buffer, fmt, save_all=True, append_images=frames[1:], exif=revealing_exif(), xmp=XMP
    )
    cleaned = without_metadata(buffer.getvalue())
    assert_nothing_revealing(cleaned)
    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.n_frames == 2


def test_a_file_the_rewrite_cannot_follow_is_reencoded_without_metadata(monkeypatch):
    def unknown(data, tiff):
        raise photo_metadata.UnknownStructure("for the test")

    monkeypatch.setattr(photo_metadata, "_jpeg", unknown)
    cleaned = without_metadata(camera_jpeg())
    assert_nothing_revealing(cleaned)
    with Image.open(io.BytesIO(cleaned)) as image:
        assert (image.format, image.size) == ("JPEG", (96, 64))
        assert image.getexif()[ExifTags.Base.Orientation] == 6
        assert image.info["icc_profile"] == SRGB


@pytest.mark.parametrize("kind", PHOTOS)
def test_an_uploaded_photo_is_served_without_its_metadata(client, media_root, kind):
    """Measured: /media/projects/photos/workshop-training-belgrado-v2.jpg answered 200 to
    anyone with the full GPS block and "Jan Jansen"; only the renditions were clean."""
    _fmt, name, make = PHOTOS[kind]
    project = make_project()
    project.photo = Photo(title=name, alt_nl="Deelnemers van de training", people_shown=False)
    project.photo.file.save(name, SimpleUploadedFile(name, make()))
    project.save()

    original = client.get(project.photo.file.url)
    assert original.status_code == 200
    assert_nothing_revealing(b"".join(original.streaming_content))
    served = renditions(Project.objects.get().photo.file)
    for rendition in served.sources["webp"] + served.fallback:
        response = client.get(rendition.url)
        assert response.status_code == 200
        assert_nothing_revealing(b"".join(response.streaming_content))


def test_a_photo_uploaded_in_the_admin_is_stored_without_its_metadata(admin_client, media_root):
    url = reverse("admin:photos_photo_add")
    data = change_form_data(admin_client.get(url))
    data |= {
        "file": SimpleUploadedFile("IMG_1234.JPG", camera_jpeg(), "image/jpeg"),
        "title": "Training",
        "alt_nl": "Deelnemers van de training",
        "people_shown": "False",
    }
    assert admin_client.post(url, data).status_code == 302

    stored = Photo.objects.get().file
    with stored.open("rb") as handle:
        assert_nothing_revealing(handle.read())
    assert (stored.width, stored.height) == (96, 64)


def test_a_logo_uploaded_in_the_admin_is_stored_without_its_metadata(admin_client, media_root):
    partner = make_partner()
    url = reverse("admin:partners_partnerorganisation_change", args=[partner.pk])
    data = change_form_data(admin_client.get(url))
    data["logo"] = SimpleUploadedFile("logo.png", photo_bytes("PNG"), "image/png")
    assert admin_client.post(url, data).status_code == 302
    partner.refresh_from_db()
    with partner.logo.open("rb") as handle:
        assert_nothing_revealing(handle.read())


def test_public_names_cannot_be_guessed_from_the_cameras_numbering(media_root):
    """Measured: names came from the uploader's file name alone (IMG_1234.JPG became
    img-1234.jpg), so a camera's numbering could be tried one by one."""
    names = []
    for _ in range(2):
        photo = Photo(title="Training", alt_nl="Training", people_shown=False)
        photo.file.save("IMG_1234.JPG", SimpleUploadedFile("x", camera_jpeg()), save=False)
        names.append(photo.file.name)
    first, second = names
    assert first != second
    for name in names:
        assert re.fullmatch(r"photos/img_1234-[a-z0-9]{12}\.jpg", name)
        assert is_unguessable(name)
        assert name != "photos/" + normalise_filename("IMG_1234.JPG")


def test_an_unguessable_name_keeps_its_random_part_within_the_fields_length():
    long_name = "projects/photos/" + "verslag-" * 20 + ".jpg"
    name = unguessable_name(long_name, max_length=100)
    assert len(name) <= 100
    assert is_unguessable(name)
    assert unguessable_name(name, max_length=100) == name
    # Twelve letters and digits at the end of a file name are not taken for a random part.
    assert not is_unguessable("projects/photos/workshop-belgrado2024.jpg")


def test_a_png_whose_orientation_comes_after_its_image_data_keeps_it():
    """PNG allows eXIf after the image data; it must be found there too (without decoding
    the picture to look for it)."""
    from content.photo_metadata import _png_chunk

    plain = io.BytesIO()
    picture().save(plain, "PNG")
    data = plain.getvalue()
    tiff = revealing_exif().tobytes()[6:]
    end = data.rindex(b"IEND") - 4
    late = data[:end] + _png_chunk(b"eXIf", tiff) + data[end:]

    cleaned = without_metadata(late)

    assert_nothing_revealing(cleaned)
    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.getexif()[ExifTags.Base.Orientation] == 6


@pytest.mark.parametrize(
    "options",
    [
        {"progressive": True},
        {"restart_marker_blocks": 2},
        {"progressive": True, "restart_marker_rows": 1},
        {"optimize": True, "subsampling": 2},
        {"quality": 100, "subsampling": 0},
    ],
    ids=["progressive", "restart-markers", "progressive-restarts", "optimized-420", "444"],
)
def test_every_kind_of_jpeg_is_rewritten_without_reencoding(monkeypatch, options):
    def reencoded(*args):
        raise AssertionError("re-encoded instead of rewritten")

    monkeypatch.setattr(photo_metadata, "_reencode", reencoded)
    buffer = io.BytesIO()
    picture((300, 200)).save(buffer, "JPEG", exif=revealing_exif(), xmp=XMP, **options)
    original = buffer.getvalue()

    cleaned = without_metadata(original)

    assert_nothing_revealing(cleaned)
    assert pixels(cleaned) == pixels(original)
