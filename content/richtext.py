"""Rich text: one allow-list for the editor's toolbar and the server-side sanitiser.

Editors write in django-prose-editor; what they may produce is exactly what nh3 lets
through, and the value is cleaned again on every save (also outside forms, e.g. the
seed command or an import), so templates can render it with ``|safe``.
"""

import re

import nh3
from django import forms
from django.utils.html import strip_tags
from django_prose_editor.fields import ProseEditorField
from django_prose_editor.widgets import AdminProseEditorWidget
from js_asset import Media

EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Link": {"enableTarget": True, "protocols": ["http", "https", "mailto"]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Heading": {"levels": [3, 4]},
    "Blockquote": True,
    "HardBreak": True,
    "History": True,
}

_cleaner = nh3.Cleaner(
    tags={"p", "br", "strong", "em", "a", "ul", "ol", "li", "h3", "h4", "blockquote"},
    attributes={"a": {"href", "title", "target"}},
    url_schemes={"http", "https", "mailto"},
    # Every link gets rel="noopener noreferrer": harmless on same-window links and
    # required on the ones that open a new window.
    link_rel="noopener noreferrer",
    strip_comments=True,
)


# Headings of levels the toolbar does not offer (pasted from another page) become the
# nearest level it does, instead of losing their tag and running into the next paragraph.
_HEADING_LEVELS = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)
_ALLOWED_LEVEL = {"1": "3", "2": "3", "3": "3", "4": "4", "5": "4", "6": "4"}
# A block of text: a paragraph, a heading or a list item.
_TEXT_BLOCK = re.compile(r"<(?:p|h3|h4|li)[\s>]")


def words(html):
    """Rich text as its words, for people reading a change: tags dropped, white space one
    space (diffs in the history, the clash screen, the review of a proposal)."""
    return " ".join(strip_tags(html or "").split())


def sanitize_html(html: str) -> str:
    """Return ``html`` reduced to the allow-list."""
    if not html:
        return ""
    html = _HEADING_LEVELS.sub(lambda m: f"<{m[1]}h{_ALLOWED_LEVEL[m[2]]}", html)
    cleaned = _cleaner.clean(html)
    # An editor that leaves one empty paragraph means "no text".
    return "" if cleaned.strip() in ("", "<p></p>", "<p><br></p>") else cleaned


def is_partial_translation(source, translation):
    """Whether the (sanitised) ``translation`` of rich text ``source`` leaves out some of its
    blocks: a translator saved the English of some of its paragraphs only. Shown on its own,
    such a text would silently lose the rest; it is shown as the source until complete."""
    return len(_TEXT_BLOCK.findall(translation or "")) < len(_TEXT_BLOCK.findall(source or ""))


class AdminRichTextWidget(AdminProseEditorWidget):
    """The admin's editor, with its toolbar in the admin's language."""

    @property
    def media(self):
        return (
            super().media
            + Media(js=["content/admin-labels.js"])
            + forms.Media(css={"all": ["content/admin-editor.css"]})
        )


class RichTextField(ProseEditorField):
    """A TextField holding sanitised HTML, edited with ProseMirror in the admin."""

    def formfield(self, **kwargs):
        field = super().formfield(**kwargs)
        if type(field.widget) is AdminProseEditorWidget:
            widget = AdminRichTextWidget(attrs=field.widget.attrs)
            widget.config, widget.preset = field.widget.config, field.widget.preset
            field.widget = widget
        return field

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("config", {"extensions": EXTENSIONS})
        kwargs["sanitize"] = sanitize_html
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        raw = getattr(model_instance, self.attname)
        if raw is None:  # an untranslated modeltranslation column stays NULL
            return None
        value = sanitize_html(raw)
        # Write to the instance dict, not through setattr: on modeltranslation's original
        # field, setattr would store the (fallback) value into the active language's column.
        model_instance.__dict__[self.attname] = value
        return value

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("config", None)
        return name, "content.richtext.RichTextField", args, kwargs
