"""The back office's form renderer: Django's, with its simplest templates written in Python.

An editor's project form renders about two hundred widgets (every text in two languages,
six kinds of inline rows with their empty "add another" row), the project list a hundred
sort-order inputs; each widget and each label is a template render, and rendering them was
the largest part of those pages' time (bench/README.md). The plain ``<input>`` widgets
(text, number, hidden, e-mail, address, date, check box, ...), ``<textarea>``, ``<select>``
with its options, ``<label>`` and the lists of errors (most of them empty, one per field)
are produced here instead, byte for byte what Django's templates produce
(tests/content/test_form_rendering.py compares them), as long as those templates, and the
ones they include, are Django's own: a project or app that overrides one gets its
template, as before. Every other widget renders from its template.
"""

from functools import cached_property
from pathlib import Path

import django
from django.forms.renderers import DjangoTemplates
from django.template import TemplateDoesNotExist
from django.utils.formats import localize
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
        "checkbox",
    )
}
INPUT_TEMPLATE = "django/forms/widgets/input.html"
TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"
SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"
ATTRS_TEMPLATE = "django/forms/widgets/attrs.html"
LABEL_TEMPLATE = "django/forms/label.html"
ERRORS_TEMPLATES = {"django/forms/errors/list/default.html", "django/forms/errors/list/ul.html"}
ERRORS_UL_TEMPLATE = "django/forms/errors/list/ul.html"
# Each template written here, with the templates it includes (all must be Django's own).
INCLUDES = {
    **{name: {name, INPUT_TEMPLATE, ATTRS_TEMPLATE} for name in INPUT_TEMPLATES},
    TEXTAREA_TEMPLATE: {TEXTAREA_TEMPLATE, ATTRS_TEMPLATE},
    SELECT_TEMPLATE: {SELECT_TEMPLATE, ATTRS_TEMPLATE},
    OPTION_TEMPLATE: {OPTION_TEMPLATE, ATTRS_TEMPLATE},
    LABEL_TEMPLATE: {LABEL_TEMPLATE},
    **{name: {name, ERRORS_UL_TEMPLATE} for name in ERRORS_TEMPLATES},
}
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


def text(value):
    """What ``{{ value }}`` writes: localised, escaped unless already safe."""
    value = localize(value)
    return conditional_escape(value if isinstance(value, str) else str(value))


def textarea_html(widget):
    """What ``django/forms/widgets/textarea.html`` makes of a widget's context."""
    value = widget["value"]
    return (
        f'<textarea name="{text(widget["name"])}"{html_attributes(widget["attrs"])}>\n'
        f"{text(value) if value else ''}</textarea>"
    )


def option_html(option):
    """What ``django/forms/widgets/select_option.html`` makes of an option."""
    return (
        f'<option value="{conditional_escape(option["value"])}"'
        f"{html_attributes(option['attrs'])}>{text(option['label'])}</option>"
    )


def select_html(widget, render_option):
    """What ``django/forms/widgets/select.html`` makes of a widget's context; each option
    through ``render_option`` (the template it names)."""
    out = [f'<select name="{text(widget["name"])}"{html_attributes(widget["attrs"])}>']
    add = out.append
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            add(f'\n  <optgroup label="{text(group_name)}">')
        for option in group_choices:
            add(f"\n  {render_option(option)}")
        if group_name:
            add("\n  </optgroup>")
    add("\n</select>")
    return "".join(out)


def errors_html(context):
    """What ``django/forms/errors/list/ul.html`` makes of a list of errors."""
    errors = context["errors"]
    if not errors:
        return ""
    field_id = getattr(errors, "field_id", None)
    id_part = f' id="{text(field_id)}_error"' if field_id else ""
    items = "".join(f"<li>{text(error)}</li>" for error in errors)
    return f'<ul class="{text(context["error_class"])}"{id_part}>{items}</ul>'


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
        """The templates written here whose template, and every one it includes, is
        Django's own here."""
        own = set()
        for name in set().union(*INCLUDES.values()):
            try:
                origin = Path(self.get_template(name).origin.name)
            except TemplateDoesNotExist:
                continue
            if origin.is_relative_to(DJANGO_FORMS_TEMPLATES):
                own.add(name)
        return {name for name, needs in INCLUDES.items() if needs <= own}

    def render(self, template_name, context, request=None):
        fast = self.fast_templates
        if template_name not in fast:
            return super().render(template_name, context, request=request)
        if template_name == LABEL_TEMPLATE:
            return mark_safe(label_html(context))
        if template_name in ERRORS_TEMPLATES:
            return mark_safe(errors_html(context))
        widget = context["widget"]
        if template_name == TEXTAREA_TEMPLATE:
            return mark_safe(textarea_html(widget))
        if template_name == OPTION_TEMPLATE:
            return mark_safe(option_html(widget))
        if template_name == SELECT_TEMPLATE:
            return mark_safe(select_html(widget, lambda option: self.option(option, context)))
        return mark_safe(input_html(widget))

    def option(self, option, context):
        """One option of a select, as ``{% include option.template_name with widget=option
        %}`` gives it (the template's final newline included)."""
        if option["template_name"] == OPTION_TEMPLATE and OPTION_TEMPLATE in self.fast_templates:
            return option_html(option) + "\n"
        template = self.get_template(option["template_name"])
        return template.render({**context, "widget": option})
