from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    """Preview, share links, approval, redirects and lost-update protection (see
    ``editorial/__init__.py``). May import: content, website, translations."""

    name = "editorial"
    verbose_name = _("editorial workflow")

    def ready(self):
        from . import signal_handlers

        signal_handlers.connect()
