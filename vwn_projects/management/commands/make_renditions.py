"""Make the renditions of every photo and logo ahead of the first visitor (idempotent).

Pages make missing renditions on their own; running this after a deployment or an import
only spares the first visitors that wait. Existing renditions are kept, never remade.
"""

from django.apps import apps
from django.core.management.base import BaseCommand

from vwn_projects.renditions import renditions

IMAGE_FIELDS = [
    ("projects.Project", "photo"),
    ("projects.Workshop", "photo"),
    ("partners.PartnerOrganisation", "logo"),
]


class Command(BaseCommand):
    help = "Make the renditions of every uploaded photo and logo that does not have them yet."

    def handle(self, *args, **options):
        done = failed = 0
        for label, field in IMAGE_FIELDS:
            model = apps.get_model(label)
            for obj in model.objects.exclude(**{field: ""}).only("pk", field).iterator():
                image = getattr(obj, field)
                if renditions(image) is None:
                    failed += 1
                    self.stderr.write(f"  ! {label} {obj.pk}: cannot read {image.name}")
                else:
                    done += 1
        self.stdout.write(f"Renditions ready for {done} images; {failed} could not be read.")
