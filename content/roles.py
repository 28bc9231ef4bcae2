"""The staff roles and their permissions, kept in step with the content declarations.

- *editors* manage all content: add, change, delete and view every registered model;
- *translators* may open all content and change it (the admin limits them to the English
  fields: ``translations.admin``) but add and delete nothing.

The groups are made and their permissions set after every ``migrate`` (``post_migrate``,
wired in ``ContentConfig.ready``), from ``content.registry``: a new content model is in
the roles at the next migrate, with no list to update. The permissions of these groups are
defined here; changes made to them in the admin are undone at the next migrate.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS

from .registry import content_models

EDITORS_GROUP = "editors"
TRANSLATORS_GROUP = "translators"

ROLES = {
    EDITORS_GROUP: ("add", "change", "delete", "view"),
    TRANSLATORS_GROUP: ("change", "view"),
}


def role_permissions(actions, using=DEFAULT_DB_ALIAS):
    """The Permission rows for ``actions`` on every content model."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    models = content_models()
    content_types = ContentType.objects.db_manager(using).get_for_models(
        *models, for_concrete_models=False
    )
    codenames = {f"{action}_{model._meta.model_name}" for model in models for action in actions}
    return Permission.objects.using(using).filter(
        content_type__in=content_types.values(), codename__in=codenames
    )


def sync_roles(using=DEFAULT_DB_ALIAS, verbosity=0):
    """Create the groups and set their permissions exactly as ROLES says."""
    from django.contrib.auth.models import Group

    # Permissions are made per app after its own migrations; make sure every content
    # model's exist before they are handed out.
    for app_label in {model._meta.app_label for model in content_models()}:
        create_permissions(global_apps.get_app_config(app_label), verbosity=0, using=using)
    for name, actions in ROLES.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set(role_permissions(actions, using=using))
        if verbosity >= 2:
            print(f"  Role {name}: {group.permissions.count()} permissions")


def sync_roles_after_migrate(sender, using=DEFAULT_DB_ALIAS, verbosity=1, **kwargs):
    """post_migrate receiver (sender: this app), once per migrate run."""
    sync_roles(using=using, verbosity=verbosity)
