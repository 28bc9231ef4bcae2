"""Build the POST data of an admin change form from the form the admin renders, as a
browser would submit it unchanged; tests then change the fields they care about."""

from django.core.files import File
from django.forms import CheckboxInput, MultiWidget


def _field_values(form):
    data = {}
    for name in form.fields:
        bound_field = form[name]
        value = bound_field.value()
        if value is None:
            continue
        widget = bound_field.field.widget
        if isinstance(widget, MultiWidget):  # a date and a time: name_0, name_1
            parts = value if isinstance(value, (list, tuple)) else widget.decompress(value)
            for suffix, sub, part in zip(widget.widgets_names, widget.widgets, parts, strict=False):
                data[form.add_prefix(name) + suffix] = sub.format_value(part) or ""
            continue
        widget_data = None
        if not isinstance(value, (list, tuple)):
            widget_data = bound_field.field.widget.format_value(value)
            if isinstance(widget_data, list):  # single selects format as a one-item list
                widget_data = widget_data[0] if widget_data else ""
        key = form.add_prefix(name)
        if isinstance(value, (list, tuple)):
            data[key] = [str(getattr(v, "pk", v)) for v in value]
        elif isinstance(value, bool) and isinstance(widget, CheckboxInput):
            if value:
                data[key] = "on"
        elif isinstance(value, File):
            continue  # files: left out means "keep the current file"
        else:
            data[key] = "" if widget_data is None else str(widget_data)
    return data


def change_form_data(response):
    """All fields of the main form and every inline formset, with management forms."""
    context = response.context
    data = _field_values(context["adminform"].form)
    # The history revert form has no inlines.
    for inline in context.get("inline_admin_formsets", []):
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for form in formset.initial_forms:
            data.update(_field_values(form))
    return data
