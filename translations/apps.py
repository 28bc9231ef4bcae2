from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationsConfig(AppConfig):
    """The translators' workflow: what still needs English, outdated English, PO exchange."""

    name = "translations"
    verbose_name = _("translations")

    def ready(self):
        from . import signal_handlers

        signal_handlers.connect()
