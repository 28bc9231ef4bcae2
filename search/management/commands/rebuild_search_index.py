from django.core.management.base import BaseCommand

from search.index import rebuild


class Command(BaseCommand):
    help = (
        "Index every project, place, partner organisation and funder for the public search "
        "again (after content was loaded without saving it one by one, e.g. the benchmark's)."
    )

    def handle(self, *args, **options):
        count = rebuild()
        self.stdout.write(f"Search index rebuilt: {count} entries.")
