"""Who is a translator (the roles themselves are defined in ``content.roles``)."""

from content.registry import desk_options
from content.roles import EDITORS_GROUP, TRANSLATORS_GROUP


def _group_names(user):
    if not hasattr(user, "_translation_group_names"):
        user._translation_group_names = set(user.groups.values_list("name", flat=True))
    return user._translation_group_names


def is_translator(user):
    """True for a member of *translators* who is not also an editor or a superuser: the
    admin then lets them change English fields only."""
    if not user.is_authenticated or user.is_superuser:
        return False
    names = _group_names(user)
    return TRANSLATORS_GROUP in names and EDITORS_GROUP not in names


def change_permission(model):
    return f"{model._meta.app_label}.change_{model._meta.model_name}"


def view_permission(model):
    return f"{model._meta.app_label}.view_{model._meta.model_name}"


def can_use_desk(user):
    """Staff who may change any translated content (editors, translators, superusers)."""
    return (
        user.is_active
        and user.is_staff
        and any(user.has_perm(change_permission(kind.model)) for kind in desk_options())
    )
