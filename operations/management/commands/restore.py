"""Restore an archive written by `manage.py backup` into an empty database."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup archive into an empty database and media folder "
        "(runs migrate first; refuses a database that holds content or accounts). Every "
        "row and file is validated; any failure refuses the whole archive."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar.gz file written by `manage.py backup`.")

    def handle(self, *args, archive, **options):
        try:
            rows, files = restore_backup(archive)
        except FileNotFoundError as error:
            raise CommandError(f"No such file: {archive}") from error
        except BackupError as error:
            raise CommandError(str(error)) from error
        signed = " (signature checked)" if settings.BACKUP_SIGNING_KEY else ""
        self.stdout.write(self.style.SUCCESS(f"Restored {rows} rows and {files} files{signed}."))
