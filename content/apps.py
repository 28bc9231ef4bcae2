from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = _("content")

    def ready(self):
        from django.conf import settings
        from PIL import Image

        from . import recording, roles

        # Pillow refuses to open an image of more than twice this many pixels anywhere in
        # the site (decompression bombs); the upload validators refuse more than this.
        Image.MAX_IMAGE_PIXELS = settings.MAX_IMAGE_PIXELS

        # Every app's ready() runs after all models are imported and after modeltranslation
        # added the _nl/_en fields, so every content model is declared and complete here:
        # each change of one is recorded as a revision of its item.
        recording.connect()

        post_migrate.connect(
            roles.sync_roles_after_migrate, sender=self, dispatch_uid="content-sync-roles"
        )
