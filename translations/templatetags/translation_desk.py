from django import template

from ..desk import build_desk
from ..roles import can_use_desk

register = template.Library()


@register.simple_tag(takes_context=True)
def translation_desk(context):
    """The translator's desk for the admin index, or None for staff without access."""
    user = context["request"].user
    return build_desk(user) if can_use_desk(user) else None
