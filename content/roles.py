"""The staff roles and their permissions, kept in step with the content declarations.

- *editors* manage all content: add, change, delete and view every registered model;
- *publishers* (in Dutch *eindredacteuren*) do what editors do and may also publish:
  with approval on (``EDITORIAL_APPROVAL``), they approve what editors submit for review
  (the ``publish_<model>`` permission of models that declare one, such as projects);
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

from .registry import content_models, content_options

EDITORS_GROUP = "editors"
PUBLISHERS_GROUP = "publishers"
TRANSLATORS_GROUP = "translators"

ROLES = {
    EDITORS_GROUP: ("add", "change", "delete", "view"),
    PUBLISHERS_GROUP: ("add", "change", "delete", "view", "publish"),
    TRANSLATORS_GROUP: ("change", "view"),
}

# Permissions of other apps' models that a role needs besides its content permissions
# ("app_label.codename"), added by those apps in their ready() (``grant``): e.g. the
# editors see and remove the automatic redirects.
EXTRA_PERMISSIONS = {name: set() for name in ROLES}


def grant(group, *permissions):
    EXTRA_PERMISSIONS[group].update(permissions)


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


def extra_permissions(names, using=DEFAULT_DB_ALIAS):
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    query = Q(pk__in=[])
    for name in names:
        app_label, codename = name.split(".", 1)
        query |= Q(content_type__app_label=app_label, codename=codename)
    return Permission.objects.using(using).filter(query)


def sync_roles(using=DEFAULT_DB_ALIAS, verbosity=0):
    """Create the groups and set their permissions exactly as ROLES says."""
    from django.contrib.auth.models import Group

    # Permissions are made per app after its own migrations; make sure every content
    # model's exist before they are handed out.
    extra_apps = {name.split(".")[0] for names in EXTRA_PERMISSIONS.values() for name in names}
    for app_label in {model._meta.app_label for model in content_models()} | extra_apps:
        create_permissions(global_apps.get_app_config(app_label), verbosity=0, using=using)
    create_publish_permissions(using=using)
    for name, actions in ROLES.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        permissions = list(role_permissions(actions, using=using))
        permissions += list(extra_permissions(EXTRA_PERMISSIONS[name], using=using))
        group.permissions.set(permissions)
        if verbosity >= 2:
            print(f"  Role {name}: {group.permissions.count()} permissions")


def create_publish_permissions(using=DEFAULT_DB_ALIAS):
    """``publish_<model>`` for every kind of content declared ``publishable``: who holds it
    publishes (and approves others' changes) when approval is on."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    for options in content_options():
        if not options.publishable:
            continue
        opts = options.model._meta
        content_type = ContentType.objects.db_manager(using).get_for_model(
            options.model, for_concrete_model=False
        )
        Permission.objects.using(using).get_or_create(
            content_type=content_type,
            codename=f"publish_{opts.model_name}",
            defaults={"name": f"Can publish {opts.verbose_name_raw}"[:255]},
        )


def sync_roles_after_migrate(sender, using=DEFAULT_DB_ALIAS, verbosity=1, **kwargs):
    """post_migrate receiver (sender: this app), once per migrate run."""
    sync_roles(using=using, verbosity=verbosity)
