"""The admin's field groups and table rows in Python (content/admin_rendering.py), for the
overrides of ``admin/includes/fieldset.html`` and ``admin/edit_inline/tabular.html``."""

from django import template

from content.admin_rendering import fieldset_html, tabular_html

register = template.Library()


@register.simple_tag(takes_context=True)
def admin_fieldset(context):
    return fieldset_html(
        context["fieldset"],
        context.get("heading_level", ""),
        context.get("prefix", ""),
        context.get("id_prefix", ""),
        context.get("id_suffix", ""),
    )


@register.simple_tag(takes_context=True)
def admin_tabular_inline(context):
    last = (context.get("forloop") or {}).get("last", False)
    request = getattr(context, "request", None)
    return tabular_html(context["inline_admin_formset"], last, request)
