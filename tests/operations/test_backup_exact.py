"""A backup always restores, and a restored site is the site that was backed up (issue 25:
history pointing at deleted items, unused files, no versions added, exact timestamps)."""

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models.signals import post_save, pre_save
from django.urls import reverse

from content import revisions
from content.recording import recording
from operations.backup import read_tables
from projects.models import Project
from tests.factories import image_bytes, make_library_photo
from website.freshness import read_clock

QUIET = {"stdout": io.StringIO()}
transactional = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def media_hashes(root):
    root = Path(root)
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


def everything():
    """Every table's rows, every value as stored (timestamps to the microsecond)."""
    return {table["model"]: table["rows"] for table in read_tables()[1]}


@pytest.fixture
def fresh_content_type_cache():
    yield
    ContentType.objects.clear_cache()


@pytest.fixture
def site_after_deletions(media_root, admin_client, django_user_model):
    """The seed content, a project and a partner photo changed, the Kenya project deleted
    in the admin (its history stays, naming it and its places), and a file no row uses."""
    call_command("load_seed_content", **QUIET)
    editor = django_user_model.objects.create_user("redacteur", password="pw", is_staff=True)
    editor.groups.add(Group.objects.get(name="editors"))
    kenya = Project.objects.get(countries__name_nl="Kenia")
    for project in Project.objects.exclude(pk=kenya.pk)[:2]:
        with recording(user=editor):
            project.photo = make_library_photo(f"foto-{project.pk}.png", image_bytes(fmt="PNG"))
            project.save()
    response = admin_client.post(
        reverse("admin:projects_project_delete", args=[kenya.pk]), {"post": "yes"}
    )
    assert response.status_code == 302, response.content[:2000]
    assert not Project.objects.filter(pk=kenya.pk).exists()
    assert revisions.history_of(kenya.pk, Project).filter(state="deleted").exists()
    (media_root / "leftover").mkdir()
    (media_root / "leftover" / "unused.pdf").write_bytes(b"%PDF-1.4 nobody uses me")
    return kenya.pk


def backup_then_empty(tmp_path, settings):
    archive = tmp_path / "backup.tar.gz"
    out = io.StringIO()
    call_command("backup", output=str(archive), stdout=out)
    assert "a restore accepts this archive" in out.getvalue()
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    return archive


@transactional
def test_a_backup_after_deletions_restores_exactly(
    site_after_deletions, media_root, tmp_path, settings, fresh_content_type_cache
):
    from search.backends import count_only

    rows_before, files_before = everything(), media_hashes(media_root)
    searchable = count_only("Turkije", "nl")
    assert searchable
    assert any(rows_before["content.revision"])
    archive = backup_then_empty(tmp_path, settings)
    saves = []

    def count(sender, **kwargs):
        saves.append(sender)

    clock_before = read_clock()
    pre_save.connect(count)
    post_save.connect(count)
    try:
        call_command("restore", str(archive), **QUIET)
    finally:
        pre_save.disconnect(count)
        post_save.disconnect(count)

    assert saves == []  # no signal, so no history version and no timestamp touched
    assert read_clock()[1] > clock_before[1]  # yet every page cached before is stale
    assert everything() == rows_before  # every table, history, ids and timestamps
    assert media_hashes(settings.MEDIA_ROOT) == files_before  # the unused file too
    # History naming the deleted project still reads.
    deleted = revisions.history_of(site_after_deletions, Project).get(state="deleted")
    assert deleted.content["item"]["fields"]["countries"]
    # The database's own search index (beside its table, kept by the database) came along.
    assert count_only("Turkije", "nl") == searchable


@transactional
def test_every_problem_of_an_archive_is_named_at_once(
    site_after_deletions, media_root, tmp_path, settings, fresh_content_type_cache
):
    from tests.operations.test_backup_restore import edit_rows, first_row, tamper

    archive = backup_then_empty(tmp_path, settings)

    def break_it(tables):
        projects = next(t for t in tables if t["model"] == "projects.project")
        status = projects["columns"].index("status")
        for row in projects["rows"][:3]:
            row[status] = "hacked"
        first_row(tables, "projects.workshop").update(project_id=999999)

    bad = tamper(archive, tmp_path / "bad.tar.gz", lambda members: edit_rows(members, break_it))
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(bad), **QUIET)
    assert str(refused.value).count("status") == 3
    assert not Project.objects.exists()

    def only_the_reference(tables):
        first_row(tables, "projects.workshop").update(project_id=999999)

    bad = tamper(archive, tmp_path / "fk.tar.gz", lambda m: edit_rows(m, only_the_reference))
    with pytest.raises(CommandError, match=r"Workshop \d+: project = 999999"):
        call_command("restore", str(bad), **QUIET)
    assert not Project.objects.exists()


@pytest.mark.django_db
def test_backup_verify_checks_an_archive_without_restoring_it(site_after_deletions, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive), **QUIET)
    out = io.StringIO()
    call_command("backup", verify=str(archive), stdout=out)
    assert "a restore accepts it" in out.getvalue()

    with tarfile.open(archive, "r:gz") as source:
        members = {m.name: source.extractfile(m).read() for m in source.getmembers()}
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(damaged, "w:gz") as target:
        for name, data in members.items():
            if name.startswith("media/"):
                data += b"!"
            info = tarfile.TarInfo(name)
            info.size = len(data)
            target.addfile(info, io.BytesIO(data))
    with pytest.raises(CommandError) as refused:
        call_command("backup", verify=str(damaged), **QUIET)
    # Every damaged file is named, not only the first.
    assert str(refused.value).count("Checksum mismatch") == sum(
        name.startswith("media/") for name in members
    )


def rewrite_manifest(source, destination, change):
    from tests.operations.test_backup_restore import tamper

    def edit(members):
        manifest = json.loads(members["manifest.json"])
        change(manifest)
        members["manifest.json"] = json.dumps(manifest).encode()

    return tamper(source, destination, edit)


@pytest.mark.django_db
def test_an_archive_of_another_schema_or_format_is_refused_with_what_to_do(tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive), **QUIET)

    def older_release(manifest):
        manifest["migrations"].append(["projects", "0002_editor_and_translator_groups"])

    made_before_reset = rewrite_manifest(archive, tmp_path / "old.tar.gz", older_release)
    with pytest.raises(CommandError, match="(?s)before the migrations were reset.*projects.0002"):
        call_command("restore", str(made_before_reset), **QUIET)

    def format_one(manifest):
        manifest["version"] = 1

    first_format = rewrite_manifest(archive, tmp_path / "v1.tar.gz", format_one)
    with pytest.raises(CommandError, match="older release"):
        call_command("backup", verify=str(first_format), **QUIET)


@transactional
def test_an_archive_of_an_older_schema_is_loaded_there_and_migrated_forward(
    site_after_deletions, media_root, tmp_path, settings, fresh_content_type_cache
):
    """As an older release would have made it: the archive lacks the planned end of
    projects (projects.0005) and what came after; restore loads it at that schema, then
    migrates forward, and the migration fills the planned ends in."""
    import datetime

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    from tests.operations.test_backup_restore import tamper

    first, second = Project.objects.order_by("pk")[:2]
    Project.objects.filter(pk=first.pk).update(
        start_date=datetime.date(2024, 6, 1),
        duration_months=18,
        end_date=None,
        planned_end=datetime.date(2025, 11, 30),
    )
    Project.objects.filter(pk=second.pk).update(
        end_date=datetime.date(2026, 3, 1), planned_end=datetime.date(2026, 3, 1)
    )
    with_end = sorted(Project.objects.exclude(planned_end=None).values_list("pk", "planned_end"))
    assert len(with_end) == 2
    archive = backup_then_empty(tmp_path, settings)
    call_command("migrate", "projects", "0004", verbosity=0)  # an empty, older schema
    loader = MigrationLoader(connection)
    older = sorted(loader.applied_migrations)
    leaves = [
        key for key in older if not any(c in older for c in loader.graph.node_map[key].children)
    ]
    state = loader.project_state(leaves, at_end=True).apps
    columns = {
        model._meta.label_lower: [f.attname for f in model._meta.concrete_fields]
        for model in state.get_models(include_auto_created=True)
    }
    # A column the older schema had and this one has not (a project's own photo file,
    # before the photo library) is written as its default then.
    defaults = {
        model._meta.label_lower: {f.attname: f.get_default() for f in model._meta.concrete_fields}
        for model in state.get_models(include_auto_created=True)
    }

    def as_made_then(members):
        manifest = json.loads(members["manifest.json"])
        manifest["migrations"] = [list(key) for key in older]
        members["manifest.json"] = json.dumps(manifest).encode()
        data = json.loads(members["data.json"])
        tables = []
        for table in data["tables"]:
            if table["model"] not in columns:
                continue
            model = table["model"]
            keep = [
                table["columns"].index(c) if c in table["columns"] else c for c in columns[model]
            ]
            table["rows"] = [
                [row[i] if isinstance(i, int) else defaults[model][i] for i in keep]
                for row in table["rows"]
            ]
            table["columns"] = columns[table["model"]]
            tables.append(table)
        members["data.json"] = json.dumps({"tables": tables}).encode()

    older_archive = tamper(archive, tmp_path / "older.tar.gz", as_made_then)
    out = io.StringIO()
    call_command("restore", str(older_archive), stdout=out)

    assert "migrated forward" in out.getvalue()
    call_command("migrate", "--check", verbosity=0)  # every migration applied again
    restored = sorted(Project.objects.exclude(planned_end=None).values_list("pk", "planned_end"))
    assert restored == with_end
