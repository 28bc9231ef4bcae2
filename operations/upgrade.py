"""Upgrading a database safely: one `migrate` at a time, all or nothing, and databases of
older releases recognised before anything changes.

Migrations were started again at 0001 after release 9223af6 (commit 97dbc1b, "Migrations
start again at 0001"); the schema they make is the one 9223af6's migrations made (every
column, index and constraint compared on PostgreSQL, only one index's name differs). A
database of that release is therefore recorded as being at the reset (its tables are
already what the new 0001 migrations make), and then migrated as any other. A database of
a release older than 9223af6 is refused with what to do, before anything is changed.
"""

from django.apps import apps as global_apps
from django.conf import settings
from django.db import transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

# The last release before the reset, and its migrations of the apps that had any.
PREVIOUS_RELEASE = "9223af6"
BEFORE_RESET = {
    "projects": {
        "0001_initial",
        "0002_editor_and_translator_groups",
        "0003_issue6_history_and_uploads",
        "0003_issue7_iati_fields",
        "0004_merge_history_and_iati",
        "0005_history_of_iati_fields",
    },
    "partners": {
        "0001_initial",
        "0002_issue6_history_and_uploads",
        "0002_issue7_iati_fields",
        "0003_merge_history_and_iati",
        "0004_history_of_iati_fields",
    },
    "translations": {"0001_issue3_translation_record"},
}
# What the reset's migrations are: the same schema.
AT_RESET = [
    ("partners", "0001_initial"),
    ("projects", "0001_initial"),
    ("translations", "0001_initial"),
]


class UpgradeError(Exception):
    def __init__(self, message, problems=()):
        if problems:
            message = f"{message}\n  " + "\n  ".join(problems)
        super().__init__(message)


def own_apps():
    """This project's apps (not Django's or a library's)."""
    base = str(settings.BASE_DIR)
    return {
        config.label
        for config in global_apps.get_app_configs()
        if str(config.path).startswith(base) and ".venv" not in str(config.path)
    }


def _applied(connection):
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return set()
    return set(recorder.applied_migrations())


def made_before_reset(applied):
    """The migrations that only releases before the reset have, applied here."""
    return sorted(
        (app, name)
        for app, names in BEFORE_RESET.items()
        for name in names
        if (app, name) in applied and (app, name) not in AT_RESET
    )


def _schema_problems(connection, loader):
    """What the database lacks of the reset's schema (tables, columns)."""
    state = loader.project_state(AT_RESET, at_end=True)
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        problems = []
        for model in state.apps.get_models(include_auto_created=True):
            if model._meta.app_label not in BEFORE_RESET or not model._meta.managed:
                continue
            table = model._meta.db_table
            if table not in tables:
                problems.append(f"table {table} is missing")
                continue
            columns = {
                column.name
                for column in connection.introspection.get_table_description(cursor, table)
            }
            problems += [
                f"column {table}.{field.column} is missing"
                for field in model._meta.local_concrete_fields
                if field.column not in columns
            ]
    return problems


def bridge_reset(connection, log=print):
    """For a database of release 9223af6: record it as at the reset, in one transaction,
    after checking its tables are the reset's. Return True when it did."""
    applied = _applied(connection)
    old = made_before_reset(applied)
    if not old:
        return False
    expected = {(app, name) for app, names in BEFORE_RESET.items() for name in names}
    missing = sorted(expected - applied - set(AT_RESET))
    if missing:
        raise UpgradeError(
            f"This database was made by a release older than {PREVIOUS_RELEASE}, whose "
            "migrations were started again since. Nothing was changed. Upgrade it to "
            f"{PREVIOUS_RELEASE} first (`git checkout {PREVIOUS_RELEASE}`, `manage.py "
            "migrate`), then to this release (docs/operations.md, Upgrading). Its migrations lack:",
            [f"{app}.{name}" for app, name in missing],
        )
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    newer = sorted(
        key
        for key in applied
        if key[0] in BEFORE_RESET and key not in expected and key not in AT_RESET
    )
    problems = _schema_problems(connection, loader)
    if newer or problems:
        raise UpgradeError(
            f"This database has the migrations of release {PREVIOUS_RELEASE} (from before "
            "the reset) but not its tables, or also later ones: it was changed by hand or "
            "by a failed upgrade. Nothing was changed; restore it from a backup made by "
            f"{PREVIOUS_RELEASE}.",
            [f"also applied: {app}.{name}" for app, name in newer] + problems,
        )
    recorder = MigrationRecorder(connection)
    with transaction.atomic(using=connection.alias):
        recorder.migration_qs.filter(app__in=list(BEFORE_RESET)).delete()
        for app, name in AT_RESET:
            recorder.record_applied(app, name)
    log(
        f"This database was made by release {PREVIOUS_RELEASE} (before migrations were "
        "started again); its tables are the reset's, so it is now recorded as at the reset "
        f"({', '.join(f'{a}.{n}' for a, n in AT_RESET)}). Migrating on from there."
    )
    return True


def unknown_migrations(connection):
    """Applied migrations of this project's apps that this release does not have."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    known = set(loader.disk_migrations) | {
        key for migration in loader.disk_migrations.values() for key in migration.replaces
    }
    apps = own_apps()
    return sorted(key for key in _applied(connection) if key[0] in apps and key not in known)
