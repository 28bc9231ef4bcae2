"""One-file backups: every row (content, history, accounts) as JSON plus the uploaded media.

The archive is a gzipped tar file::

    manifest.json   format version, date, migrations, SHA-256 of every other member
    manifest.sig    HMAC-SHA256 of manifest.json with BACKUP_SIGNING_KEY (when it is set)
    data.json       Django serialisation with natural keys (users, groups, permissions)
    media/...       the files under MEDIA_ROOT

A checksum proves an archive is whole, not where it comes from, so ``restore`` trusts
nothing in it: members are streamed to a staging folder within size limits (a small
archive that unpacks to gigabytes is refused as soon as a member passes its limit), only
``manifest.json``, ``manifest.sig``, ``data.json`` and files under ``media/`` are allowed,
every row is sanitised and validated as a form save would do it (rich text through the
same allow-list, ``full_clean()``), every file a row points at passes that field's upload
validators and every rendition must be an image. Any failure refuses the archive as a
whole: the data is loaded in one transaction that is rolled back, and media files are
moved into ``MEDIA_ROOT`` only when everything passed. With ``BACKUP_SIGNING_KEY`` set,
backups are signed and unsigned or wrongly signed archives are refused.
"""

import hashlib
import hmac
import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from content.renditions import FOLDER as RENDITIONS_FOLDER
from content.richtext import RichTextField, sanitize_html
from content.validators import validate_image_content

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


MANIFEST, SIGNATURE, DATA, MEDIA = "manifest.json", "manifest.sig", "data.json", "media/"


class BackupError(Exception):
    pass


def sign(manifest_bytes):
    key = settings.BACKUP_SIGNING_KEY.encode()
    return hmac.new(key, manifest_bytes, hashlib.sha256).hexdigest()


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
                manifest_bytes = json.dumps(manifest, indent=1).encode()
                _add(archive, "manifest.json", manifest_bytes)
                if settings.BACKUP_SIGNING_KEY:
                    _add(archive, SIGNATURE, sign(manifest_bytes).encode())
        except BaseException:
            os.unlink(temporary.name)
            raise
    os.replace(temporary.name, destination)
    return len(objects), len(files)


def _safe_member_name(name):
    path = PurePosixPath(name)
    if (
        path.is_absolute()
        or ".." in path.parts
        or "\x00" in name
        or "\\" in name
        or not name
        or name != path.as_posix()
    ):
        raise BackupError(f"Unsafe file name in the archive: {name!r}")
    return path


def _check_member(member, seen):
    """The member's kind: DATA, MANIFEST, SIGNATURE or MEDIA; refuse anything else."""
    name = member.name
    _safe_member_name(name)
    if name in seen:
        raise BackupError(f"The archive holds {name!r} twice.")
    if not member.isfile():
        raise BackupError(f"Unexpected entry in the archive (not a file): {name!r}")
    if name in (MANIFEST, SIGNATURE, DATA):
        return name
    if name.startswith(MEDIA) and len(PurePosixPath(name).parts) > 1:
        return MEDIA
    raise BackupError(f"Unexpected file in the archive, outside media/: {name!r}")


def _limit(kind):
    if kind == MEDIA:
        return settings.BACKUP_MAX_FILE_BYTES, "BACKUP_MAX_FILE_BYTES"
    if kind == DATA:
        return settings.BACKUP_MAX_DATA_BYTES, "BACKUP_MAX_DATA_BYTES"
    return 1024 * 1024, None  # the manifest and its signature are small


def _stream(archive, member, target, limit, setting):
    """Copy a member to ``target`` in chunks, never past ``limit``; return its SHA-256."""
    too_large = BackupError(
        f"{member.name} is larger than the limit of {limit:,} bytes"
        + (f" ({setting}); the archive is refused." if setting else ".")
    )
    if member.size > limit:
        raise too_large
    digest, written = hashlib.sha256(), 0
    source = archive.extractfile(member)
    with open(target, "wb") as out:
        while chunk := source.read(1024 * 1024):
            written += len(chunk)
            if written > limit:
                raise too_large
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def read_backup(source, staging):
    """Stream the archive's members into the folder ``staging`` and verify them; return
    (manifest, data bytes, {media name: staged path}, {media name: modification time})."""
    staged, digests, mtimes, total = {}, {}, {}, 0
    staging = Path(staging)
    try:
        with tarfile.open(source, mode="r:gz") as archive:
            for number, member in enumerate(archive):
                kind = _check_member(member, staged)
                limit, setting = _limit(kind)
                total += member.size
                if total > settings.BACKUP_MAX_TOTAL_BYTES:
                    raise BackupError(
                        "The archive unpacks to more than "
                        f"{settings.BACKUP_MAX_TOTAL_BYTES:,} bytes (BACKUP_MAX_TOTAL_BYTES)."
                    )
                target = staging / f"{number:08d}"
                digests[member.name] = _stream(archive, member, target, limit, setting)
                staged[member.name] = target
                mtimes[member.name.removeprefix(MEDIA)] = member.mtime
    except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
        raise BackupError(f"Not a readable backup archive: {error}") from error
    if MANIFEST not in staged:
        raise BackupError("The archive has no valid manifest.json.")
    manifest_bytes = staged.pop(MANIFEST).read_bytes()
    digests.pop(MANIFEST)
    _check_signature(manifest_bytes, staged.pop(SIGNATURE, None), digests)
    try:
        manifest = json.loads(manifest_bytes)
    except ValueError as error:
        raise BackupError("The archive has no valid manifest.json.") from error
    if not isinstance(manifest, dict):
        raise BackupError("The archive has no valid manifest.json.")
    if manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
        raise BackupError("This is not a backup of this site (unknown format).")
    checksums = manifest.get("checksums", {})
    if not isinstance(checksums, dict) or set(checksums) != set(staged):
        raise BackupError("The archive's files do not match its manifest.")
    for name, digest in digests.items():
        if not hmac.compare_digest(digest, str(checksums[name])):
            raise BackupError(f"Checksum mismatch for {name}: the archive is damaged.")
    if DATA not in staged:
        raise BackupError("The archive has no data.json.")
    data = staged.pop(DATA).read_bytes()
    media = {name.removeprefix(MEDIA): path for name, path in staged.items()}
    return manifest, data, media, {name: mtimes[name] for name in media}


def _check_signature(manifest_bytes, signature_path, digests):
    digests.pop(SIGNATURE, None)
    if not settings.BACKUP_SIGNING_KEY:
        return
    if signature_path is None:
        raise BackupError(
            "The archive is not signed, and BACKUP_SIGNING_KEY is set: only archives "
            "signed with that key are restored."
        )
    expected = sign(manifest_bytes)
    if not hmac.compare_digest(signature_path.read_bytes().strip(), expected.encode()):
        raise BackupError(
            "The archive's signature does not match BACKUP_SIGNING_KEY: it was not made "
            "by a backup of this site, or it was changed."
        )


def database_is_empty(using=DEFAULT_DB_ALIAS):
    """True when no backed-up table holds a row, apart from what migrations create.

    Asked before ``migrate``: a table that does not exist yet holds nothing.
    """
    created_by_migrations = {"auth.group", "sites.site"}
    connection = connections[using]
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
    return not any(
        model._default_manager.using(using).exists()
        for model in backed_up_models()
        if model._meta.label_lower not in created_by_migrations and model._meta.db_table in tables
    )


def _tracked_model(model):
    """For a historical model (django-simple-history), the model whose history it keeps:
    its file fields carry that model's upload validators."""
    return getattr(model, "instance_type", model)


def _sanitise(instance):
    """What a save through a form does to rich text; a fixture load skips it."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, RichTextField):
            value = instance.__dict__.get(field.attname)
            if value is not None:
                instance.__dict__[field.attname] = sanitize_html(value)


def _file_references(instance):
    """[(media name, model field with its validators)] of ``instance``'s file fields."""
    tracked = _tracked_model(type(instance))
    references = []
    for field in tracked._meta.concrete_fields:
        if not isinstance(field, models.FileField):
            continue
        value = getattr(instance, field.attname, None)
        name = getattr(value, "name", value)
        if name:
            references.append((str(name), field))
    return references


def _full_clean(instance):
    """Model validation as a form save runs it. File fields are checked apart, on the
    archive's files (not in MEDIA_ROOT yet). A history record is checked field by field
    where it holds a value: it copies a version that passed when it was saved, and its
    bookkeeping fields (change reason, ...) are empty by design."""
    tracked = _tracked_model(type(instance))
    exclude = [
        f.name
        for model in {type(instance), tracked}
        for f in model._meta.concrete_fields
        if isinstance(f, models.FileField)
    ]
    if tracked is not type(instance):
        exclude += [
            f.name
            for f in instance._meta.concrete_fields
            if getattr(instance, f.attname) in f.empty_values
        ]
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    else:
        instance.full_clean(exclude=exclude)


def _describe(instance, error):
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        text = "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
        )
    else:
        text = "; ".join(getattr(error, "messages", [str(error)]))
    return f"{instance._meta.label} {instance.pk}: {text}"


def _validate_file(path, name, validators):
    with open(path, "rb") as handle:
        upload = File(handle, name=PurePosixPath(name).name)
        for validator in validators:
            validator(upload)


def _load(data, media, using):
    """Save every object of ``data`` (sanitised), then validate all of them and the files
    they point at; raise BackupError on the first failures. Runs inside a transaction."""
    allowed = {model: True for model in backed_up_models()}
    connection = connections[using]
    saved, deferred, loaded_models = [], [], set()
    try:
        with connection.constraint_checks_disabled():
            for deserialized in serializers.deserialize(
                "json", data, using=using, handle_forward_references=True
            ):
                instance = deserialized.object
                if type(instance) not in allowed:
                    raise BackupError(
                        f"The archive holds rows of {instance._meta.label}, which backups "
                        "never contain."
                    )
                _sanitise(instance)
                deserialized.save(using=using)
                loaded_models.add(type(instance))
                saved.append(instance)
                if deserialized.deferred_fields:
                    deferred.append(deserialized)
            for deserialized in deferred:
                deserialized.save_deferred_fields(using=using)
        connection.check_constraints(table_names=[m._meta.db_table for m in loaded_models])
    except BackupError:
        raise
    except (DeserializationError, DatabaseError, ValueError, TypeError, LookupError) as error:
        raise BackupError(f"The archive's data cannot be loaded: {error}") from error

    problems, referenced = [], set()
    for instance in saved:
        try:
            _full_clean(instance)
        except ValidationError as error:
            problems.append(_describe(instance, error))
        for name, field in _file_references(instance):
            referenced.add(name)
            if name in media:
                try:
                    _validate_file(media[name], name, field.validators)
                except ValidationError as error:
                    problems.append(f"media/{name} ({_describe(instance, error)})")
        if len(problems) >= 10:
            break
    for name, path in media.items():
        if name in referenced or len(problems) >= 10:
            continue
        if PurePosixPath(name).parts[0] != RENDITIONS_FOLDER:
            problems.append(f"media/{name}: no row of the archive uses this file")
            continue
        try:
            _validate_file(path, name, [validate_image_content])
        except ValidationError as error:
            problems.append(f"media/{name}: {'; '.join(error.messages)}")
    if problems:
        raise BackupError("The archive does not pass validation:\n  " + "\n  ".join(problems))
    sequence_sql = connection.ops.sequence_reset_sql(no_style(), list(loaded_models))
    with connection.cursor() as cursor:
        for statement in sequence_sql:
            cursor.execute(statement)
    return len(saved)


def _place_media(media, mtimes, media_root):
    """Move the staged files into MEDIA_ROOT; return the ones written (to undo)."""
    written = []
    try:
        for name, path in media.items():
            target = media_root / _safe_member_name(name)
            if target.exists():
                continue  # the same content: checked before anything was written
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(path, target)
            written.append(target)
            # Same modification time as the original, so renditions keep their names.
            os.utime(target, (mtimes[name], mtimes[name]))
    except BaseException:
        _remove(written)
        raise
    return written


def _remove(paths):
    for path in paths:
        path.unlink(missing_ok=True)


def _same_content(path, other):
    with open(path, "rb") as one, open(other, "rb") as two:
        while True:
            a, b = one.read(1024 * 1024), two.read(1024 * 1024)
            if a != b:
                return False
            if not a:
                return True


def restore_backup(source, using=DEFAULT_DB_ALIAS):
    """Restore ``source`` into an empty database and MEDIA_ROOT; return (rows, files).

    Nothing is changed unless the whole archive passes: the database stays empty and
    MEDIA_ROOT gets no file when anything is refused.
    """
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".restore-") as staging:
        manifest, data, media, mtimes = read_backup(source, staging)
        if not database_is_empty(using):
            raise BackupError("The database is not empty; restore only into an empty database.")
        for name, path in media.items():
            target = media_root / _safe_member_name(name)
            if target.exists() and not _same_content(target, path):
                raise BackupError(f"{target} exists with other content; restore into empty media.")
        call_command("migrate", database=using, interactive=False, verbosity=0)
        written = []
        try:
            with transaction.atomic(using=using):
                rows = _load(data, media, using)
                # Last, so a refused archive never leaves a file behind.
                written = _place_media(media, mtimes, media_root)
        except BaseException:
            _remove(written)
            raise
        finally:
            # Content types came back by natural key, perhaps with other ids than this
            # process has cached (history and translation records point at them).
            ContentType.objects.clear_cache()
    return rows, len(media)
