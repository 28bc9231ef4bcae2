from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from translations.exchange import (
    CONFLICT,
    ImportFailed,
    MalformedFile,
    import_file,
)
from translations.exchange.reports import store


class Command(BaseCommand):
    help = (
        "Import English translations from a PO or XLIFF file made by export_translations "
        "(the format is told from the content). Fills in English only where the Dutch is "
        "still the exported one and the site's English did not change since; reports every "
        "unit, conflicts with both texts."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The translated PO or XLIFF file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would happen; change nothing."
        )
        parser.add_argument(
            "--use-file-english",
            action="append",
            default=[],
            metavar="UNIT_ID",
            help=(
                "Settle the conflict of this unit (repeat for more, or 'all') with the "
                "file's English; without it a conflict keeps the site's English."
            ),
        )

    def handle(self, *args, file, dry_run, use_file_english, **options):
        with translation.override("en"):  # command output in English, like Django's own
            self.run(file, dry_run, use_file_english)

    def run(self, file, dry_run, take_file):
        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
        try:
            report = import_file(data, dry_run=dry_run, take_file=take_file)
        except (MalformedFile, ImportFailed) as exc:
            raise CommandError(f"Nothing was imported: {exc}") from exc
        summary = ", ".join(f"{label}: {count}" for label, count in report.counts if count)
        self.stdout.write(("Dry run, nothing changed. " if dry_run else "") + summary)
        for result in report.results:
            line = f"{result.unit_id or '(no ID)'}: {result.outcome_label}"
            if result.message:
                line += f". {result.message}"
            self.stdout.write(line)
            if result.outcome == CONFLICT:
                self.stdout.write(f"    site: {result.site}")
                self.stdout.write(f"    file: {result.file}")
        stored = store(report, file_name=Path(file).name)
        if report.count(CONFLICT):
            self.stdout.write(
                f"{report.count(CONFLICT)} conflicts: settle them with --use-file-english "
                f"UNIT_ID (or all), or on the translator's desk (import #{stored.pk})."
            )
