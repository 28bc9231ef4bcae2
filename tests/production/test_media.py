"""Uploaded media: served by the site only when asked to (SERVE_MEDIA or DEBUG)."""

import pytest


@pytest.fixture
def upload(media_root):
    (media_root / "workshops").mkdir()
    (media_root / "workshops" / "verslag.pdf").write_bytes(b"%PDF-1.4 example")
    return "/media/workshops/verslag.pdf"


def test_media_is_served_from_the_media_root_with_serve_media(client, settings, upload):
    settings.SERVE_MEDIA = True
    response = client.get(upload)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 example"
    assert response["Content-Type"] == "application/pdf"
    assert "max-age=3600" in response["Cache-Control"]


def test_media_is_left_to_the_web_server_by_default(client, settings, upload):
    settings.SERVE_MEDIA = False
    assert client.get(upload).status_code == 404


def test_media_outside_the_media_root_is_refused(client, settings, upload):
    settings.SERVE_MEDIA = True
    for path in ("/media/../manage.py", "/media/%2e%2e/manage.py", "/media/..%2fmanage.py"):
        assert client.get(path).status_code in (400, 404)
