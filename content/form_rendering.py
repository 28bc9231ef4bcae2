"""The back office's form renderer: Django's, with its simplest templates written in Python.

An editor's project form renders about two hundred widgets (every text in two languages,
six kinds of inline rows with their empty "add another" row), the project list a hundred
sort-order inputs; each widget and each label is a template render, and rendering them was
the largest part of those pages' time (bench/README.md). The plain ``<input>`` widgets
(text, number, hidden, e-mail, address, date, ...) and ``<label>`` are produced here
instead, byte for byte what Django's templates produce (tests/content/test_form_rendering.py
compares them), as long as those templates are Django's own: a project or app that
overrides one gets its template, as before. Every other widget renders from its template.
"""

from functools import cached_property
from pathlib import Path

import django
from django.forms.renderers import DjangoTemplates
from django.template import TemplateDoesNotExist
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

INPUT_TEMPLATES = {
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
    )
}
LABEL_TEMPLATE = "django/forms/label.html"
DJANGO_FORMS_TEMPLATES = Path(django.__file__).parent / "forms" / "templates"


def html_attributes(attrs):
    """What ``django/forms/attrs.html`` makes of an attribute dict."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{conditional_escape(value)}"')
    return "".join(parts)


def input_html(widget):
    """What ``django/forms/widgets/input.html`` makes of a widget's context."""
    value = widget["value"]
    value_part = "" if value is None else f' value="{conditional_escape(value)}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{value_part}'
        f"{html_attributes(widget['attrs'])}>"
    )


def label_html(context):
    """What ``django/forms/label.html`` makes of a label's context."""
    label = conditional_escape(context["label"])
    if not context["use_tag"]:
        return label
    tag = conditional_escape(context["tag"])
    return f"<{tag}{html_attributes(context['attrs'] or {})}>{label}</{tag}>"


class FormRenderer(DjangoTemplates):
    @cached_property
    def fast_templates(self):
        """The templates of INPUT_TEMPLATES and LABEL_TEMPLATE that are Django's own here."""
        fast = set()
        for name in (*INPUT_TEMPLATES, LABEL_TEMPLATE):
            try:
                origin = Path(self.get_template(name).origin.name)
            except TemplateDoesNotExist:
                continue
            if origin.is_relative_to(DJANGO_FORMS_TEMPLATES):
                fast.add(name)
        return fast

    def render(self, template_name, context, request=None):
        if template_name in self.fast_templates:
            if template_name == LABEL_TEMPLATE:
                return mark_safe(label_html(context))
            return mark_safe(input_html(context["widget"]))
        return super().render(template_name, context, request=request)
