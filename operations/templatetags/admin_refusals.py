"""``{% waiting_for_publishers queryset as reasons %}``: on the admin's bulk-delete page,
why the selected objects that wait for the publishers cannot be deleted here
(``operations.errors.waiting_for_publishers``), instead of Django's "your account has no
rights to delete"."""

from django import template
from django.contrib import admin

from operations.errors import waiting_for_publishers as reasons_for

register = template.Library()


@register.simple_tag(takes_context=True)
def waiting_for_publishers(context, queryset):
    request = context["request"]
    model_admin = admin.site.get_model_admin(queryset.model)
    return reasons_for(request, model_admin, queryset)
