"""The two staff roles. Editors manage all content; translators may open all content and
change it (the admin limits them to the English fields) but add and delete nothing."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT_MODELS = {
    "partners": ["partnerorganisation", "fundingsource"],
    "projects": [
        "overviewpage",
        "country",
        "project",
        "projectpartner",
        "projectfunding",
        "video",
        "projectlink",
        "workshop",
    ],
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(actions):
        return [
            Permission.objects.get(content_type__app_label=app, codename=f"{action}_{model}")
            for app, models in CONTENT_MODELS.items()
            for model in models
            for action in actions
        ]

    editors, _ = Group.objects.get_or_create(name="editors")
    editors.permissions.add(*permissions(["add", "change", "delete", "view"]))
    translators, _ = Group.objects.get_or_create(name="translators")
    translators.permissions.add(*permissions(["change", "view"]))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["editors", "translators"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("partners", "0001_initial"),
        ("projects", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
