"""Make the renditions of every photo and logo ahead of the first visitor (idempotent).

Pages make missing renditions on their own; running this after a deployment or an import
only spares the first visitors that wait. Existing renditions are kept, never remade.
"""

from django.core.management.base import BaseCommand

from content.registry import content_options
from content.renditions import renditions


class Command(BaseCommand):
    help = "Make the renditions of every uploaded photo and logo that does not have them yet."

    def handle(self, *args, **options):
        done = failed = 0
        for declaration in content_options():
            model, label = declaration.model, declaration.model._meta.label
            for field in declaration.image_fields:
                for obj in model.objects.exclude(**{field: ""}).only("pk", field).iterator():
                    image = getattr(obj, field)
                    if renditions(image) is None:
                        failed += 1
                        self.stderr.write(f"  ! {label} {obj.pk}: cannot read {image.name}")
                    else:
                        done += 1
        self.stdout.write(f"Renditions ready for {done} images; {failed} could not be read.")
