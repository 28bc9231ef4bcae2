"""``manage.py clean_photos``: files stored before uploads were cleaned get the same
treatment, once, and it says what it did."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from content.renditions import renditions
from content.storage import is_unguessable
from photos.models import Photo
from projects.models import Project
from tests.content.test_photo_metadata import assert_nothing_revealing, camera_jpeg, photo_bytes
from tests.factories import (
    make_library_photo,
    make_partner,
    make_project,
    make_workshop,
    pdf_bytes,
)

pytestmark = pytest.mark.django_db

OLD_PHOTO = "projects/photos/img_1234.jpg"
OLD_LOGO = "partners/logos/logo.png"
REPLACED = "projects/photos/replaced-earlier.webp"
REPORT = "workshops/reports/verslag.pdf"


def stored_before(name, data):
    """A file written as uploads were before: its name as given, its metadata in it."""
    assert default_storage.save(name, ContentFile(data)) == name
    return name


@pytest.fixture
def old_uploads(media_root):
    project = make_project()
    # A photo as the move into the library left it: its old name, its metadata in it.
    photo = Photo(title="Training", alt_nl="Deelnemers van de training", people_shown=False)
    photo.file.name = stored_before(OLD_PHOTO, camera_jpeg())
    photo.save()
    project.photo = photo
    project.save()
    partner = make_partner()
    partner.logo.name = stored_before(OLD_LOGO, photo_bytes("PNG"))
    partner.save()
    stored_before(REPLACED, photo_bytes("WEBP"))  # no item points at it any more
    workshop = make_workshop(project)
    workshop.report.name = stored_before(REPORT, pdf_bytes())
    workshop.save()
    old_rendition = renditions(project.photo.file).default.url
    return {"project": project, "partner": partner, "rendition": old_rendition}


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("clean_photos", *args, stdout=out, stderr=err)
    return out.getvalue()


def content(name):
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def test_old_uploads_are_renamed_and_stored_without_metadata(client, old_uploads):
    assert b"Jan Jansen" in b"".join(client.get("/media/" + OLD_PHOTO).streaming_content)

    report = run()

    project = Project.objects.get(pk=old_uploads["project"].pk)
    partner = type(old_uploads["partner"]).objects.get(pk=old_uploads["partner"].pk)
    for field_file, old in [(project.photo.file, OLD_PHOTO), (partner.logo, OLD_LOGO)]:
        assert is_unguessable(field_file.name)
        assert field_file.name.startswith(old.rsplit(".", 1)[0] + "-")
        assert f"{old} → {field_file.name}, metadata removed" in report
        assert_nothing_revealing(content(field_file.name))
        assert not default_storage.exists(old)
    # The photo is served under its new name, clean; the old name and renditions are gone.
    response = client.get(project.photo.file.url)
    assert response.status_code == 200
    assert_nothing_revealing(b"".join(response.streaming_content))
    assert client.get("/media/" + OLD_PHOTO).status_code == 404
    assert client.get(old_uploads["rendition"]).status_code == 404
    assert client.get(renditions(project.photo.file).default.url).status_code == 200
    # A file no item points at keeps its name; reports are left alone.
    assert f"{REPLACED}: metadata removed" in report
    assert_nothing_revealing(content(REPLACED))
    assert content(REPORT).startswith(b"%PDF")
    assert "2 photos renamed and stored without metadata, 1 images rewritten" in report


def test_the_history_follows_the_new_name(old_uploads):
    """A version of the photo that shows the old file shows the renamed one after."""
    from content import revisions
    from content.recording import recording

    photo = old_uploads["project"].photo
    with recording():
        photo.save()  # the photo as it is, with its old file, is a version

    def files():
        return [v.content["item"]["fields"]["file"] for v in revisions.history_of(photo)]

    assert files() == [OLD_PHOTO]

    run()

    assert files() == [Photo.objects.get(pk=photo.pk).file.name] != [OLD_PHOTO]


def test_running_it_again_changes_nothing(old_uploads):
    run()
    names = sorted(default_storage.listdir("projects/photos")[1])
    before = {name: default_storage.get_modified_time(f"projects/photos/{name}") for name in names}

    report = run()

    assert report.startswith("0 photos renamed and stored without metadata, 0 images rewritten")
    assert "3 clean already" in report
    assert sorted(default_storage.listdir("projects/photos")[1]) == names
    for name, modified in before.items():
        assert default_storage.get_modified_time(f"projects/photos/{name}") == modified


def test_a_dry_run_reports_and_changes_nothing(old_uploads):
    report = run("--dry-run")

    assert f"would rename {OLD_PHOTO}" in report
    assert f"would remove the metadata of {REPLACED}" in report
    assert "2 photos would be renamed" in report
    assert Project.objects.get(pk=old_uploads["project"].pk).photo.file.name == OLD_PHOTO
    assert b"Jan Jansen" in content(OLD_PHOTO)


def test_new_uploads_need_nothing(media_root):
    make_library_photo("IMG_1234.JPG", camera_jpeg())
    report = run()
    assert report.startswith("0 photos renamed and stored without metadata, 0 images rewritten")
    assert "1 clean already" in report


def test_a_missing_file_is_reported_not_fatal(media_root):
    photo = make_library_photo("gone.jpg", camera_jpeg())
    Photo.objects.filter(pk=photo.pk).update(file="projects/photos/gone.jpg")
    out, err = io.StringIO(), io.StringIO()
    call_command("clean_photos", stdout=out, stderr=err)
    assert "missing: projects/photos/gone.jpg" in err.getvalue()
    assert "1 missing" in out.getvalue()


def test_a_file_two_items_point_at_is_renamed_once_for_both(media_root):
    first, second = make_library_photo("a.jpg"), make_library_photo("b.jpg")
    shared = stored_before("projects/photos/shared.jpg", camera_jpeg())
    Photo.objects.filter(pk__in=[first.pk, second.pk]).update(file=shared)

    report = run()

    new_name = Photo.objects.get(pk=first.pk).file.name
    assert Photo.objects.get(pk=second.pk).file.name == new_name
    assert is_unguessable(new_name) and default_storage.exists(new_name)
    assert "1 photos renamed" in report and "0 missing" in report
