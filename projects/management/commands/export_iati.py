"""Write the IATI activities file (the same as /iati/activities.xml) for the IATI registry."""

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from iati.builder import to_bytes
from iati.rules import check_activity, check_site
from iati.schema import schema_errors, schema_path
from projects.open_data import activity_for, iati_projects, projects_document


class Command(BaseCommand):
    help = "Write the published projects as an IATI 2.03 activities file."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            "-o",
            default="iati-activities.xml",
            help="File to write (default: iati-activities.xml in the current folder).",
        )
        parser.add_argument(
            "--validate",
            action="store_true",
            help="Check the file against the IATI 2.03 schema in IATI_SCHEMA_DIR first.",
        )

    def handle(self, *args, **options):
        projects = list(iati_projects())
        if not projects:
            raise CommandError("No published projects: an IATI file needs at least one activity.")
        document = projects_document(projects)
        if options["validate"]:
            if schema_path() is None:
                raise CommandError("The IATI schema is not available: set IATI_SCHEMA_DIR.")
            errors = schema_errors(document)
            if errors:
                raise CommandError("The file is not valid IATI 2.03:\n" + "\n".join(errors))
        for project in projects:
            for warning in check_activity(activity_for(project)):
                self.stderr.write(f"  ! {project.project_code} {project.title}: {warning}")
        for warning in check_site():
            self.stderr.write(f"  ! {warning}")
        output = Path(options["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        # Write next to the target and rename, so a reader never sees half a file.
        with tempfile.NamedTemporaryFile(dir=output.parent, delete=False, suffix=".tmp") as tmp:
            tmp.write(to_bytes(document))
        os.replace(tmp.name, output)
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(projects)} IATI activities to {output}."))
