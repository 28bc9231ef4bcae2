"""SQLite (the default) takes several editors saving at the same moment."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

WORKER = r"""
import os, sys, time
import django
django.setup()
from django.db import connection, transaction
from projects.models import OverviewPage

start_at, rounds = float(sys.argv[1]), int(sys.argv[2])
while time.time() < start_at:
    time.sleep(0.001)
for number in range(rounds):
    with transaction.atomic():
        page = OverviewPage.objects.get()          # read ...
        time.sleep(0.002)
        page.title_nl = f"{os.getpid()} {number}"  # ... then write, like an admin save
        page.save()
print("ok")
"""

SETUP = r"""
import django
django.setup()
from django.core.management import call_command
from django.db import connection
call_command("migrate", verbosity=0)
from projects.models import OverviewPage
OverviewPage.objects.create(title_nl="Start")
with connection.cursor() as cursor:
    print(cursor.execute("PRAGMA journal_mode").fetchone()[0])
"""


def run(code, env, *args):
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=Path(settings.BASE_DIR),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def sqlite_env(tmp_path):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vwn_projects.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'concurrent.sqlite3'}",
    }


def test_the_sqlite_database_uses_wal_and_immediate_transactions(sqlite_env):
    setup = run(SETUP, sqlite_env)
    out, err = setup.communicate(timeout=120)
    assert setup.returncode == 0, err
    assert out.strip() == "wal"


def test_two_editors_saving_at_the_same_moment_both_succeed(sqlite_env):
    setup = run(SETUP, sqlite_env)
    assert setup.wait(timeout=120) == 0, setup.stderr.read()

    start_at = str(time.time() + 3)
    workers = [run(WORKER, sqlite_env, start_at, "40") for _ in range(2)]
    results = [worker.communicate(timeout=180) for worker in workers]

    for worker, (out, err) in zip(workers, results, strict=True):
        assert "database is locked" not in err
        assert worker.returncode == 0, err
        assert out.strip() == "ok"
