"""The admin home page's notice of the site's configuration, for superusers only."""

from django import template
from django.core import checks

register = template.Library()


@register.simple_tag(takes_context=True)
def configuration_checks(context):
    """The findings (information, warnings and errors) of the checks tagged
    "configuration", deployment checks included, for a superuser; nothing for anyone else:
    editors cannot act on them."""
    request = context.get("request")
    if request is None or not request.user.is_superuser:
        return []
    messages = checks.run_checks(tags=["configuration"], include_deployment_checks=True)
    return [message for message in messages if message.level >= checks.INFO]
