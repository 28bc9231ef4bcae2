"""Production settings come from the environment and refuse to start without the essentials."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
DEPLOYMENT_VARIABLES = (
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "CACHE_URL",
    "REDIS_URL",
    "DATABASE_URL",
    "MEDIA_ROOT",
    "PAGE_CACHE_ENABLED",
    "SITE_URL",
)
SHOW_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "cache": settings.CACHES["default"],
    "hosts": settings.ALLOWED_HOSTS,
    "origins": settings.CSRF_TRUSTED_ORIGINS,
    "media_root": str(settings.MEDIA_ROOT),
    "database": settings.DATABASES["default"]["ENGINE"],
    "static_storage": settings.STORAGES["staticfiles"]["BACKEND"],
    "middleware": settings.MIDDLEWARE,
    "page_cache": settings.PAGE_CACHE_ENABLED,
    "debug": settings.DEBUG,
}))
"""


def production(script=SHOW_SETTINGS, **environment):
    """Run ``script`` with the production settings in a fresh interpreter with only
    ``environment`` set."""
    env = {k: v for k, v in os.environ.items() if k not in DEPLOYMENT_VARIABLES}
    env.update(environment, DJANGO_SETTINGS_MODULE="vwn_projects.settings.production")
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


ESSENTIALS = {
    "SECRET_KEY": "a-real-secret-" + "x" * 40,
    "ALLOWED_HOSTS": "projecten.example.org",
    "SITE_URL": "https://projecten.example.org",
}


@pytest.mark.parametrize(
    "environment, missing",
    [
        ({}, "SECRET_KEY, ALLOWED_HOSTS, SITE_URL"),
        ({"ALLOWED_HOSTS": "projecten.example.org"}, "SECRET_KEY, SITE_URL"),
        (
            {"SECRET_KEY": ESSENTIALS["SECRET_KEY"], "SITE_URL": ESSENTIALS["SITE_URL"]},
            "ALLOWED_HOSTS",
        ),
        (
            {"SECRET_KEY": ESSENTIALS["SECRET_KEY"], "ALLOWED_HOSTS": "projecten.example.org"},
            "SITE_URL",
        ),
    ],
)
def test_production_refuses_to_start_and_names_what_is_missing(environment, missing):
    result = production(**environment)
    assert result.returncode != 0
    assert f"Production settings need these environment variables: {missing}" in result.stderr


def test_production_settings_refuse_to_start_without_secret_key_and_hosts():
    result = production()
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr and "ALLOWED_HOSTS" in result.stderr


def test_production_settings_load_with_secret_key_and_hosts():
    result = production(**ESSENTIALS)
    assert result.returncode == 0, result.stderr


def test_production_refuses_the_development_secret_key():
    result = production(
        **{**ESSENTIALS, "SECRET_KEY": "dev-only-insecure-key-do-not-use-in-production"}
    )
    assert result.returncode != 0
    assert "SECRET_KEY is the development key" in result.stderr


def settings_for(**environment):
    result = production(**{**ESSENTIALS, **environment})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_reads_hosts_origins_and_media_root_from_the_environment(tmp_path):
    loaded = settings_for(
        ALLOWED_HOSTS="projecten.example.org,www.example.org",
        CSRF_TRUSTED_ORIGINS="https://projecten.example.org",
        MEDIA_ROOT=str(tmp_path),
        DATABASE_URL="postgres://vwn@db.example.org:5432/vwn",
    )
    assert loaded["hosts"] == ["projecten.example.org", "www.example.org"]
    assert loaded["origins"] == ["https://projecten.example.org"]
    assert loaded["media_root"] == str(tmp_path)
    assert loaded["database"] == "django.db.backends.postgresql"
    assert loaded["debug"] is False


@pytest.mark.parametrize("variable", ["CACHE_URL", "REDIS_URL"])
def test_a_redis_url_selects_djangos_redis_cache_and_enables_the_page_cache(variable):
    loaded = settings_for(**{variable: "redis://cache.example.org:6379/2"})
    assert loaded["cache"] == {
        "BACKEND": "operations.cache.RedisCache",
        "LOCATION": "redis://cache.example.org:6379/2",
        # A Redis that stops answering costs a call 0.1 s at most (REDIS_TIMEOUT_SECONDS).
        "OPTIONS": {"socket_connect_timeout": 0.1, "socket_timeout": 0.1},
    }
    assert loaded["page_cache"] is True


def test_without_a_shared_cache_production_does_not_cache_pages_per_process():
    loaded = settings_for()
    assert loaded["cache"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert loaded["page_cache"] is False


def test_production_serves_hashed_compressed_static_files_with_whitenoise():
    loaded = settings_for()
    assert loaded["static_storage"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    middleware = loaded["middleware"]
    # After the request id (operations/logs.py) and the security headers, before the rest.
    assert middleware[:3] == [
        "operations.logs.RequestLogMiddleware",
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]


STORE_NAMES = """
import json, django
django.setup()
from django.core.files.storage import default_storage
from django.db.models.fields.files import FileField
names = ["x.php.pdf", "Vertrouwelijk verslag.pdf", "Привет фото.JPG", "Ça été.png"]
print(json.dumps([default_storage.generate_filename("workshops/reports/" + n) for n in names]))
"""


def test_production_normalises_upload_names_like_every_other_setting():
    result = production(STORE_NAMES, **ESSENTIALS)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        "workshops/reports/x-php.pdf",
        "workshops/reports/vertrouwelijk-verslag.pdf",
        "workshops/reports/file.jpg",
        "workshops/reports/ca-ete.png",
    ]


def test_a_storage_without_name_normalisation_fails_the_system_checks(settings):
    from operations.checks import check_upload_storage

    assert check_upload_storage(None) == []
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    assert [error.id for error in check_upload_storage(None)] == ["operations.E002"]
