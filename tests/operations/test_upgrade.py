"""Upgrades (issue 25, items 4 and 5): a database of the previous release (9223af6, before
migrations were started again) upgrades to this one; an older or unknown one is refused
before anything changes; two machines migrating at once both succeed."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from operations.upgrade import PREVIOUS_RELEASE

BASE = Path(settings.BASE_DIR)
POSTGRES = connection.vendor == "postgresql"


def has_commit(commit):
    result = subprocess.run(
        ["git", "cat-file", "-e", f"{commit}^{{commit}}"], cwd=BASE, capture_output=True
    )
    return result.returncode == 0


@pytest.fixture
def database_url(tmp_path):
    """A database of its own, empty: a PostgreSQL database beside the test one, or a file."""
    if not POSTGRES:
        yield f"sqlite:///{tmp_path / 'upgrade.sqlite3'}"
        return
    import psycopg

    params = connection.settings_dict
    host, port = params["HOST"] or "127.0.0.1", params["PORT"] or 5432
    password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
    server = f"postgresql://{params['USER']}{password}@{host}:{port}"
    name = f"vwn_upgrade_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"{server}/{name}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(folder, database_url, *args, media):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="vwn_projects.settings.dev",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media),
        PYTHONPATH=os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")])),
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def counts(folder, database_url, media):
    code = (
        "from projects.models import Project;"
        "print(Project.objects.count(),"
        " sorted(Project.objects.values_list('title_nl', flat=True)))"
    )
    result = manage(folder, database_url, "shell", "-c", code, media=media)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


@pytest.fixture
def previous_release(tmp_path):
    if not has_commit(PREVIOUS_RELEASE):
        pytest.skip(f"no git history with {PREVIOUS_RELEASE} (a shallow clone)")
    folder = tmp_path / "previous"
    folder.mkdir()
    archive = subprocess.run(
        ["git", "archive", PREVIOUS_RELEASE], cwd=BASE, capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder


def recorded(database_url, folder, media):
    code = (
        "from django.db.migrations.recorder import MigrationRecorder as R;"
        "from django.db import connection as c;"
        "print(sorted(R(c).applied_migrations()))"
    )
    return manage(folder, database_url, "shell", "-c", code, media=media).stdout


def test_a_database_of_the_previous_release_upgrades_with_its_content_and_history(
    previous_release, database_url, tmp_path
):
    media = tmp_path / "media"
    old = manage(previous_release, database_url, "migrate", "-v0", media=media)
    assert old.returncode == 0, old.stderr
    seeded = manage(previous_release, database_url, "load_seed_content", media=media)
    assert seeded.returncode == 0, seeded.stderr
    before = counts(previous_release, database_url, media)

    # An older database than that release's is refused, and nothing changes.
    migrations_before = recorded(database_url, previous_release, media)
    hide = (
        "from django.db.migrations.recorder import MigrationRecorder as R;"
        "from django.db import connection as c;"
        "R(c).record_unapplied('projects', '0005_history_of_iati_fields')"
    )
    manage(previous_release, database_url, "shell", "-c", hide, media=media)
    refused = manage(BASE, database_url, "migrate", media=media)
    assert refused.returncode != 0
    assert f"older than {PREVIOUS_RELEASE}" in refused.stderr
    assert "projects.0005_history_of_iati_fields" in refused.stderr
    assert "Traceback" not in refused.stderr
    put_back = hide.replace("record_unapplied", "record_applied")
    manage(previous_release, database_url, "shell", "-c", put_back, media=media)
    assert recorded(database_url, previous_release, media) == migrations_before

    upgraded = manage(BASE, database_url, "migrate", media=media)
    assert upgraded.returncode == 0, upgraded.stdout + upgraded.stderr
    assert f"made by release {PREVIOUS_RELEASE}" in upgraded.stdout
    assert manage(BASE, database_url, "migrate", "--check", media=media).returncode == 0
    assert counts(BASE, database_url, media) == before
    # Its history (simple-history's tables then) is revisions now: one per seeded item.
    code = (
        "from content.models import Revision;from projects.models import Project;"
        "print(Revision.objects.filter(state='saved', object_repr__in="
        "Project.objects.values_list('title_nl', flat=True)).count(), Project.objects.count())"
    )
    result = manage(BASE, database_url, "shell", "-c", code, media=media)
    versions, projects = map(int, result.stdout.strip().splitlines()[-1].split())
    assert versions >= projects > 0
    # And a second run has nothing left to do.
    again = manage(BASE, database_url, "migrate", media=media)
    assert again.returncode == 0 and "No migrations to apply" in again.stdout


@pytest.mark.django_db
def test_a_database_with_migrations_this_release_does_not_have_is_refused():
    MigrationRecorder(connection).record_applied("projects", "0099_from_a_newer_release")
    with pytest.raises(CommandError, match="(?s)newer release.*projects.0099_from_a_newer"):
        call_command("migrate", verbosity=0)


@pytest.mark.skipif(not POSTGRES, reason="the advisory lock is PostgreSQL's")
def test_two_machines_migrating_at_once_both_succeed(database_url, tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="vwn_projects.settings.dev",
        DATABASE_URL=database_url,
        # A web request's statement limit in the environment: waiting for the other
        # machine's migrate takes longer, and must not be cut short by it.
        DATABASE_STATEMENT_TIMEOUT_MS="1000",
    )
    machines = [
        subprocess.Popen(
            [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
            cwd=BASE,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = [(m.wait(timeout=600), *m.communicate()) for m in machines]
    assert [code for code, _out, _err in results] == [0, 0], results


def dry_run(target, *newer):
    """The commands `make` would run for ``target`` with ``newer`` files changed."""
    options = [f"--what-if={name}" for name in newer]
    result = subprocess.run(
        ["make", "--no-print-directory", "--dry-run", *options, target],
        cwd=BASE,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.skipif(not (BASE / ".venv" / ".installed").exists(), reason="not installed")
def test_restarting_the_server_needs_no_network_and_an_upgrade_installs():
    # A changed pyproject.toml (an upgrade pulled): starting again installs nothing ...
    serve = dry_run("serve", "pyproject.toml")
    assert "pip install" not in serve
    assert "manage.py migrate" in serve and "gunicorn" in serve
    # ... the release steps install, compile, collect and migrate, and start nothing.
    release = dry_run("release", "pyproject.toml", "locale/nl/LC_MESSAGES/django.po")
    assert "pip install" in release and "save_as_mofile" in release
    assert "collectstatic" in release and "manage.py migrate" in release
    for step in ("make_renditions", "rebuild_search_index", "rebuild_translation_memory"):
        assert f"manage.py {step}" in release
    assert "gunicorn" not in release
