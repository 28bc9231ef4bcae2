from pathlib import Path

from django.core.management.base import BaseCommand

from translations.exchange import NEEDS_WORK, SCOPES, export_catalogue


class Command(BaseCommand):
    help = "Export English translation units (Dutch source, current English) as a PO file."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scope",
            choices=list(SCOPES),
            default=NEEDS_WORK,
            help="Which units: missing and outdated (default), missing, outdated or all.",
        )
        parser.add_argument(
            "-o", "--output", help="File to write; the PO text goes to standard output if omitted."
        )

    def handle(self, *args, scope, output, **options):
        catalogue = export_catalogue(scope)
        if output:
            Path(output).write_text(str(catalogue), encoding="utf-8")
            self.stderr.write(f"{len(catalogue)} units written to {output}.")
        else:
            self.stdout.write(str(catalogue), ending="")
