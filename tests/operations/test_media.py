"""Uploaded media: served by the site only when asked to (SERVE_MEDIA or DEBUG), and then
with headers that keep a stored file from running as a page."""

import pytest

from operations.security import serve_media
from tests.factories import image_bytes, pdf_bytes


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


@pytest.fixture
def stored_files(media_root):
    (media_root / "photo.jpg").write_bytes(image_bytes())
    (media_root / "report.pdf").write_bytes(pdf_bytes())
    (media_root / "notes.txt").write_bytes(b"<script>alert(1)</script>")
    return media_root


def test_media_is_served_with_nosniff(rf, stored_files):
    response = serve_media(rf.get("/media/photo.jpg"), "photo.jpg")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "image/jpeg"
    assert "attachment" not in response.get("Content-Disposition", "")
    assert "sandbox" in response["Content-Security-Policy"]


def test_pdfs_are_served_as_attachments(rf, stored_files):
    response = serve_media(rf.get("/media/report.pdf"), "report.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="report.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_other_files_are_served_as_opaque_downloads(rf, stored_files):
    response = serve_media(rf.get("/media/notes.txt"), "notes.txt")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("path", ["../secret", "photo.jpg\x00.html", "missing.jpg"])
def test_media_serving_refuses_bad_paths_with_404(rf, stored_files, path):
    from django.http import Http404

    with pytest.raises(Http404):
        serve_media(rf.get("/media/x"), path)


def test_media_urls_are_served_with_the_headers(client, settings, stored_files):
    settings.SERVE_MEDIA = True
    response = client.get("/media/report.pdf")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
