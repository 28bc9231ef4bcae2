"""Public pages carry ETag and Last-Modified; an unchanged page answers 304."""

import pytest

from tests.factories import make_full_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def project():
    return make_full_project()


def test_a_public_page_carries_validators_and_must_be_revalidated(client):
    response = client.get("/nl/")
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    assert "max-age=0" in response["Cache-Control"]
    assert "must-revalidate" in response["Cache-Control"]


def test_the_etag_of_an_unchanged_page_is_stable(client):
    assert client.get("/nl/")["ETag"] == client.get("/nl/")["ETag"]


def test_if_none_match_with_the_current_etag_gets_304(client):
    etag = client.get("/nl/")["ETag"]
    response = client.get("/nl/", headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_if_modified_since_the_last_change_gets_304(client):
    last_modified = client.get("/en/")["Last-Modified"]
    response = client.get("/en/", headers={"if-modified-since": last_modified})
    assert response.status_code == 304


def test_after_a_change_the_old_etag_gets_the_new_page(client, project):
    etag = client.get("/nl/")["ETag"]
    project.body_nl = "<p>Gewijzigd.</p>"
    project.save()
    response = client.get("/nl/", headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert b"Gewijzigd." in response.content


def test_the_languages_have_different_etags(client):
    assert client.get("/nl/")["ETag"] != client.get("/en/")["ETag"]


def test_conditional_requests_work_without_the_page_cache(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    etag = client.get("/nl/")["ETag"]
    assert client.get("/nl/", headers={"if-none-match": etag}).status_code == 304
