"""Write one archive with all data (content, history, accounts) and the uploaded media."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from operations.backup import write_backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded media into one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            "-o",
            help="Archive to write (default: vwn-backup-<date>-<time>.tar.gz here).",
        )

    def handle(self, *args, output=None, **options):
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        destination = Path(output or f"vwn-backup-{stamp}.tar.gz").resolve()
        if destination.exists():
            raise CommandError(f"{destination} exists already; choose another name.")
        if not destination.parent.is_dir():
            raise CommandError(f"Folder {destination.parent} does not exist.")
        rows, files = write_backup(destination)
        self.stdout.write(
            self.style.SUCCESS(f"Backup written to {destination}: {rows} rows, {files} files.")
        )
