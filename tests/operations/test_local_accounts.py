import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_local_accounts_are_created_once_with_printed_passwords(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("create_local_accounts", stdout=out)
    users = get_user_model().objects
    assert users.get(username="admin").is_superuser
    assert users.get(username="redacteur").groups.get().name == "editors"
    assert users.get(username="vertaler").groups.get().name == "translators"
    password = next(line.split()[1] for line in out.getvalue().splitlines() if "admin " in line)
    assert users.get(username="admin").check_password(password)

    again = io.StringIO()
    call_command("create_local_accounts", stdout=again)
    assert users.count() == 3
    assert password not in again.getvalue()


@pytest.mark.django_db
def test_local_accounts_are_never_created_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("create_local_accounts", stdout=io.StringIO())
    assert not get_user_model().objects.exists()


def _import_production_settings(env):
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS")}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import vwn_projects.settings.production"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )


def test_production_settings_refuse_to_start_without_secret_key_and_hosts():
    result = _import_production_settings({})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr and "ALLOWED_HOSTS" in result.stderr


def test_production_settings_load_with_secret_key_and_hosts():
    result = _import_production_settings(
        {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "projecten.example.org"}
    )
    assert result.returncode == 0, result.stderr
