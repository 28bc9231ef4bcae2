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
    partner._history_user = editor
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
    history_before = PartnerOrganisation.history.count()
    assert len(pages_before) > 10 and len(files_before) >= 3
    archive = tmp_path / "backup.tar.gz"

    call_command("backup", output=str(archive), **QUIET)
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    assert not Project.objects.exists() and not User.objects.exists()

    call_command("restore", str(archive), **QUIET)

    assert public_pages() == pages_before
    assert media_hashes(settings.MEDIA_ROOT) == files_before
    assert PartnerOrganisation.history.count() == history_before
    restored_editor = User.objects.get(username="redacteur")
    assert restored_editor.check_password("pw")
    assert list(restored_editor.groups.values_list("name", flat=True)) == ["editors"]
    assert Group.objects.get(name="editors").permissions.exists()
    latest = PartnerOrganisation.history.filter(name_en="Edited in English").get()
    assert latest.history_user == restored_editor
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
