"""What stands with each English field of an admin form: the Dutch source, the state,
what changed in the Dutch (old and new side by side), and for translators the English of
rich text per segment, beside its Dutch."""

import copy
import difflib
import re

from django import forms
from django.template.loader import render_to_string
from django.utils.html import escape, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .fuzzy import SENTENCE
from .glossary import all_terms, dropped, terms_in
from .memory import fuzzy_suggestions
from .registry import source_name
from .segments import notation_text
from .state import MISSING, OUTDATED, is_rich, source_hash

CONFIRM_FIELD = "_translation_still_correct"


def side_by_side(old, new):
    """(old HTML, new HTML) of two plain texts, the words removed from the old marked
    <del> and those added to the new marked <ins>."""
    old_words = re.findall(r"\S+|\s+", old or "")
    new_words = re.findall(r"\S+|\s+", new or "")
    before, after = [], []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        removed = escape("".join(old_words[i1:i2]))
        added = escape("".join(new_words[j1:j2]))
        if tag == "equal":
            before.append(removed)
            after.append(added)
            continue
        if removed:
            before.append(f"<del>{removed}</del>")
        if added:
            after.append(f"<ins>{added}</ins>")
    return mark_safe("".join(before)), mark_safe("".join(after))


def changes(status):
    """[(label, old HTML, new HTML)] of what changed in the Dutch of an outdated field:
    each changed segment of rich text, or the whole text; and of a field whose Dutch only
    gained paragraphs (missing English for them), those paragraphs."""
    if status is None or status.state not in (OUTDATED, MISSING):
        return []
    if status.state == MISSING and (status.segments is None or not status.english.strip()):
        return []
    if status.segments is not None:
        rows = []
        for segment in status.segments.statuses:
            if segment.state == OUTDATED and segment.previous is not None:
                old, new = side_by_side(segment.previous.text, segment.segment.text)
                if segment.previous.text == segment.segment.text:
                    new = mark_safe(new + " " + escape(_("(only the layout or a link changed)")))
                rows.append((segment.number, old, new))
            elif segment.state == MISSING and status.english.strip():
                rows.append((segment.number, "", side_by_side("", segment.segment.text)[1]))
        for removed in status.segments.removed:
            rows.append(("−", side_by_side(removed.text, "")[0], ""))
        return rows
    old, new = side_by_side(status.previous_source, status.source)
    return [(None, old, new)]


def _new_segments(status):
    if status is None or status.segments is None or not status.english.strip():
        return 0
    return sum(1 for segment in status.segments.statuses if segment.state == MISSING)


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

    def context(self):
        source = getattr(self.obj, source_name(self.field_name), None) or ""
        rich = is_rich(type(self.obj), self.field_name)
        status = self.status
        context = {
            "source": mark_safe(source) if rich else source,
            "rich": rich,
            "state": status.state if status else None,
            "unit_id": status.unit_id if status else "",
            "confirm_name": CONFIRM_FIELD,
            "changes": changes(status),
            # English for some paragraphs only: the rest are new in the Dutch.
            "partial": bool(status and status.state == MISSING and status.english.strip()),
            "new_segments": _new_segments(status),
        }
        if status and status.previous_source is not None:
            context["previous_source"] = (
                mark_safe(status.previous_source) if rich else status.previous_source
            )
        return context

    def render(self, name, value, attrs=None, renderer=None):
        context = self.context()
        context["widget_html"] = self.widget.render(name, value, attrs, renderer)
        return mark_safe(render_to_string(self.template_name, context))


def field_labels(statuses):
    return format_html_join(", ", "{}", ((status.label,) for status in statuses))


# The translator's rich text, per segment -----------------------------------------------------


class SegmentedEnglishWidget(forms.Widget):
    """The English of a rich-text field as one text box per Dutch segment.

    Posted as ``<name>__<n>`` (the English of segment n, in the notation), ``<name>__use``
    (segments whose memory suggestion is taken) and ``<name>__source`` (a fingerprint of the
    Dutch the form was made for).
    """

    template_name = "translations/widgets/segments.html"

    def __init__(self, obj, field_name, status, suggestions=None, attrs=None):
        super().__init__(attrs)
        self.obj = obj
        self.field_name = field_name
        self.status = status
        self.suggestions = suggestions or {}

    def value_from_datadict(self, data, files, name):
        segments = {}
        for segment in self.status.segments.statuses:
            key = f"{name}__{segment.number}"
            if key in data:
                segments[segment.number] = data.get(key) or ""
        return {
            "segments": segments,
            "use": {int(n) for n in data.getlist(f"{name}__use") if str(n).isdigit()}
            if hasattr(data, "getlist")
            else set(),
            "source": data.get(f"{name}__source", ""),
        }

    def value_omitted_from_data(self, data, files, name):
        return f"{name}__source" not in data

    def similar(self):
        """{Dutch notation: [(memory Dutch, English, score, origin)]} of the segments that
        need work and have no exact suggestion: one query for the field."""
        wanted = [
            segment.segment.notation
            for segment in self.status.segments.statuses
            if segment.needs_work and segment.segment.notation not in self.suggestions
        ]
        return fuzzy_suggestions(wanted) if wanted else {}

    def rows(self, name, value):
        posted = value.get("segments", {}) if isinstance(value, dict) else {}
        used = value.get("use", set()) if isinstance(value, dict) else set()
        similar = self.similar()
        terms = all_terms()
        rows = []
        for segment in self.status.segments.statuses:
            number = segment.number
            english = posted.get(number, segment.english or "")
            suggestion = self.suggestions.get(segment.segment.notation)
            old = new = None
            if segment.state == OUTDATED and segment.previous is not None:
                old, new = side_by_side(segment.previous.text, segment.segment.text)
            rows.append(
                {
                    "number": number,
                    "name": f"{name}__{number}",
                    "id": f"{self.attrs.get('id', 'id_' + name)}__{number}",
                    "state": segment.state,
                    "dutch_html": mark_safe(segment.segment.html),
                    "notation": segment.segment.notation if segment.segment.codes else "",
                    "codes": segment.segment.codes,
                    "english": english,
                    "english_html": mark_safe(segment.english_html)
                    if segment.english is None and segment.english_html
                    else "",
                    "suggestion": suggestion
                    if suggestion and suggestion != (segment.english or "")
                    else "",
                    "use_checked": number in used,
                    "terms": terms_in(segment.segment.text, terms) if terms else [],
                    "terms_missing": dropped(segment.segment.notation, english, terms)
                    if terms and english.strip()
                    else [],
                    "similar": [
                        {
                            "score": score,
                            "dutch": notation_text(source),
                            "english": notation_text(english),
                            "sentence": origin == SENTENCE,
                        }
                        for source, english, score, origin in similar.get(
                            segment.segment.notation, []
                        )
                    ],
                    "old": old,
                    "new": new,
                }
            )
        return rows

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        status = self.status
        context.update(
            {
                "rows": self.rows(name, value),
                "source_fingerprint": source_hash(status.source),
                "aligned": status.segments.aligned,
                "whole_english": mark_safe(status.english)
                if not status.segments.aligned and status.english.strip()
                else "",
                "removed": [segment.text for segment in status.segments.removed],
            }
        )
        return context


class SegmentedSourceWidget(SourceTextWidget):
    """The Dutch source and state above the translator's per-segment English."""

    template_name = "translations/widgets/source_text.html"

    def render(self, name, value, attrs=None, renderer=None):
        context = self.context()
        context["source"] = ""  # each segment shows its own Dutch
        context["changes"] = []  # and its own change
        context["widget_html"] = self.widget.render(name, value, attrs, renderer)
        return mark_safe(render_to_string(self.template_name, context))
