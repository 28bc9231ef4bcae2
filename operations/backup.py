"""One-file backups: every row (content, history, accounts) as JSON plus the uploaded media.

The archive is a gzipped tar file::

    manifest.json   format version, date, migrations, SHA-256 of every other member
    data.json       Django serialisation with natural keys (users, groups, permissions)
    media/...       the files under MEDIA_ROOT

``restore`` checks every checksum before it writes anything, loads the data into an
empty (migrated) database in one transaction and puts the files back.
"""

import hashlib
import io
import json
import os
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "vwn-projects-backup"
FORMAT_VERSION = 1

# Rebuilt by `migrate`, or short-lived: never part of a backup.
EXCLUDED = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "axes.accessattempt",
    "axes.accessfailurelog",
    "axes.accesslog",
    "axes.accessattemptexpiration",
}


class BackupError(Exception):
    pass


def backed_up_models():
    return [
        model
        for model in serializers.sort_dependencies(
            [(config, None) for config in apps.get_app_configs()], allow_cycles=True
        )
        if model._meta.label_lower not in EXCLUDED and not model._meta.proxy and model._meta.managed
    ]


def _sha256(data):
    return hashlib.sha256(data).hexdigest()


def _media_files(root):
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file() and not path.is_symlink())


def _add(archive, name, data, mtime=None):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp() if mtime is None else mtime)
    info.mode = 0o644
    archive.addfile(info, io.BytesIO(data))


def write_backup(destination, using=DEFAULT_DB_ALIAS):
    """Write the archive to ``destination``; return (row count, file count)."""
    destination = Path(destination)
    with transaction.atomic(using=using):
        # One transaction: a consistent snapshot even while editors are saving.
        objects = [
            obj
            for model in backed_up_models()
            for obj in model._default_manager.using(using).order_by("pk").iterator()
        ]
        data = serializers.serialize(
            "json",
            objects,
            indent=1,
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        ).encode()
    migrations = sorted(MigrationRecorder(connections[using]).applied_migrations().keys())
    media_root = Path(settings.MEDIA_ROOT)
    files = {}
    with tempfile.NamedTemporaryFile(
        dir=destination.parent, prefix=".backup-", suffix=".tmp", delete=False
    ) as temporary:
        try:
            with tarfile.open(fileobj=temporary, mode="w:gz") as archive:
                _add(archive, "data.json", data)
                for path in _media_files(media_root):
                    relative = path.relative_to(media_root).as_posix()
                    content = path.read_bytes()
                    files[f"media/{relative}"] = _sha256(content)
                    # The file's own time travels along: renditions are named after it.
                    _add(archive, f"media/{relative}", content, path.stat().st_mtime)
                manifest = {
                    "format": FORMAT,
                    "version": FORMAT_VERSION,
                    "created": timezone.now().isoformat(),
                    "database": connections[using].vendor,
                    "migrations": [list(m) for m in migrations],
                    "rows": len(objects),
                    "checksums": {"data.json": _sha256(data), **files},
                }
                _add(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
        except BaseException:
            os.unlink(temporary.name)
            raise
    os.replace(temporary.name, destination)
    return len(objects), len(files)


def _safe_member_name(name):
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or "\x00" in name:
        raise BackupError(f"Unsafe file name in the archive: {name!r}")
    return path


def read_backup(source):
    """Read and verify the archive; return (manifest, data bytes, {media path: bytes},
    {media path: modification time})."""
    members = {}
    mtimes = {}
    try:
        with tarfile.open(source, mode="r:gz") as archive:
            for member in archive.getmembers():
                _safe_member_name(member.name)
                if not member.isfile():
                    raise BackupError(f"Unexpected entry in the archive: {member.name!r}")
                members[member.name] = archive.extractfile(member).read()
                mtimes[member.name.removeprefix("media/")] = member.mtime
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"Not a readable backup archive: {error}") from error
    try:
        manifest = json.loads(members.pop("manifest.json"))
    except (KeyError, ValueError) as error:
        raise BackupError("The archive has no valid manifest.json.") from error
    if manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
        raise BackupError("This is not a backup of this site (unknown format).")
    checksums = manifest.get("checksums", {})
    if set(checksums) != set(members):
        raise BackupError("The archive's files do not match its manifest.")
    for name, content in members.items():
        if _sha256(content) != checksums[name]:
            raise BackupError(f"Checksum mismatch for {name}: the archive is damaged.")
    data = members.pop("data.json")
    media = {name.removeprefix("media/"): content for name, content in members.items()}
    return manifest, data, media, mtimes


def database_is_empty(using=DEFAULT_DB_ALIAS):
    """True when no backed-up table holds a row, apart from what migrations create."""
    created_by_migrations = {"auth.group", "sites.site"}
    return not any(
        model._default_manager.using(using).exists()
        for model in backed_up_models()
        if model._meta.label_lower not in created_by_migrations
    )


def restore_backup(source, using=DEFAULT_DB_ALIAS):
    """Restore ``source`` into an empty database and MEDIA_ROOT; return (rows, files)."""
    manifest, data, media, mtimes = read_backup(source)
    call_command("migrate", database=using, interactive=False, verbosity=0)
    if not database_is_empty(using):
        raise BackupError("The database is not empty; restore only into an empty database.")
    media_root = Path(settings.MEDIA_ROOT)
    for name, content in media.items():
        target = media_root / _safe_member_name(name)
        if target.exists() and target.read_bytes() != content:
            raise BackupError(f"{target} exists with other content; restore into empty media.")
    with tempfile.TemporaryDirectory() as folder:
        fixture = Path(folder) / "data.json"
        fixture.write_bytes(data)
        # Groups made by migrations are matched by name (natural keys) and updated.
        with transaction.atomic(using=using):
            call_command("loaddata", str(fixture), database=using, verbosity=0)
    # Content types came back by natural key, perhaps with other ids than this process
    # has cached (history and translation records point at them).
    ContentType.objects.clear_cache()
    for name, content in media.items():
        target = media_root / _safe_member_name(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        # Same modification time as the original, so renditions keep their names.
        os.utime(target, (mtimes[name], mtimes[name]))
    return manifest["rows"], len(media)
