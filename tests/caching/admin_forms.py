"""Build the POST data of an admin change form from the rendered form, as a browser would."""

import datetime

from django.core.files import File
from django.db.models.fields.files import FieldFile


def _value(bound_field):
    value = bound_field.value()
    if value is None or value is False:
        return None
    if value is True:
        return "on"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    if isinstance(value, FieldFile | File):  # a file input left empty keeps the stored file
        return None
    return str(value)


def _add_form(data, form):
    for bound_field in form:
        value = _value(bound_field)
        if value is not None:
            data[bound_field.html_name] = value


def change_form_data(response):
    """Everything the change form in ``response`` would submit, unchanged."""
    context = response.context
    data = {}
    _add_form(data, context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        _add_form(data, formset.management_form)
        for form in formset.initial_forms:
            _add_form(data, form)
    return data
