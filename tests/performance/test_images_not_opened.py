"""Rendering a page never opens an uploaded image: its dimensions are stored with it."""

import pytest
from django.core.management import call_command

from projects.models import Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PAGE_CACHE_ENABLED = False
    call_command("load_seed_content", verbosity=0)
    return tmp_path


def test_seed_photos_are_stored_with_their_width_and_height(seeded):
    # values(): model instances would measure a file with missing dimensions on loading.
    stored = Workshop.objects.exclude(photo="").values_list("photo_width", "photo_height")
    assert stored
    for width, height in stored:
        assert width and height


def test_pages_render_without_reading_the_image_files(client, seeded):
    for image in seeded.rglob("*.jpg"):
        image.unlink()  # a page that opened the file to measure it would now fail
    assert client.get("/nl/").status_code == 200
