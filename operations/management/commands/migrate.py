"""Django's `migrate`, safe to start on several machines at once and on older databases.

On PostgreSQL the whole run is one transaction holding an advisory lock: a second machine
starting at the same moment waits, then finds nothing left to do (instead of failing with
"relation already exists"), and a migration that fails leaves the database as it was, never
half-migrated. Before anything changes, a database of release 9223af6 (from before the
migrations were started again) is recorded as at the reset, and one with migrations this
release does not know is refused (operations/upgrade.py).
"""

from django.core.management.base import CommandError
from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import connections, transaction

from operations.upgrade import UpgradeError, bridge_reset, unknown_migrations

# pg_advisory_xact_lock's key for `migrate` (any fixed number; "vwnmigr" in ASCII).
LOCK = 0x76776E6D696772


class Command(DjangoMigrate):
    help = (
        "Migrate the database: one machine at a time and, on PostgreSQL, all or nothing; "
        "a database of an older release is recognised first."
    )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        connection = connections[options["database"]]
        if connection.vendor != "postgresql" or connection.in_atomic_block:
            # SQLite: one file on one machine; its schema changes cannot share one
            # transaction. Inside a caller's transaction: that one.
            self.check_upgrade(connection)
            return super().handle(*args, **options)
        with transaction.atomic(using=connection.alias):
            with connection.cursor() as cursor:
                # Waiting for another machine's migrate, and migrating, may take longer
                # than a web request's statement limit (DATABASE_STATEMENT_TIMEOUT_MS).
                cursor.execute("SET LOCAL statement_timeout = 0")
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK])
            self.check_upgrade(connection)
            return super().handle(*args, **options)

    def check_upgrade(self, connection):
        def log(message):
            if self.verbosity:
                self.stdout.write(message)

        try:
            bridge_reset(connection, log=log)
        except UpgradeError as error:
            raise CommandError(str(error)) from error
        unknown = unknown_migrations(connection)
        if unknown:
            raise CommandError(
                "The database has migrations this release does not have; nothing was "
                "changed. It was made by a newer release (use that one, or restore a backup "
                "made by this one):\n  " + "\n  ".join(f"{a}.{n}" for a, n in unknown)
            )
