"""Restore an archive written by `manage.py backup` into an empty database."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup archive into an empty database and media folder, exactly as it "
        "was backed up (an archive made at an older schema is migrated forward after "
        "loading). Refuses a database that holds content or accounts; any problem refuses "
        "the whole archive, and every problem is named."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar.gz file written by `manage.py backup`.")

    def handle(self, *args, archive, **options):
        try:
            rows, files, forward = restore_backup(archive)
        except FileNotFoundError as error:
            raise CommandError(f"No such file: {archive}") from error
        except BackupError as error:
            raise CommandError(str(error)) from error
        signed = " (signature checked)" if settings.BACKUP_SIGNING_KEY else ""
        migrated = "; migrated forward to this release's schema" if forward else ""
        self.stdout.write(
            self.style.SUCCESS(f"Restored {rows} rows and {files} files{signed}{migrated}.")
        )
