"""A backup taken while editors save is one snapshot of the database (issue 25, item 2)."""

import io
import threading
import time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from operations import backup
from projects.models import Project, Workshop
from tests.factories import make_project, make_workshop

QUIET = {"stdout": io.StringIO()}


class Writer(threading.Thread):
    """An editor saving every 50 ms: each save a new project with its workshop, in one
    transaction, so every committed state has the workshop's project."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stop, self.saved, self.error = threading.Event(), 0, None

    def run(self):
        try:
            while not self.stop.is_set():
                with transaction.atomic():
                    project = make_project(title_nl=f"Tijdens de backup {self.saved}")
                    make_workshop(project)
                self.saved += 1
                time.sleep(0.05)
        except Exception as error:  # noqa: BLE001 (reported by the test)
            self.error = error
        finally:
            connection.close()


def backup_while_saving(archive, monkeypatch):
    """Run the backup with the writer saving during it; the writer also commits between
    the reads of two tables (projects before workshops), as a busy site would."""
    writer = Writer()
    slow = backup.models.QuerySet.values_list

    def values_list(self, *fields, **kwargs):
        if self.model is Workshop:  # after the projects were read: let saves land
            deadline = writer.saved + 2
            while writer.saved < deadline and writer.is_alive():
                time.sleep(0.01)
        return slow(self, *fields, **kwargs)

    monkeypatch.setattr(backup.models.QuerySet, "values_list", values_list)
    writer.start()
    try:
        while writer.saved < 2:
            time.sleep(0.01)
        call_command("backup", output=str(archive), **QUIET)
    finally:
        writer.stop.set()
        writer.join()
        monkeypatch.setattr(backup.models.QuerySet, "values_list", slow)
    assert writer.error is None, writer.error
    assert writer.saved >= 4
    return writer


@pytest.fixture
def fresh_content_type_cache():
    yield
    ContentType.objects.clear_cache()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's write lock serialises")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_during_saves_is_one_snapshot_that_restores(
    media_root, tmp_path, settings, monkeypatch, fresh_content_type_cache
):
    call_command("load_seed_content", **QUIET)
    archive = tmp_path / "backup.tar.gz"
    backup_while_saving(archive, monkeypatch)
    manifest, _forward = backup.verify_backup(archive)
    call_command("flush", interactive=False, verbosity=0)

    call_command("restore", str(archive), **QUIET)

    # Every workshop's project came along, and Django's checks pass on the restored site.
    assert Workshop.objects.count() == manifest["rows"]["projects.workshop"]
    assert not Workshop.objects.exclude(project__in=Project.objects.all()).exists()
    assert Project.objects.count() == manifest["rows"]["projects.project"]
    call_command("check", **QUIET)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's write lock serialises")
@pytest.mark.django_db(transaction=True)
def test_without_one_snapshot_the_same_backup_would_not_hold_together(
    media_root, tmp_path, monkeypatch
):
    """The test above can fail: with a new snapshot per query (PostgreSQL's default), the
    workshops read hold ones whose projects were not read, and restore names them."""
    call_command("load_seed_content", **QUIET)
    monkeypatch.setattr(backup, "_snapshot", lambda connection: None)
    archive = tmp_path / "backup.tar.gz"
    with pytest.raises(CommandError, match=r"does not hold together.*\n.*Workshop \d+: project = "):
        backup_while_saving(archive, monkeypatch)
        backup.verify_backup(archive)
        call_command("flush", interactive=False, verbosity=0)
        call_command("restore", str(archive), **QUIET)
