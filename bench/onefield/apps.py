from django.apps import AppConfig


class OneFieldConfig(AppConfig):
    """The plain Django admin the editors' pages are measured against (bench/admin_pages.py):
    one model with one field, registered with nothing but a list column."""

    name = "bench.onefield"
    label = "onefield"
    default_auto_field = "django.db.models.BigAutoField"
