"""Replace all content by a generated site of a given size (for benchmarks, not production)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from projects import bench_content


class Command(BaseCommand):
    help = (
        "Delete all content and generate a deterministic site with the given number of "
        "projects (for benchmarks). Refused unless --yes is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, required=True)
        parser.add_argument(
            "--yes", action="store_true", help="Confirm that all existing content is deleted."
        )

    def handle(self, *args, projects, yes, **options):
        if not yes:
            raise CommandError("This deletes all content. Run it again with --yes.")
        if projects < 1:
            raise CommandError("--projects must be at least 1.")
        self.stdout.write(
            f"Generating {projects} projects in {settings.DATABASES['default']['NAME']}"
        )
        bench_content.build(projects, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Done."))
