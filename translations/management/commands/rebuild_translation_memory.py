from django.core.management.base import BaseCommand

from translations.memory import rebuild


class Command(BaseCommand):
    help = (
        "Fill the translation memory from all English that is up to date (saves, imports "
        "and the translator's form keep it current; run this once on a database from "
        "before the memory existed)."
    )

    def handle(self, *args, **options):
        count = rebuild()
        self.stdout.write(f"{count} Dutch/English segment pairs read into the memory.")
