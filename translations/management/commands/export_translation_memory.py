from pathlib import Path

from django.core.management.base import BaseCommand

from translations.memory import memory_tmx


class Command(BaseCommand):
    help = "Write the whole translation memory as a TMX 1.4 file, for any CAT tool."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="the TMX file to write")

    def handle(self, *args, **options):
        data = memory_tmx()
        Path(options["output"]).write_bytes(data)
        self.stdout.write(f"{len(data):,} bytes written to {options['output']}.")
