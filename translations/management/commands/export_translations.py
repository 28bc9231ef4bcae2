import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from translations.exchange import FORMATS, NEEDS_WORK, PO, SCOPES, export_file


class Command(BaseCommand):
    help = (
        "Export English translation units (Dutch source, current English) as a PO or "
        "XLIFF file for a translator or a CAT tool."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scope",
            choices=list(SCOPES),
            default=NEEDS_WORK,
            help="Which units: missing and outdated (default), missing, outdated or all.",
        )
        parser.add_argument(
            "--format",
            dest="file_format",
            choices=list(FORMATS),
            default=PO,
            help="po (default), xliff12 (XLIFF 1.2) or xliff2 (XLIFF 2.0).",
        )
        parser.add_argument(
            "-o", "--output", help="File to write; the file goes to standard output if omitted."
        )

    def handle(self, *args, scope, file_format, output, **options):
        content, _name, _type = export_file(scope, file_format)
        if output:
            Path(output).write_bytes(content)
            self.stderr.write(f"Written to {output} ({len(content):,} bytes).")
        else:
            sys.stdout.flush()
            self.stdout.write(content.decode("utf-8"), ending="")
