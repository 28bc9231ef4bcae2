"""Rendering a page never opens an uploaded image: its dimensions are stored with it."""

import pytest

from projects.models import Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def uploads(media_root, settings):
    """The seed's files go to a media folder of the test's own (autouse: before the seed
    is loaded); every page is rendered, none comes from the page cache."""
    settings.PAGE_CACHE_ENABLED = False
    return media_root


def test_seed_photos_are_stored_with_their_width_and_height(seed):
    # values(): model instances would measure a file with missing dimensions on loading.
    stored = Workshop.objects.exclude(photo=None).values_list("photo__width", "photo__height")
    assert stored
    for width, height in stored:
        assert width and height


def test_pages_render_without_reading_the_image_files(client, uploads, seed):
    for image in uploads.rglob("*.jpg"):
        image.unlink()  # a page that opened the file to measure it would now fail
    assert client.get("/nl/").status_code == 200
