"""Static files as in production: hashed names, compressed, far-future cache headers."""

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

PRODUCTION_STATIC = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
A_YEAR = 365 * 24 * 60 * 60


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    static_root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(
        STATIC_ROOT=static_root, STORAGES=PRODUCTION_STATIC, WHITENOISE_AUTOREFRESH=False
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield static_root


def test_pages_link_static_files_by_their_hashed_names(collected):
    html = Client().get("/nl/").content.decode()
    hashed = staticfiles_storage.url("css/site.css")
    assert hashed != "/static/css/site.css"
    assert f'href="{hashed}"' in html


def test_hashed_static_files_are_served_with_far_future_cache_headers(collected):
    response = Client().get(staticfiles_storage.url("css/site.css"))
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    max_age = int(cache_control.split("max-age=")[1].split(",")[0])
    assert max_age >= A_YEAR
    assert "immutable" in cache_control


def test_static_files_are_served_compressed_to_browsers_that_accept_it(collected):
    response = Client().get(
        staticfiles_storage.url("css/site.css"), headers={"accept-encoding": "gzip"}
    )
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
