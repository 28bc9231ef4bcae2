from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from translations.exchange import MalformedFile, import_catalogue


class Command(BaseCommand):
    help = (
        "Import English translations from a PO file made by export_translations. Fills in "
        "English only where the Dutch source is still the exported one; reports every unit."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The translated PO file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would happen; change nothing."
        )

    def handle(self, *args, file, dry_run, **options):
        with translation.override("en"):  # command output in English, like Django's own
            self.run(file, dry_run)

    def run(self, file, dry_run):
        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
        try:
            report = import_catalogue(data, dry_run=dry_run)
        except MalformedFile as exc:
            raise CommandError(f"Nothing was imported: {exc}") from exc
        for result in report.results:
            line = f"{result.unit_id or '(no ID)'}: {result.outcome_label}"
            if result.message:
                line += f". {result.message}"
            self.stdout.write(line)
        summary = ", ".join(f"{label}: {count}" for label, count in report.counts)
        self.stdout.write(("Dry run, nothing changed. " if dry_run else "") + summary)
