from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = "Operations"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import checks  # noqa: F401  (registers the system checks)
        from .security import seen_at_login

        user_logged_in.connect(seen_at_login, dispatch_uid="operations.seen_at_login")
