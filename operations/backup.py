"""One-file backups: every row of every table, exactly as stored, plus the uploaded media.

The archive is a gzipped tar file::

    manifest.json   format version, date, release, migrations, row counts, SHA-256 of
                    every other member
    manifest.sig    HMAC-SHA256 of manifest.json with BACKUP_SIGNING_KEY (when it is set)
    data.json       every table's columns and rows, values as stored (timestamps to the
                    microsecond, ids as they are)
    media/...       the files under MEDIA_ROOT, with their modification times

The backup reads every table in one read-only transaction: on PostgreSQL at REPEATABLE
READ, one snapshot of the whole database even while editors save.

Restore copies that database, it does not re-save it: rows are written with plain INSERTs
(no ``save()``, no signals, so no history version is added and no timestamp is touched),
content types and permissions keep their ids, and references are whatever they were. A
history or revision row may name an item that was deleted since: that is what history is,
so nothing checks such references; the database checks its own foreign keys and every
broken one is named. The archive's schema is its list of applied migrations: an archive
made at an older migration is loaded into the schema of that migration and migrated
forward afterwards; one with migrations this release does not know is refused.

A checksum proves an archive is whole, not where it comes from (with BACKUP_SIGNING_KEY
set, only archives signed with it are restored), so restore also checks what the site
would serve: members are streamed to a staging folder within size limits (a small archive
that unpacks to gigabytes is refused as soon as a member passes its limit), only
``manifest.json``, ``manifest.sig``, ``data.json`` and regular files under ``media/`` are
allowed, rich text goes through the same allow-list as a form save (a fixed point for what
the site saved), the values of the models editors edit in the admin pass their fields'
validators (choices, slugs, lengths: a form's checks, not its references), the files those
models use pass their upload validators, and every rendition must be an image. A file no
row uses is restored as it is (the site never serves it). Every problem is named at once;
any problem refuses the archive as a whole, and nothing is written before all checks pass.
"""

import base64
import datetime
import decimal
import hashlib
import hmac
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
import uuid
import zlib
from collections import defaultdict
from pathlib import Path, PurePosixPath

from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.admin.sites import all_sites
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.duration import duration_string

from content import revisions
from content.models import Revision
from content.renditions import FOLDER as RENDITIONS_FOLDER
from content.richtext import RichTextField, sanitize_html
from content.validators import validate_image_content
from website.page_cache import bump_content_version

FORMAT = "vwn-projects-backup"
FORMAT_VERSION = 2

# Short-lived: never part of a backup, and refused in an archive.
EXCLUDED = {
    "sessions.session",
    "axes.accessattempt",
    "axes.accessfailurelog",
    "axes.accesslog",
    "axes.accessattemptexpiration",
}

MANIFEST, SIGNATURE, DATA, MEDIA = "manifest.json", "manifest.sig", "data.json", "media/"


class BackupError(Exception):
    def __init__(self, message, problems=()):
        self.problems = list(problems)
        if self.problems:
            message = f"{message}\n  " + "\n  ".join(self.problems)
        super().__init__(message)


def sign(manifest_bytes):
    key = settings.BACKUP_SIGNING_KEY.encode()
    return hmac.new(key, manifest_bytes, hashlib.sha256).hexdigest()


def release():
    """The commit this code is at, when it runs from a git checkout; else ''."""
    try:
        result = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


def backed_up_models(apps=global_apps):
    """Every table Django manages (many-to-many tables included), by label."""
    return sorted(
        (
            model
            for model in apps.get_models(include_auto_created=True)
            if model._meta.label_lower not in EXCLUDED
            and not model._meta.proxy
            and model._meta.managed
        ),
        key=lambda model: model._meta.label_lower,
    )


def _columns(model):
    return [field for field in model._meta.concrete_fields]


# --- Values as JSON, exactly -----------------------------------------------------------


def _encode(value):
    """A column's Python value as JSON that ``field.to_python`` reads back unchanged."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()  # microseconds included (DjangoJSONEncoder drops them)
    if isinstance(value, datetime.timedelta):
        return duration_string(value)
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def _decode(field, value):
    if value is None or isinstance(field, models.JSONField):
        return value
    if isinstance(field, models.ForeignKey):
        field = field.target_field
    return field.to_python(value)


# --- Writing ---------------------------------------------------------------------------


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


def _snapshot(connection):
    """Make the transaction just begun read only, and on PostgreSQL one snapshot for every
    query in it (the default, READ COMMITTED, takes a new snapshot per query)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
    # SQLite: a read transaction sees one snapshot from its first read on (WAL).


def unapplied_and_unknown(connection):
    """(migrations of this code not applied to the database, applied ones it does not know)."""
    loader = MigrationLoader(connection)
    applied = set(loader.applied_migrations)
    graph = set(loader.graph.nodes)
    return sorted(graph - applied), sorted(applied - graph - _replaced(loader))


def _replaced(loader):
    return {key for migration in loader.disk_migrations.values() for key in migration.replaces}


def read_tables(using=DEFAULT_DB_ALIAS):
    """(applied migrations, [table dict]) read in one read-only snapshot."""
    connection = connections[using]
    # Inside a caller's transaction (a test's) its snapshot is the one there is.
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using):
        if outermost:
            _snapshot(connection)
        migrations = sorted(MigrationRecorder(connection).applied_migrations())
        tables = []
        for model in backed_up_models():
            fields = _columns(model)
            # A plain QuerySet: modeltranslation's manager would rewrite "title" to
            # "title_nl"; every column is read as the database holds it.
            rows = models.QuerySet(model, using=using).order_by("pk")
            rows = rows.values_list(*(field.attname for field in fields))
            tables.append(
                {
                    "model": model._meta.label_lower,
                    "columns": [field.attname for field in fields],
                    "rows": [[_encode(value) for value in row] for row in rows.iterator()],
                }
            )
    return [list(m) for m in migrations], tables


def write_backup(destination, using=DEFAULT_DB_ALIAS):
    """Write the archive to ``destination``; return (row count, file count)."""
    destination = Path(destination)
    connection = connections[using]
    unapplied, unknown = unapplied_and_unknown(connection)
    if unapplied or unknown:
        raise BackupError(
            "The database's schema is not this release's; run `manage.py migrate` (or use "
            "the release that made it) before a backup.",
            [f"not applied: {a}.{n}" for a, n in unapplied]
            + [f"applied, unknown to this release: {a}.{n}" for a, n in unknown],
        )
    migrations, tables = read_tables(using)
    data = json.dumps({"tables": tables}, separators=(",", ":"), ensure_ascii=False).encode()
    media_root = Path(settings.MEDIA_ROOT)
    files = {}
    with tempfile.NamedTemporaryFile(
        dir=destination.parent, prefix=".backup-", suffix=".tmp", delete=False
    ) as temporary:
        try:
            with tarfile.open(fileobj=temporary, mode="w:gz", compresslevel=6) as archive:
                _add(archive, DATA, data)
                for path in _media_files(media_root):
                    relative = path.relative_to(media_root).as_posix()
                    content = path.read_bytes()
                    files[f"{MEDIA}{relative}"] = _sha256(content)
                    # The file's own time travels along: renditions are named after it.
                    _add(archive, f"{MEDIA}{relative}", content, path.stat().st_mtime)
                manifest = {
                    "format": FORMAT,
                    "version": FORMAT_VERSION,
                    "created": timezone.now().isoformat(),
                    "release": release(),
                    "database": connection.vendor,
                    "migrations": migrations,
                    "rows": {table["model"]: len(table["rows"]) for table in tables},
                    "checksums": {DATA: _sha256(data), **files},
                }
                manifest_bytes = json.dumps(manifest, indent=1).encode()
                _add(archive, MANIFEST, manifest_bytes)
                if settings.BACKUP_SIGNING_KEY:
                    _add(archive, SIGNATURE, sign(manifest_bytes).encode())
        except BaseException:
            os.unlink(temporary.name)
            raise
    os.replace(temporary.name, destination)
    return sum(len(table["rows"]) for table in tables), len(files)


# --- Reading and checking --------------------------------------------------------------


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
        if isinstance(error, FileNotFoundError):
            raise
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
    _check_format(manifest)
    checksums = manifest.get("checksums", {})
    if not isinstance(checksums, dict):
        raise BackupError("The archive has no valid manifest.json.")
    problems = [
        f"{name}: in the archive, not in its manifest" for name in staged - checksums.keys()
    ]
    problems += [f"{name}: in the manifest, missing" for name in checksums.keys() - staged]
    problems += [
        f"Checksum mismatch for {name}: the archive is damaged."
        for name, digest in sorted(digests.items())
        if name in checksums and not hmac.compare_digest(digest, str(checksums[name]))
    ]
    if problems:
        raise BackupError("The archive is damaged or incomplete:", sorted(problems))
    if DATA not in staged:
        raise BackupError("The archive has no data.json.")
    data = staged.pop(DATA).read_bytes()
    media = {name.removeprefix(MEDIA): path for name, path in staged.items()}
    return manifest, data, media, {name: mtimes[name] for name in media}


def _check_format(manifest):
    if manifest.get("format") != FORMAT:
        raise BackupError("This is not a backup of this site (unknown format).")
    version = manifest.get("version")
    if version == 1:
        raise BackupError(
            "This archive was made by an older release (backup format 1, rows as Django "
            "fixtures), which this release does not read. If the database it was made from "
            "still runs, upgrade that database with this release (`make release`; "
            "docs/operations.md, Upgrading) and back it up again. Otherwise restore the archive "
            "with the release that made it (its manifest's migrations say which: 9223af6 when they "
            "include projects.0005_history_of_iati_fields), upgrade, and back up again."
        )
    if version != FORMAT_VERSION:
        raise BackupError(
            f"This archive has backup format {version!r}; this release reads format "
            f"{FORMAT_VERSION}. It was made by a newer release: restore it with that one."
        )


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


class Plan:
    """What an archive's schema means to this release: the migrations to load it at, the
    models of that schema, and whether it is migrated forward after loading."""

    def __init__(self, connection, manifest):
        self.loader = MigrationLoader(connection, ignore_no_migrations=True)
        graph = self.loader.graph
        migrations = manifest.get("migrations")
        if not isinstance(migrations, list) or not all(
            isinstance(m, list) and len(m) == 2 and all(isinstance(p, str) for p in m)
            for m in migrations
        ):
            raise BackupError("The archive's manifest lists no valid migrations.")
        applied = {tuple(m) for m in migrations}
        # A squashed migration counts as applied when all the ones it replaces are.
        for key, migration in self.loader.disk_migrations.items():
            if migration.replaces and set(migration.replaces) <= applied:
                applied.add(key)
        unknown = sorted(applied - set(graph.nodes) - _replaced(self.loader))
        if unknown:
            raise BackupError(
                "The archive's schema is not one this release knows: it has migrations "
                "this code does not have. It was made by a newer release, or by a release "
                "from before the migrations were reset (9223af6 and older): restore it with "
                "the release that made it (docs/operations.md, Upgrading).",
                [f"{app}.{name}" for app, name in unknown],
            )
        applied &= set(graph.nodes)
        missing = sorted(
            {parent for key in applied for parent in graph.forwards_plan(key)} - applied
        )
        if missing:
            raise BackupError(
                "The archive's migrations are incomplete (a migration without the ones it "
                "needs): it was not made by `manage.py backup`.",
                [f"{app}.{name}" for app, name in missing],
            )
        self.applied = applied
        self.targets = sorted(
            key
            for key in applied
            if not any(child in applied for child in graph.node_map[key].children)
        )
        self.current = applied == set(graph.nodes)
        if self.current:
            self.apps = global_apps
        else:
            self.apps = self.loader.project_state(self.targets, at_end=True).apps

    @property
    def forward(self):
        return not self.current


def _admin_models():
    """Labels of the models editors edit through the admin's forms."""
    return {model._meta.label_lower for site in all_sites for model in site._registry}


def check_rows(tables, plan, media):
    """Decode and check every row; return ([(model, fields, [row values])], references,
    problems): references are {media name: [validators]} of the files admin models use."""
    problems, loaded, references = [], [], defaultdict(list)
    admin_models = _admin_models()
    known = {model._meta.label_lower: model for model in backed_up_models(plan.apps)}
    if not isinstance(tables, list):
        raise BackupError("The archive's data.json is not a backup's data.")
    seen = set()
    for table in tables:
        try:
            label, columns, rows = table["model"], table["columns"], table["rows"]
        except (TypeError, KeyError):
            raise BackupError("The archive's data.json is not a backup's data.") from None
        if label in seen:
            problems.append(f"{label}: the table appears twice")
            continue
        seen.add(label)
        model = known.get(label)
        if model is None:
            if label in EXCLUDED:
                problems.append(f"{label}: the archive holds rows of it, which backups never hold")
            else:
                problems.append(f"{label}: no such table in the archive's schema")
            continue
        by_name = {field.attname: field for field in _columns(model)}
        unknown = [c for c in columns if c not in by_name]
        absent = [name for name in by_name if name not in columns]
        if unknown or absent:
            problems.append(
                f"{label}: its columns are not the schema's"
                + (f" (unknown: {', '.join(map(str, unknown))})" if unknown else "")
                + (f" (missing: {', '.join(absent)})" if absent else "")
            )
            continue
        fields = [by_name[c] for c in columns]
        validate = label in admin_models
        decoded = []
        for row in rows:
            values, error = _decode_row(fields, row)
            if error:
                problems.append(f"{model._meta.label} {row[0] if row else '?'}: {error}")
                continue
            if validate:
                problems += _validate_row(model, fields, values, references)
            decoded.append(values)
        loaded.append((model, fields, decoded))
    return loaded, references, problems


def _decode_row(fields, row):
    if not isinstance(row, list) or len(row) != len(fields):
        return None, "not a row of this table"
    values = []
    for field, value in zip(fields, row, strict=True):
        try:
            value = _decode(field, value)
        except (ValidationError, ValueError, TypeError) as error:
            text = "; ".join(getattr(error, "messages", [str(error)]))
            return None, f"{field.name}: {text}"
        if isinstance(field, RichTextField) and value:
            value = sanitize_html(value)
        elif field.model is Revision and field.name == "content" and value:
            value = revisions.sanitized(value)  # the rich text of every version
        values.append(value)
    return values, None


def _validate_row(model, fields, values, references):
    """A form's checks of the values themselves: choices, lengths, validators. Not what
    is empty (a draft may be) and not references (the database checks those). Field by
    field, without making the object (modeltranslation's constructor would be most of
    the time)."""
    pk, problems = values[fields.index(model._meta.pk)], []
    for field, value in zip(fields, values, strict=True):
        if isinstance(field, models.FileField):
            if value:
                references[str(value)].append((model, pk, field.validators))
            continue
        if field.is_relation or value in field.empty_values:
            continue
        try:
            field.validate(value, None)
            field.run_validators(value)
        except ValidationError as error:
            problems.append(f"{model._meta.label} {pk}: {field.name}: {' '.join(error.messages)}")
    return problems


def _validate_file(path, name, validators):
    with open(path, "rb") as handle:
        upload = File(handle, name=PurePosixPath(name).name)
        for validator in validators:
            validator(upload)


def check_media(media, references):
    """Problems of the archive's files: the files content uses pass its upload validators,
    renditions are images; a file no row uses is kept as it is (never served)."""
    problems = []
    for name, users in sorted(references.items()):
        if name not in media:
            continue  # a row naming a missing file: as it was backed up
        for model, pk, validators in users:
            try:
                _validate_file(media[name], name, validators)
            except ValidationError as error:
                text = " ".join(error.messages)
                problems.append(f"media/{name} ({model._meta.label} {pk}): {text}")
                break
    for name, path in sorted(media.items()):
        if name in references or PurePosixPath(name).parts[0] != RENDITIONS_FOLDER:
            continue
        try:
            _validate_file(path, name, [validate_image_content])
        except ValidationError as error:
            problems.append(f"media/{name}: {' '.join(error.messages)}")
    return problems


def inspect(source, staging, using=DEFAULT_DB_ALIAS):
    """Read and check the archive without writing anything; return (manifest, plan,
    loaded rows, media, mtimes). Raise BackupError naming every problem."""
    manifest, data, media, mtimes = read_backup(source, staging)
    plan = Plan(connections[using], manifest)
    try:
        tables = json.loads(data)["tables"]
    except (ValueError, TypeError, KeyError) as error:
        raise BackupError("The archive's data.json is not a backup's data.") from error
    loaded, references, problems = check_rows(tables, plan, media)
    problems += check_media(media, references)
    if problems:
        raise BackupError(
            f"The archive does not pass validation ({len(problems)} problems):", problems
        )
    return manifest, plan, loaded, media, mtimes


def verify_backup(source, using=DEFAULT_DB_ALIAS):
    """Check an archive as restore would, changing nothing; return its manifest."""
    with tempfile.TemporaryDirectory(prefix=".verify-") as staging:
        manifest, plan, loaded, media, _mtimes = inspect(source, staging, using)
    return manifest, plan.forward


# --- Restoring -------------------------------------------------------------------------


def database_is_empty(using=DEFAULT_DB_ALIAS):
    """True when no backed-up table holds a row, apart from what migrations create.

    Asked before ``migrate``: a table that does not exist yet holds nothing.
    """
    created_by_migrations = {
        "auth.group",
        "auth.permission",
        "auth.group_permissions",
        "contenttypes.contenttype",
        "sites.site",
    }
    connection = connections[using]
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
    return not any(
        models.QuerySet(model, using=using).exists()
        for model in backed_up_models()
        if model._meta.label_lower not in created_by_migrations and model._meta.db_table in tables
    )


def _migrate(connection, targets):
    executor = MigrationExecutor(connection)
    executor.loader.check_consistent_history(connection)
    plan = executor.migration_plan(targets)
    executor.migrate(targets, plan=plan)


def _insert(connection, model, fields, rows):
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        table,
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    batch = max(1, 900 // max(1, len(fields))) if connection.vendor == "sqlite" else 1000
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            cursor.executemany(
                sql,
                [
                    [
                        field.get_db_prep_save(value, connection)
                        for field, value in zip(fields, row, strict=True)
                    ]
                    for row in rows[start : start + batch]
                ],
            )


def broken_references(connection, loaded):
    """Every row whose database foreign key names a row that is not there. Only the
    constraints the database itself has (history's references are no constraints)."""
    problems = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model, _fields, _rows in loaded:
            for field in model._meta.concrete_fields:
                if not (field.is_relation and field.db_constraint):
                    continue
                target = field.target_field
                cursor.execute(
                    "SELECT t.{pk}, t.{col} FROM {table} t LEFT JOIN {other} o "
                    "ON o.{tcol} = t.{col} WHERE t.{col} IS NOT NULL AND o.{tcol} IS NULL".format(
                        pk=quote(model._meta.pk.column),
                        col=quote(field.column),
                        table=quote(model._meta.db_table),
                        other=quote(target.model._meta.db_table),
                        tcol=quote(target.column),
                    )
                )
                problems += [
                    f"{model._meta.label} {pk}: {field.name} = {value}, which the archive "
                    f"does not hold ({target.model._meta.label})"
                    for pk, value in cursor.fetchall()
                ]
    return problems


def _load(connection, plan, loaded):
    """Replace what migrate made (content types, groups, the site) by the archive's rows,
    exactly; inside a transaction."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in backed_up_models(plan.apps):
            cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")
    try:
        for model, fields, rows in loaded:
            _insert(connection, model, fields, rows)
    except DatabaseError as error:
        raise BackupError(f"The archive's data cannot be loaded: {error}") from error
    problems = broken_references(connection, loaded)
    if problems:
        raise BackupError(
            f"The archive's data does not hold together ({len(problems)} problems):", problems
        )
    statements = connection.ops.sequence_reset_sql(no_style(), [m for m, _f, _r in loaded])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    # The rows came without signals: every page cached before is stale (docs/operations.md,
    # Page cache).
    bump_content_version()
    return sum(len(rows) for _m, _f, rows in loaded)


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
    """Restore ``source`` into an empty database and MEDIA_ROOT; return (rows, files,
    whether it was migrated forward).

    Nothing is changed unless the whole archive passes: the database stays empty and
    MEDIA_ROOT gets no file when anything is refused.
    """
    from django.core.management import call_command

    connection = connections[using]
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".restore-") as staging:
        not_empty = "The database is not empty; restore only into an empty database."
        empty = database_is_empty(using)
        try:
            manifest, plan, loaded, media, mtimes = inspect(source, staging, using)
        except BackupError as error:
            if not empty:
                raise BackupError(f"{error}\n{not_empty}", []) from error
            raise
        if not empty:
            raise BackupError(not_empty)
        conflicts = [
            str(media_root / name)
            for name, path in media.items()
            if (media_root / name).exists() and not _same_content(media_root / name, path)
        ]
        if conflicts:
            raise BackupError(
                "Files exist with other content; restore into an empty media folder:", conflicts
            )
        # The schema the archive was made at; an empty database gets it, a newer one is
        # refused (restore never migrates backwards).
        ahead = set(MigrationLoader(connection).applied_migrations) - plan.applied
        if ahead:
            raise BackupError(
                "The database is migrated past the archive's schema; restore an older "
                "archive into a new, empty database.",
                [f"{a}.{n}" for a, n in sorted(ahead)],
            )
        _migrate(connection, plan.targets)
        written = []
        try:
            with transaction.atomic(using=using):
                rows = _load(connection, plan, loaded)
                # Last, so a refused archive never leaves a file behind.
                written = _place_media(media, mtimes, media_root)
        except BaseException:
            _remove(written)
            raise
        finally:
            # Content types came back with the archive's ids (history and translation
            # records point at them), perhaps other ones than this process has cached.
            ContentType.objects.clear_cache()
    if plan.forward:
        call_command("migrate", database=using, interactive=False, verbosity=0)
    return rows, len(media), plan.forward
