"""The Dutch source shown read-only above each English field of an admin form."""

import copy
import difflib
import re

from django.template.loader import render_to_string
from django.utils.html import escape, format_html_join, strip_tags
from django.utils.safestring import mark_safe

from content.richtext import RichTextField

from .registry import source_name

CONFIRM_FIELD = "_translation_still_correct"


def word_diff(old, new):
    """HTML marking the words removed from and added to a (rich) text: <del>/<ins>."""
    old_words = re.findall(r"\S+|\s+", strip_tags(old or ""))
    new_words = re.findall(r"\S+|\s+", strip_tags(new or ""))
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(escape("".join(old_words[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            parts.append(f"<del>{escape(''.join(old_words[i1:i2]))}</del>")
        if tag in ("insert", "replace"):
            parts.append(f"<ins>{escape(''.join(new_words[j1:j2]))}</ins>")
    return mark_safe("".join(parts))


class SourceTextWidget:
    """Wraps the widget of an English field: renders the Dutch source (and, when the English
    is missing or outdated, a mark with what changed) above the unchanged input.

    Everything else (value parsing, media, ids) is the wrapped widget's own.
    """

    template_name = "translations/widgets/source_text.html"

    def __init__(self, widget, obj, field_name, status=None):
        self.widget = widget
        self.obj = obj
        self.field_name = field_name
        self.status = status

    def __getattr__(self, name):
        if name == "widget":
            raise AttributeError(name)
        return getattr(self.widget, name)

    def __deepcopy__(self, memo):
        clone = copy.copy(self)
        clone.widget = copy.deepcopy(self.widget, memo)
        memo[id(self)] = clone
        return clone

    @property
    def media(self):
        return self.widget.media

    def render(self, name, value, attrs=None, renderer=None):
        model_field = self.obj._meta.get_field(self.field_name)
        source = getattr(self.obj, source_name(self.field_name), None) or ""
        rich = isinstance(model_field, RichTextField)
        status = self.status
        context = {
            "source": mark_safe(source) if rich else source,
            "rich": rich,
            "state": status.state if status else None,
            "unit_id": status.unit_id if status else "",
            "confirm_name": CONFIRM_FIELD,
            "widget_html": self.widget.render(name, value, attrs, renderer),
        }
        if status and status.previous_source is not None:
            context["diff"] = word_diff(status.previous_source, status.source)
            context["previous_source"] = (
                mark_safe(status.previous_source) if rich else status.previous_source
            )
        return mark_safe(render_to_string(self.template_name, context))


def field_labels(statuses):
    return format_html_join(", ", "{}", ((status.label,) for status in statuses))
