"""Production settings pass Django's deployment checklist without a single warning."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "vwn_projects.settings.production",
    "SECRET_KEY": "k3#Jq9!vX2@pL7$wR5^nB8&mT4*zY6(cF1)hG0_dS-aQ+eU=oI~rE",
    "ALLOWED_HOSTS": "projecten.vluchtelingenwerk.nl",
    "CSRF_TRUSTED_ORIGINS": "https://projecten.vluchtelingenwerk.nl",
    "SITE_URL": "https://projecten.vluchtelingenwerk.nl",
    "TRUSTED_PROXY_COUNT": "1",
    # The open data needs the organisation's identifier (projects.I002 without it).
    "IATI_REPORTING_ORG_IDENTIFIER": "NL-KVK-40530001",
}


def _environment_without_test_overrides():
    """The environment a deployment would have: without what the browser tests set for
    themselves (DJANGO_ALLOW_ASYNC_UNSAFE, which check --deploy rightly warns about)."""
    return {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}


def run_manage(*args, env=None):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=Path(settings.BASE_DIR),
        env={**_environment_without_test_overrides(), **PRODUCTION_ENV, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_with_production_settings_has_no_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", env={"SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def make_serve(**environment):
    """`make serve`'s own steps (the project is installed already), with ``environment``."""
    env = {**_environment_without_test_overrides(), **PRODUCTION_ENV, **environment}
    env.pop("DJANGO_SETTINGS_MODULE")  # make serve sets it itself
    return subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/.installed", "serve", "PORT=8519"],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_make_serve_refuses_a_weak_secret_key_before_starting():
    result = make_serve(SECRET_KEY="too-short-and-guessable")
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr
    assert "Serving http://" not in result.stdout
