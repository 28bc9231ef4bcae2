from django.apps import AppConfig


class IatiConfig(AppConfig):
    name = "iati"
    verbose_name = "IATI"
