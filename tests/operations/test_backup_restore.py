"""`manage.py backup` and `manage.py restore`: everything comes back, byte for byte."""

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from content import revisions
from content.models import Revision
from content.recording import recording
from partners.models import PartnerOrganisation
from projects.models import Country, Project
from tests.factories import image_upload

QUIET = {"stdout": io.StringIO()}


def public_pages():
    """Every public page in both languages: {url: html}."""
    client = Client()
    pages = {}
    for language in ("nl", "en"):
        with translation.override(language):
            urls = [reverse("projects:overview")]
            urls += [p.get_absolute_url() for p in Project.objects.published()]
            urls += [c.get_absolute_url() for c in Country.objects.published()]
            urls += [p.get_absolute_url() for p in PartnerOrganisation.objects.all()]
        for url in urls:
            response = client.get(url)
            if response.status_code == 200:
                pages[url] = response.content.decode()
    return pages


def media_hashes(root):
    root = Path(root)
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


@pytest.fixture
def site_with_uploads(media_root, django_user_model):
    call_command("load_seed_content", **QUIET)
    editor = django_user_model.objects.create_user("redacteur", password="pw", is_staff=True)
    editor.groups.add(Group.objects.get(name="editors"))
    partner = PartnerOrganisation.objects.order_by("pk").first()
    with recording(user=editor):
        partner.logo = image_upload("Logo Partner.png", fmt="PNG")
        partner.name_en = "Edited in English"
        partner.save()
    return partner


@pytest.fixture
def fresh_content_type_cache():
    """After the round trip, the test database is rebuilt with the original content type
    ids; forget the ones cached from the restored data, or later tests write stale ids."""
    yield
    ContentType.objects.clear_cache()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_and_restore_round_trip_pages_files_and_history(
    site_with_uploads, media_root, tmp_path, settings, fresh_content_type_cache
):
    pages_before = public_pages()
    files_before = media_hashes(media_root)
    history_before = Revision.objects.count()
    assert history_before
    assert len(pages_before) > 10 and len(files_before) >= 3
    archive = tmp_path / "backup.tar.gz"

    call_command("backup", output=str(archive), **QUIET)
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    assert not Project.objects.exists() and not User.objects.exists()

    call_command("restore", str(archive), **QUIET)

    assert public_pages() == pages_before
    assert media_hashes(settings.MEDIA_ROOT) == files_before
    assert Revision.objects.count() == history_before
    restored_editor = User.objects.get(username="redacteur")
    assert restored_editor.check_password("pw")
    assert list(restored_editor.groups.values_list("name", flat=True)) == ["editors"]
    assert Group.objects.get(name="editors").permissions.exists()
    latest = revisions.history_of(site_with_uploads).first()
    assert latest.content["item"]["fields"]["name_en"] == "Edited in English"
    assert latest.user == restored_editor
    # The database's id sequences continue after the restored rows.
    new = Project.objects.create(title_nl="Nieuw", slug_nl="nieuw")
    assert new.pk > max(
        pk for pk in Project.objects.exclude(pk=new.pk).values_list("pk", flat=True)
    )


@pytest.mark.django_db
def test_restore_refuses_a_database_with_content(site_with_uploads, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive), **QUIET)

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), **QUIET)


def rewrite_archive(source, destination, change):
    with tarfile.open(source, "r:gz") as archive:
        members = {m.name: archive.extractfile(m).read() for m in archive.getmembers()}
    change(members)
    with tarfile.open(destination, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))


@pytest.mark.django_db
def test_restore_refuses_a_damaged_archive_before_writing_anything(site_with_uploads, tmp_path):
    archive, damaged = tmp_path / "backup.tar.gz", tmp_path / "damaged.tar.gz"
    call_command("backup", output=str(archive), **QUIET)

    def damage(members):
        members["data.json"] = members["data.json"].replace(b"Kenia", b"Kenya")

    rewrite_archive(archive, damaged, damage)
    with pytest.raises(CommandError, match="Checksum mismatch"):
        call_command("restore", str(damaged), **QUIET)


@pytest.mark.django_db
def test_restore_refuses_file_names_that_escape_the_media_folder(site_with_uploads, tmp_path):
    archive, evil = tmp_path / "backup.tar.gz", tmp_path / "evil.tar.gz"
    call_command("backup", output=str(archive), **QUIET)

    def escape(members):
        members["media/../../evil.txt"] = b"x"
        manifest = json.loads(members["manifest.json"])
        manifest["checksums"]["media/../../evil.txt"] = hashlib.sha256(b"x").hexdigest()
        members["manifest.json"] = json.dumps(manifest).encode()

    rewrite_archive(archive, evil, escape)
    with pytest.raises(CommandError, match="Unsafe file name"):
        call_command("restore", str(evil), **QUIET)
    assert not (tmp_path / "evil.txt").exists()


@pytest.mark.django_db
def test_backup_refuses_to_overwrite_an_existing_file(tmp_path):
    existing = tmp_path / "backup.tar.gz"
    existing.write_bytes(b"keep me")
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", output=str(existing), **QUIET)
    assert existing.read_bytes() == b"keep me"


# An archive that passes its checksums proves nothing about where it came from: a tampered
# archive (with checksums recomputed) is refused or sanitised, and nothing is changed.


def tamper(source, destination, change, sign_with=None):
    """Rewrite ``source`` with ``change(members)`` applied and a manifest whose checksums
    match again, as an attacker who read the format would."""
    with tarfile.open(source, "r:gz") as archive:
        members = {m.name: archive.extractfile(m).read() for m in archive.getmembers()}
    change(members)
    manifest = json.loads(members.pop("manifest.json"))
    members.pop("manifest.sig", None)
    manifest["checksums"] = {
        name: hashlib.sha256(data).hexdigest()
        for name, data in members.items()
        if isinstance(data, bytes)
    }
    members["manifest.json"] = json.dumps(manifest).encode()
    if sign_with:
        import hmac

        members["manifest.sig"] = (
            hmac.new(sign_with.encode(), members["manifest.json"], hashlib.sha256)
            .hexdigest()
            .encode()
        )
    with tarfile.open(destination, "w:gz") as archive:
        for name, data in members.items():
            if isinstance(data, tarfile.TarInfo):  # a crafted entry (link, folder)
                archive.addfile(data)
                continue
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return destination


def edit_rows(members, change):
    data = json.loads(members["data.json"])
    change(data["tables"])
    members["data.json"] = json.dumps(data).encode()


class Row(dict):
    """One row of an archive's table as {column: value}; writes go to the archive's row."""

    def __init__(self, columns, values):
        super().__init__(zip(columns, values, strict=True))
        self.columns, self.values = columns, values

    def __setitem__(self, column, value):
        super().__setitem__(column, value)
        self.values[self.columns.index(column)] = value

    def update(self, **values):
        for column, value in values.items():
            self[column] = value


def first_row(tables, model, **match):
    table = next(t for t in tables if t["model"] == model)
    return next(
        row
        for row in (Row(table["columns"], values) for values in table["rows"])
        if all(row.get(k) == v for k, v in match.items())
    )


@pytest.fixture
def emptied(site_with_uploads, media_root, tmp_path, settings, fresh_content_type_cache):
    """A backup of the seed site with uploads, then an empty database and media folder: the
    state restore expects. Yields (archive path, new media root)."""
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive), **QUIET)
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    settings.MEDIA_ROOT.mkdir()
    return archive, settings.MEDIA_ROOT


def assert_untouched(media):
    assert not Project.objects.exists()
    assert not User.objects.exists()
    assert list(Path(media).rglob("*")) == []


transactional = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@transactional
def test_a_script_in_rich_text_is_sanitised_on_restore(emptied, tmp_path):
    archive, media = emptied

    def inject(members):
        def change(rows):
            project = first_row(rows, "projects.project")
            project["body_nl"] = (
                '<p>Tekst</p><script>alert(1)</script><img src=x onerror="alert(2)">'
            )
            table = next(t for t in rows if t["model"] == "content.revision")
            for version in (Row(table["columns"], values) for values in table["rows"]):
                content = version["content"]
                text = isinstance(content, str)
                content = json.loads(content) if text else content
                if content["item"]["model"] == "projects.project":
                    fields = content["item"]["fields"]
                    fields["body_nl"] = "<p>Oud</p><script>alert(3)</script>"
                    version["content"] = json.dumps(content) if text else content
                    break

        edit_rows(members, change)

    call_command("restore", str(tamper(archive, tmp_path / "xss.tar.gz", inject)), **QUIET)

    bodies = [*Project.objects.values_list("body_nl", flat=True)]
    bodies += [
        r.content["item"]["fields"].get("body_nl")
        for r in Revision.objects.filter(content_type=revisions.content_type_of(Project))
    ]
    assert "<p>Tekst</p>" in bodies and "<p>Oud</p>" in bodies
    assert not any("script" in (b or "") or "onerror" in (b or "") for b in bodies)


@transactional
@pytest.mark.parametrize(
    "change, message",
    [
        (lambda row: row.update(status="hacked"), "status"),
        (lambda row: row.update(slug_nl="niet geldig!"), "slug"),
        (lambda row: row.update(project_code="../P1"), "project_code"),
    ],
    ids=["unknown-status", "invalid-slug", "invalid-project-code"],
)
def test_a_row_that_fails_model_validation_refuses_the_whole_archive(
    emptied, tmp_path, change, message
):
    archive, media = emptied
    bad = tamper(
        archive,
        tmp_path / "bad.tar.gz",
        lambda members: edit_rows(
            members, lambda rows: change(first_row(rows, "projects.project"))
        ),
    )
    with pytest.raises(CommandError, match=f"(?s)does not pass validation.*{message}"):
        call_command("restore", str(bad), **QUIET)
    assert_untouched(media)


@transactional
def test_rows_of_tables_a_backup_never_holds_are_refused(emptied, tmp_path):
    archive, media = emptied

    def add_session(members):
        edit_rows(
            members,
            lambda tables: tables.append(
                {
                    "model": "sessions.session",
                    "columns": ["session_key", "session_data", "expire_date"],
                    "rows": [["x" * 32, "e30:", "2099-01-01T00:00:00+00:00"]],
                }
            ),
        )

    with pytest.raises(CommandError, match="sessions.session"):
        call_command("restore", str(tamper(archive, tmp_path / "s.tar.gz", add_session)), **QUIET)
    assert_untouched(media)


@transactional
def test_a_report_with_active_content_in_the_archive_is_refused(emptied, tmp_path):
    from tests.factories import pdf_document

    archive, media = emptied

    def replace_report(members):
        [name] = [n for n in members if n.startswith("media/workshops/reports/")]
        members[name] = pdf_document(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>")

    bad = tamper(archive, tmp_path / "pdf.tar.gz", replace_report)
    with pytest.raises(CommandError, match="(?s)media/workshops/reports/.*scripts"):
        call_command("restore", str(bad), **QUIET)
    assert_untouched(media)


@transactional
def test_a_rendition_that_is_no_image_is_refused(emptied, tmp_path):
    archive, media = emptied
    name, content = "media/renditions/x/evil-400w.webp", b"<svg onload=alert(1)>"
    bad = tamper(archive, tmp_path / "m.tar.gz", lambda members: members.update({name: content}))
    with pytest.raises(CommandError, match="does not pass validation"):
        call_command("restore", str(bad), **QUIET)
    assert_untouched(media)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    ["evil.txt", "static/site.css", "media", "data.json/../x"],
    ids=["root", "other-folder", "bare-media", "dotdot"],
)
def test_members_outside_the_expected_folders_are_refused(site_with_uploads, tmp_path, name):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive), **QUIET)
    bad = tamper(archive, tmp_path / "o.tar.gz", lambda members: members.update({name: b"x"}))
    with pytest.raises(CommandError, match="outside media|Unsafe file name"):
        call_command("restore", str(bad), **QUIET)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [tarfile.SYMTYPE, tarfile.LNKTYPE, tarfile.DIRTYPE])
def test_links_and_folders_in_the_archive_are_refused(site_with_uploads, tmp_path, kind):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive), **QUIET)

    def add_link(members):
        entry = tarfile.TarInfo("media/link")
        entry.type, entry.linkname = kind, "/etc/passwd"
        members["media/link"] = entry

    with pytest.raises(CommandError, match="not a file"):
        call_command("restore", str(tamper(archive, tmp_path / "l.tar.gz", add_link)), **QUIET)


def zeros_archive(destination, name, size):
    """A gzipped tar whose member ``name`` is ``size`` zero bytes: tiny on disk."""

    class Zeros(io.RawIOBase):
        def __init__(self):
            self.left = size

        def readable(self):
            return True

        def readinto(self, buffer):
            n = min(len(buffer), self.left)
            buffer[:n] = bytes(n)
            self.left -= n
            return n

    with tarfile.open(destination, "w:gz", compresslevel=1) as archive:
        manifest = {"format": "vwn-projects-backup", "version": 1, "checksums": {}}
        data = json.dumps(manifest).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
        info = tarfile.TarInfo(name)
        info.size = size
        archive.addfile(info, Zeros())
    return destination


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["media/workshops/reports/bom.pdf", "data.json"])
def test_a_zip_bomb_member_is_refused_without_unpacking_it_into_memory(
    tmp_path, media_root, settings, name
):
    import tracemalloc

    settings.BACKUP_MAX_DATA_BYTES = 50 * 1024 * 1024
    bomb = zeros_archive(tmp_path / "bomb.tar.gz", name, 400 * 1024 * 1024)
    assert bomb.stat().st_size < 2 * 1024 * 1024  # 400 MB of zeros, packed small

    tracemalloc.start()
    try:
        with pytest.raises(CommandError, match="larger than the limit"):
            call_command("restore", str(bomb), **QUIET)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024
    assert list(media_root.rglob("*")) == []


@pytest.mark.django_db
def test_a_member_growing_past_the_limit_while_streamed_is_refused(tmp_path, settings, media_root):
    from operations.backup import BackupError, read_backup

    settings.BACKUP_MAX_FILE_BYTES = 1024 * 1024
    bomb = zeros_archive(tmp_path / "bomb.tar.gz", "media/a.jpg", 3 * 1024 * 1024)
    staging = tmp_path / "staging"
    staging.mkdir()
    with pytest.raises(BackupError, match="BACKUP_MAX_FILE_BYTES"):
        read_backup(bomb, staging)
    assert all(path.stat().st_size <= 1024 * 1024 for path in staging.iterdir())


@transactional
def test_a_signing_key_signs_backups_and_restore_checks_the_signature(
    site_with_uploads, media_root, tmp_path, settings, fresh_content_type_cache
):
    settings.BACKUP_SIGNING_KEY = "our-own-backup-key"
    archive = tmp_path / "signed.tar.gz"
    call_command("backup", output=str(archive), **QUIET)
    unsigned = tamper(archive, tmp_path / "unsigned.tar.gz", lambda members: None)
    forged = tamper(archive, tmp_path / "forged.tar.gz", lambda m: None, sign_with="guess")
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "restored-media"

    with pytest.raises(CommandError, match="not signed"):
        call_command("restore", str(unsigned), **QUIET)
    with pytest.raises(CommandError, match="signature does not match"):
        call_command("restore", str(forged), **QUIET)
    assert not Project.objects.exists()

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    assert "signature checked" in out.getvalue()
    assert Project.objects.exists()
