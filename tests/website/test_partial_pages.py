"""A page rendered without one of its files (a machine that cannot find an upload) is
served to that visitor only: never stored in this process, the shared cache or a front
cache, so no other visitor gets a page without its photo (issue 24)."""

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile

from tests.factories import image_bytes, make_library_photo, make_project
from website import page_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(media_root):
    project = make_project(title_nl="Opvang in Kakuma")
    project.photo = make_library_photo(
        "kakuma.jpg", image_bytes((900, 600)), "Een tent in het kamp"
    )
    project.save()
    return project


def key(project):
    return page_cache.key_for("nl", project.get_absolute_url())


def test_a_page_without_its_photo_is_not_stored(client, project, media_root):
    (media_root / project.photo.file.name).unlink()
    cache.clear()  # the renditions' sizes too: as on a machine that never had the file
    response = client.get(project.get_absolute_url())
    assert response.status_code == 200
    assert b"Een tent in het kamp" not in response.content
    assert "private" in response["Cache-Control"]
    assert cache.get(key(project)) is None
    assert not page_cache.local_pages.entries


def test_the_page_with_its_photo_is_stored_as_before(client, project):
    response = client.get(project.get_absolute_url())
    assert b"Een tent in het kamp" in response.content
    assert "public" in response["Cache-Control"]
    assert cache.get(key(project)) is not None


def test_a_missing_report_keeps_its_page_out_of_the_cache_too(client, media_root):
    from tests.factories import make_workshop

    project = make_project()
    workshop = make_workshop(project)
    workshop.report.save("verslag.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    (media_root / workshop.report.name).unlink()
    client.get(project.get_absolute_url())
    assert cache.get(key(project)) is None
