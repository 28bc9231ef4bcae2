from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from translations.memory import import_tmx
from translations.tmx import TmxError


class Command(BaseCommand):
    help = (
        "Add the Dutch-English pairs of a TMX file (this site's or another tool's) to the "
        "translation memory; a pair whose Dutch the memory knows replaces its English."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a TMX file")

    def handle(self, *args, **options):
        try:
            learnt, left_out = import_tmx(Path(options["file"]).read_bytes())
        except (OSError, TmxError) as exc:
            raise CommandError(f"Nothing was imported: {exc}") from exc
        self.stdout.write(f"{learnt} pairs learnt, {left_out} units left out.")
