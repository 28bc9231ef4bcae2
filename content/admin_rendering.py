"""The admin's field groups and table rows, written in Python.

An editor's project form is some fourteen field groups and six kinds of inline rows,
about two hundred fields. Django renders each field of a group through
``admin/includes/fieldset.html`` and each cell of a table row through
``admin/edit_inline/tabular.html``, a dozen template tags and variable lookups per field:
those two templates were nearly half of the form's time (bench/README.md). Here they are
functions producing the same markup, character for character, for the Django release
installed (tests/content/test_admin_rendering.py renders every admin page both ways and
compares them); ``templates/admin/includes/fieldset.html`` and
``templates/admin/edit_inline/tabular.html`` call them through the ``content_admin`` tags.
The widgets inside still render through the form renderer (content/form_rendering.py).
"""

from django.contrib.admin.templatetags.admin_modify import cell_count
from django.contrib.admin.utils import quote
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import conditional_escape, escape, strip_tags
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext

from .form_rendering import text

# A line break and the indentation of the template's next line.
N8, N12, N14, N20, N24, N28, N32, N36 = ("\n" + " " * n for n in (8, 12, 14, 20, 24, 28, 32, 36))


def capfirst(value):
    """What ``{{ value|capfirst }}`` writes."""
    value = str(value)
    result = value and value[0].upper() + value[1:]
    return result if isinstance(value, SafeData) else escape(result)


def stripped(value):
    """What ``{{ value|striptags }}`` writes."""
    value = str(value)
    result = strip_tags(value)
    return result if isinstance(value, SafeData) else escape(result)


def lookup(field, name):
    """``field.field.<name>`` of a fieldset's field: a bound field's attribute, or a key of
    the dict a read-only field stands for (missing: nothing, as in a template)."""
    target = field.field
    if isinstance(target, dict):
        return target.get(name, "")
    return getattr(target, name)


def fieldset_html(fieldset, heading_level, prefix, id_prefix, id_suffix):
    """What ``admin/includes/fieldset.html`` makes of one group of fields."""
    out = []
    add = out.append
    name = fieldset.name
    heading_id = f"{text(prefix)}-{text(id_prefix)}-{text(id_suffix)}-heading"
    add(f'<fieldset class="module aligned {text(fieldset.classes)}"')
    if name:
        add(f' aria-labelledby="{heading_id}"')
    add(">\n    ")
    if name:
        level = text(heading_level or 2)
        add("\n        ")
        if fieldset.is_collapsible:
            add("<details><summary>")
        add(
            f'\n        <h{level} id="{heading_id}" class="fieldset-heading">'
            f"{text(name)}</h{level}>\n        "
        )
        if fieldset.is_collapsible:
            add("</summary>")
        add("\n    ")
    add("\n    ")
    if fieldset.description:
        add(f'\n        <div class="description">{fieldset.description}</div>\n    ')
    add("\n    ")
    for line in fieldset:
        single = len(line.fields) == 1
        fields = list(line)
        add('\n        <div class="form-row')
        if single and line.errors():
            add(" errors")
        if not line.has_visible_field:
            add(" hidden")
        for field in fields:
            if field_name := lookup(field, "name"):
                add(f" field-{text(field_name)}")
        add('">\n            ')
        add(text(line.errors()) if single else '<div class="flex-container form-multiline">')
        add("\n            ")
        for field in fields:
            add(field_html(field, single))
        add("\n            ")
        if not single:
            add("</div>")
        add("\n        </div>\n    ")
    add("\n    ")
    if name and fieldset.is_collapsible:
        add("</details>")
    add("\n</fieldset>\n")
    return mark_safe("".join(out))


def field_html(field, single):
    """One field of a line of ``admin/includes/fieldset.html``."""
    out = ["\n                <div>\n                    "]
    add = out.append
    readonly = field.is_readonly
    hidden = lookup(field, "is_hidden")
    if not single and not readonly:
        add(text(field.errors()))
    add('\n                        <div class="flex-container')
    if not single:
        add(" fieldBox")
        if field_name := lookup(field, "name"):
            add(f" field-{text(field_name)}")
        if not readonly and field.errors():
            add(" errors")
        if hidden:
            add(" hidden")
    if field.is_checkbox:
        add(" checkbox-row")
    add('">\n                            ')
    if field.is_checkbox:
        add(
            f"\n                                {text(field.field)}{text(field.label_tag())}"
            "\n                            "
        )
    else:
        add(f"{N32}{text(field.label_tag())}{N32}")
        if readonly:
            add(
                '\n                                    <div class="readonly">'
                f"{text(field.contents())}</div>\n                                "
            )
        else:
            add(f"{N36}{text(field.field)}{N32}")
        add("\n                            ")
    add("\n                        </div>\n                    ")
    if help_text := lookup(field, "help_text"):
        add('\n                        <div class="help')
        if hidden:
            add(" hidden")
        add('"')
        if id_for_label := lookup(field, "id_for_label"):
            add(f' id="{text(id_for_label)}_helptext"')
        add(f">{N28}<div>{help_text}</div>{N24}</div>{N20}")
    add("\n                </div>\n            ")
    return "".join(out)


def tabular_html(inline_admin_formset, last, request):
    """What ``admin/edit_inline/tabular.html`` makes of an inline's rows; ``last``: the
    inline is the form's last (``forloop.last`` of the change form's loop)."""
    formset = inline_admin_formset.formset
    prefix = text(formset.prefix)
    can_delete = formset.can_delete and inline_admin_formset.has_delete_permission
    out = []
    add = out.append
    add(
        f'\n<div class="js-inline-admin-formset inline-group" id="{prefix}-group"\n'
        '     data-inline-type="tabular"\n'
        f'     data-inline-formset="{text(inline_admin_formset.inline_formset_data())}">\n'
        f'  <div class="tabular inline-related {"last-related" if last else ""}">\n'
        f"{text(formset.management_form)}\n"
        f'<fieldset class="module {text(inline_admin_formset.classes)}" '
        f'aria-labelledby="{prefix}-heading">\n  '
    )
    if inline_admin_formset.is_collapsible:
        add("<details><summary>")
    opts = inline_admin_formset.opts
    add(f'\n  <h2 id="{prefix}-heading" class="inline-heading">\n  ')
    if formset.max_num == 1:
        add(f"\n    {capfirst(opts.verbose_name)}\n  ")
    else:
        add(f"\n    {capfirst(opts.verbose_name_plural)}\n  ")
    add("\n  </h2>\n  ")
    if inline_admin_formset.is_collapsible:
        add("</summary>")
    add(
        f"\n   {text(inline_admin_formset.non_form_errors())}\n"
        '   <table>\n     <thead><tr>\n       <th class="original"></th>\n     '
    )
    for field in inline_admin_formset.fields():
        add(f'\n       <th class="column-{text(field["name"])}')
        if field["required"]:
            add(" required")
        widget = field["widget"]  # a read-only column's is a dict
        if widget["is_hidden"] if isinstance(widget, dict) else widget.is_hidden:
            add(" hidden")
        add(f'">{capfirst(field["label"])}\n       ')
        if field["help_text"]:
            tip = stripped(field["help_text"])
            add(
                f'<img src="{text(static("admin/img/icon-unknown.svg"))}" '
                f'class="help help-tooltip" width="10" height="10" alt="({tip})" title="{tip}">'
            )
        add("\n       </th>\n     ")
    add(f"\n     <th>{text(gettext('Delete?')) if can_delete else ''}</th>\n")
    add("     </tr></thead>\n\n     <tbody>\n     ")
    forms = list(inline_admin_formset)
    for counter, inline_admin_form in enumerate(forms):
        last_row = counter == len(forms) - 1
        add(row_html(inline_admin_formset, inline_admin_form, counter, last_row, request))
    add("\n     </tbody>\n   </table>\n  ")
    if inline_admin_formset.is_collapsible:
        add("</details>")
    add("\n</fieldset>\n  </div>\n</div>\n")
    return mark_safe("".join(out))


def row_html(inline_admin_formset, inline_admin_form, counter, last, request):
    """One row of ``admin/edit_inline/tabular.html``."""
    formset = inline_admin_formset.formset
    original = inline_admin_form.original
    show_url = inline_admin_form.show_url
    empty = last and inline_admin_formset.has_add_permission
    out = ["\n        "]
    add = out.append
    if inline_admin_form.form.non_field_errors():
        add(
            f'{N8}<tr class="row-form-errors">'
            f'<td colspan="{text(cell_count(inline_admin_form))}">'
            f"{text(inline_admin_form.form.non_field_errors())}</td></tr>{N8}"
        )
    add(
        f'\n        <tr class="form-row {"has_original" if original or show_url else ""}'
        f'{" empty-form" if empty else ""}"\n'
        f'             id="{text(formset.prefix)}-{"empty" if empty else text(counter)}">\n'
        '        <td class="original">\n          '
    )
    if original or show_url:
        add("<p>\n          ")
        if original:
            add(f"\n          {text(original)}\n          ")
            model_admin = inline_admin_form.model_admin
            if model_admin.show_change_link and model_admin.has_registered_model:
                add(change_link(inline_admin_formset, inline_admin_form, request))
            add("\n          ")
        add("\n          ")
        if show_url:
            url = text(inline_admin_form.absolute_url)
            add(f'<a href="{url}">{text(gettext("View on site"))}</a>')
        add("\n            </p>")
    add("\n          ")
    if inline_admin_form.needs_explicit_pk_field():
        add(text(inline_admin_form.pk_field().field))
    add("\n          ")
    if fk_field := inline_admin_form.fk_field():
        add(text(fk_field.field))
    add("\n        </td>\n        ")
    for fieldset in inline_admin_form:
        add("\n          ")
        for line in fieldset:
            add("\n            ")
            for field in line:
                add(cell_html(field))
            add("\n          ")
        add("\n        ")
    add('\n        <td class="delete">')
    if formset.can_delete and inline_admin_formset.has_delete_permission and original:
        add(text(inline_admin_form.deletion_field().field))
    add("</td>\n        </tr>\n     ")
    return "".join(out)


def cell_html(field):
    """One cell of a row of ``admin/edit_inline/tabular.html``."""
    classes = ""
    if field_name := lookup(field, "name"):
        classes = f"field-{text(field_name)}"
    if lookup(field, "is_hidden"):
        classes += " hidden"
    if field.is_readonly:
        body = f"\n                  <p>{text(field.contents())}</p>\n              "
    else:
        body = (
            f"\n                  {text(field.field.errors.as_ul())}"
            f"\n                  {text(field.field)}\n              "
        )
    return f'{N14}<td class="{classes}">{N14}{body}{N14}</td>{N12}'


def change_link(inline_admin_formset, inline_admin_form, request):
    """The "Change"/"View" link of a row whose model admin shows one."""
    opts = inline_admin_form.model_admin.opts
    try:
        current_app = request.current_app
    except AttributeError:
        try:
            current_app = request.resolver_match.namespace
        except AttributeError:
            current_app = None
    url = reverse(
        f"admin:{opts.app_label}_{opts.model_name}_change",
        args=[quote(inline_admin_form.original.pk)],
        current_app=current_app,
    )
    can_change = inline_admin_formset.has_change_permission
    return (
        f'<a href="{conditional_escape(url)}" '
        f'class="{"inlinechangelink" if can_change else "inlineviewlink"}">'
        f"{text(gettext('Change') if can_change else gettext('View'))}</a>"
    )
