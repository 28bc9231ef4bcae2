"""Write one archive with all data (content, history, accounts) and the uploaded media."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from operations.backup import BackupError, verify_backup, write_backup


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded media into one .tar.gz archive, then check "
        "it as a restore would. With --verify FILE: only check an existing archive."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            "-o",
            help="Archive to write (default: vwn-backup-<date>-<time>.tar.gz here).",
        )
        parser.add_argument(
            "--verify",
            metavar="FILE",
            help="Check FILE (checksums, signature, schema, rows, files) as restore would, "
            "without restoring it.",
        )

    def handle(self, *args, output=None, verify=None, **options):
        if verify:
            self.verify(Path(verify))
            return
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        destination = Path(output or f"vwn-backup-{stamp}.tar.gz").resolve()
        if destination.exists():
            raise CommandError(f"{destination} exists already; choose another name.")
        if not destination.parent.is_dir():
            raise CommandError(f"Folder {destination.parent} does not exist.")
        try:
            rows, files = write_backup(destination)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(f"Backup written to {destination}: {rows} rows, {files} files.")
        )
        # Nobody should find out on the day they need it: check it as a restore would.
        try:
            verify_backup(destination)
        except BackupError as error:
            raise CommandError(
                f"The backup was written, but a restore would refuse it:\n{error}"
            ) from error
        self.stdout.write("Checked: a restore accepts this archive.")

    def verify(self, path):
        try:
            manifest, forward = verify_backup(path)
        except FileNotFoundError as error:
            raise CommandError(f"No such file: {path}") from error
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest.get("rows", {}).values())
        then = " (an older schema: restore migrates it forward)" if forward else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{path}: a restore accepts it{then}: {rows} rows, made "
                f"{manifest.get('created')} by release {manifest.get('release') or 'unknown'}."
            )
        )
