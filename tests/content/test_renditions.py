"""Photos are served as renditions: several widths, WebP with a fallback, made once."""

import re
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.utils import translation
from PIL import Image

from content import renditions as renditions_module
from content.renditions import renditions
from tests.factories import (
    SERBIA,
    add_photo,
    image_bytes,
    make_country,
    make_library_photo,
    make_partner,
    make_project,
    make_workshop,
)

# Each test writes its uploads and renditions to a media folder of its own.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def rendition_files():
    root = Path(settings.MEDIA_ROOT) / "renditions"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_a_large_photo_gets_400_800_and_1600_wide_renditions_in_webp_and_jpeg():
    project = add_photo(
        make_project((), plain=True, slug="project", title_nl="Een project"),
        width=2400,
        height=1600,
    )

    image_set = renditions(project.photo.file)

    assert [r.width for r in image_set.sources["webp"]] == [400, 800, 1600]
    assert [r.width for r in image_set.sources["jpeg"]] == [400, 800, 1600]
    assert [r.height for r in image_set.sources["jpeg"]] == [267, 533, 1067]
    for path in rendition_files():
        with Image.open(path) as image:
            assert image.format == {".webp": "WEBP", ".jpg": "JPEG"}[path.suffix]
            assert image.width in (400, 800, 1600)
    assert len(rendition_files()) == 6


def test_renditions_are_never_wider_than_the_source():
    project = add_photo(
        make_project((), plain=True, slug="project", title_nl="Een project"), width=600, height=400
    )

    image_set = renditions(project.photo.file)

    assert [r.width for r in image_set.sources["webp"]] == [400, 600]


def test_an_image_with_transparency_falls_back_to_png_not_jpeg():
    partner = make_partner("Partner", slug="partner", plain=True)
    partner.logo.save(
        "logo.png",
        ContentFile(
            image_bytes((500, 200), "PNG", mode="RGBA", color=(200, 80, 60, 128)), name="logo.png"
        ),
    )

    image_set = renditions(partner.logo)

    assert image_set.fallback_format == "png"
    assert all(r.url.endswith(".png") for r in image_set.fallback)


def test_renditions_are_made_once_and_reused_even_when_the_cache_is_empty():
    project = add_photo(make_project((), plain=True, slug="project", title_nl="Een project"))
    first = renditions(project.photo.file)
    stamps = {p: p.stat().st_mtime_ns for p in rendition_files()}

    cache.clear()
    with mock.patch.object(renditions_module, "_encode", wraps=renditions_module._encode) as encode:
        second = renditions(project.photo.file)
        renditions(project.photo.file)

    assert encode.call_count == 0
    assert second == first
    assert {p: p.stat().st_mtime_ns for p in rendition_files()} == stamps


def test_a_cached_rendition_set_does_not_open_the_source_again():
    project = add_photo(make_project((), plain=True, slug="project", title_nl="Een project"))
    renditions(project.photo.file)

    with mock.patch.object(Image, "open", side_effect=AssertionError("opened")):
        assert renditions(project.photo.file) is not None


def test_a_replaced_photo_gets_new_renditions():
    project = add_photo(
        make_project((), plain=True, slug="project", title_nl="Een project"), name="foto.jpg"
    )
    old = renditions(project.photo.file).default.url

    project.photo.file.delete(save=False)
    add_photo(project, width=1800, height=1800, name="foto.jpg")
    new = renditions(project.photo.file)

    assert new.default.url != old
    assert new.default.height == new.default.width


def test_renditions_drop_metadata_and_apply_the_camera_orientation():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated 90°: the stored 1200x800 picture is really portrait
    exif[0x010F] = "Camera maker"
    project = make_project((), plain=True, slug="project", title_nl="Een project")
    content = ContentFile(
        image_bytes((1200, 800), color=(200, 80, 60), exif=exif), name="rotated.jpg"
    )
    project.photo = make_library_photo("rotated.jpg", content.read(), alt="Portret")
    project.save()

    image_set = renditions(project.photo.file)

    assert image_set.sources["jpeg"][0].width == 400
    assert image_set.sources["jpeg"][0].height == 600
    with Image.open(rendition_files()[0]) as image:
        assert not image.getexif()


def test_a_missing_source_file_gives_no_rendition():
    project = add_photo(make_project((), plain=True, slug="project", title_nl="Een project"))
    Path(project.photo.file.path).unlink()

    assert renditions(project.photo.file) is None


def test_the_project_page_shows_a_picture_with_srcset_sizes_and_dimensions(client):
    country = make_country(**SERBIA)
    project = add_photo(
        make_project([country], plain=True, slug="hulp", title_nl="Een project"),
        width=2000,
        height=1000,
    )

    html = client.get(project.get_absolute_url()).content.decode()

    picture = re.search(r"<picture.*?</picture>", html, re.S).group(0)
    assert re.search(
        r'<source type="image/webp" srcset="[^"]+400w, [^"]+800w, [^"]+1600w" sizes="[^"]+">',
        picture,
    )
    img = re.search(r"<img [^>]+>", picture).group(0)
    assert re.search(r'srcset="[^"]+\.jpg 400w, [^"]+\.jpg 800w, [^"]+\.jpg 1600w"', img)
    assert 'width="800" height="400"' in img
    assert 'alt="Twee mensen in gesprek"' in img
    assert project.photo.file.url not in html


def test_the_photo_at_the_top_of_a_project_page_is_not_lazy(client):
    project = add_photo(
        make_project([make_country(**SERBIA)], plain=True, slug="hulp", title_nl="Een project")
    )

    html = client.get(project.get_absolute_url()).content.decode()

    img = re.search(r"<picture.*?<img [^>]+>", html, re.S).group(0)
    assert 'loading="lazy"' not in img
    assert 'fetchpriority="high"' in img


def test_photos_in_the_overview_sections_load_lazily(client):
    add_photo(
        make_project([make_country(**SERBIA)], plain=True, slug="hulp", title_nl="Een project")
    )

    html = client.get("/nl/").content.decode()

    img = re.search(r"<picture.*?<img [^>]+>", html, re.S).group(0)
    assert 'loading="lazy"' in img


def test_a_photo_without_alt_text_is_not_shown(client):
    project = add_photo(
        make_project([make_country(**SERBIA)], plain=True, slug="hulp", title_nl="Een project"),
        alt="",
    )

    html = client.get(project.get_absolute_url()).content.decode()

    assert "<picture" not in html
    assert "<img" not in html


def test_workshop_photos_are_renditions_with_their_caption(client):
    project = make_project(
        [make_country(**SERBIA)], plain=True, slug="hulp", title_nl="Een project"
    )
    workshop = make_workshop(project, plain=True, photo_caption_nl="Op de foto: de trainers")
    add_photo(workshop, width=1000, height=500, alt="De trainers")

    html = client.get(project.get_absolute_url()).content.decode()

    assert 'alt="De trainers"' in html
    assert "Op de foto: de trainers</figcaption>" in html
    assert workshop.photo.file.url not in html
    assert re.search(r'srcset="[^"]+\.webp 400w, [^"]+\.webp 800w, [^"]+\.webp 1000w"', html)


def test_partner_logos_are_renditions_with_a_descriptive_alt(client):
    project = make_project(
        [make_country(**SERBIA)], plain=True, slug="hulp", title_nl="Een project"
    )
    partner = make_partner("CEDEM", slug="cedem", plain=True)
    project.partnerships.create(partner=partner)
    partner.logo.save(
        "logo.png",
        ContentFile(
            image_bytes((900, 300), "PNG", mode="RGBA", color=(200, 80, 60, 128)), name="logo.png"
        ),
    )

    with translation.override("en"):
        html = client.get(partner.get_absolute_url()).content.decode()

    assert 'alt="Logo of CEDEM"' in html
    assert partner.logo.url not in html
    assert '<source type="image/webp"' in html


def test_make_renditions_prepares_every_image_once(capsys):
    from django.core.management import call_command

    add_photo(
        make_project((), plain=True, slug="een", title_nl="Een project"), width=900, height=600
    )
    add_photo(
        make_workshop(
            make_project((), plain=True, slug="twee", title_nl="Een project"), plain=True
        ),
        width=900,
        height=600,
    )

    call_command("make_renditions")
    files = rendition_files()
    cache.clear()
    call_command("make_renditions")

    assert len(files) == 2 * 3 * 2  # two images; 400, 800 and 900 px; WebP and JPEG
    assert rendition_files() == files
    assert "Renditions ready for 2 images; 0 could not be read." in capsys.readouterr().out


def test_a_photo_whose_file_is_gone_leaves_no_empty_figure_or_caption(client):
    project = add_photo(
        make_project([make_country(**SERBIA)], plain=True, slug="hulp", title_nl="Een project")
    )
    project.photo_caption_nl = "Een bijschrift"
    project.save()
    Path(project.photo.file.path).unlink()

    html = client.get(project.get_absolute_url()).content.decode()

    assert "<figure" not in html.split('class="share"')[0]
    assert "Een bijschrift" not in html


def test_seeded_example_photos_record_their_dimensions(seed):
    from projects.models import Workshop

    workshop = Workshop.objects.exclude(photo=None).get()
    assert (workshop.photo.width, workshop.photo.height) == (1600, 1000)
