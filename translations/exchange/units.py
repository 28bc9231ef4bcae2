"""The units of an exchange file: what is exported, how each unit is named, and what its
English in the site is (for the fingerprint that tells a stale file from a current one).

A unit is one field of one object, or one segment of a rich-text field:

- its ID is ``app.model.pk.field`` (``projects.project.3.title``), with the segment's
  number for rich text (``projects.project.3.body.2``), then ``:`` and the *fingerprint*:
  the first 12 hex digits of a SHA-256 of the English the site had for the unit when it
  was exported. Tools keep IDs as they are, so the fingerprint always comes back;
- its source is the Dutch (rich text in the notation of ``segments.py``), its target the
  English in the site, a suggestion from the translation memory, or nothing;
- slugs (the English page's address) and link addresses are units too; both may be left
  empty (the Dutch one is used then).
"""

import hashlib
import re
from dataclasses import dataclass, field

from django.db import models
from django.urls import NoReverseMatch
from django.utils import translation
from modeltranslation.translator import translator

from content.registry import desk_options

from ..fuzzy import SENTENCE
from ..glossary import all_terms, describe, terms_in
from ..memory import complete_pairs, fuzzy_suggestions, suggestions
from ..registry import (
    TARGET_LANGUAGE,
    english_name,
    english_slug_suggestion,
    source_name,
    translated_fields,
)
from ..roles import view_permission
from ..segments import notation_text
from ..state import COMPLETE, MISSING, OUTDATED, is_rich, item_statuses

RICH = "rich"
PLAIN = "plain"
SLUG = "slug"
URL = "url"

NEEDS_WORK = "needs_work"
ALL = "all"

# What an exported unit is: nothing translated yet (new), the English of an older Dutch
# (outdated), or the English of the current Dutch (translated). A new or outdated unit whose
# Dutch the memory knows also has ``matches`` (an exact one is a suggestion).
NEW = "new"
SUGGESTED = "suggested"  # kept for files' readers: a new unit with an exact memory match
STALE = "outdated"
TRANSLATED = "translated"

# What each unit's note says of its state (in English: read by the translator into English).
STATE_NOTES = {
    NEW: "State: new, no English yet.",
    STALE: (
        "State: outdated, the Dutch changed after its English was written; that English "
        "is offered beside the target (the older Dutch with it)."
    ),
}

# Where an offered English comes from (XLIFF's alt-trans/@origin, the matches' origin).
MEMORY = "vwn-memory"
PREVIOUS_VERSION = "previous-version"

UNIT_ID = re.compile(
    r"^(?P<app>\w+)\.(?P<model>\w+)\.(?P<pk>\d+)\.(?P<field>[A-Za-z_]\w*?)"
    r"(?:\.(?P<segment>\d+))?(?::(?P<fingerprint>[0-9a-f]{12}))?$"
)


def field_kind(model, field_name):
    model_field = model._meta.get_field(field_name)
    if is_rich(model, field_name):
        return RICH
    if isinstance(model_field, models.SlugField):
        return SLUG
    if isinstance(model_field, models.URLField):
        return URL
    return PLAIN


def fingerprint(text):
    return hashlib.sha256((text or "").strip().encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class UnitId:
    app: str
    model: str
    pk: int
    field: str
    segment: int | None = None
    fingerprint: str | None = None

    @property
    def base(self):
        base = f"{self.app}.{self.model}.{self.pk}.{self.field}"
        return base if self.segment is None else f"{base}.{self.segment}"

    def __str__(self):
        return self.base if self.fingerprint is None else f"{self.base}:{self.fingerprint}"


def parse_unit_id(text):
    match = UNIT_ID.match((text or "").strip())
    if not match:
        return None
    segment = match["segment"]
    return UnitId(
        match["app"],
        match["model"],
        int(match["pk"]),
        match["field"],
        int(segment) if segment is not None else None,
        match["fingerprint"],
    )


def base_id(text):
    """The unit ID without its fingerprint (what must be unique in a file)."""
    parsed = parse_unit_id(text)
    return parsed.base if parsed else (text or "").strip()


def model_for(app_label, model_name):
    """The translated model ``app_label.model_name``, or None."""
    for model in translator.get_registered_models():
        opts = model._meta
        if opts.app_label == app_label and opts.model_name == model_name:
            return model if translated_fields(model) else None
    return None


def site_english(field_status, segment_status=None):
    """The English the site has for a unit: what its fingerprint is made from."""
    if segment_status is None:
        return field_status.english
    if not field_status.segments.aligned:
        return field_status.english  # replaced as a whole: any change to it counts
    if segment_status.english is not None:
        return segment_status.english
    return segment_status.english_html or ""


@dataclass(frozen=True)
class Match:
    """English the site offers for a unit: from the memory (``score`` 100 for the same
    Dutch, less for similar Dutch) or the English of the unit's older Dutch."""

    source: str  # the Dutch the English is a translation of (notation)
    english: str
    score: int | None = 100
    origin: str = MEMORY


@dataclass
class ExportUnit:
    id: str
    kind: str
    source: str
    target: str = ""  # the site's English (translated, or outdated), never a suggestion
    status: str = NEW
    previous: str | None = None  # the Dutch the target was translated from, when outdated
    codes: list = field(default_factory=list)
    note: str = ""
    optional: bool = False
    matches: list = field(default_factory=list)  # Match, best first

    @property
    def suggestion(self):
        """The English of an exact memory match (the same Dutch), or None."""
        for match in self.matches:
            if match.origin == MEMORY and match.score == 100:
                return match.english
        return None


def _in_scope(state, scope):
    if state is None:
        return False
    if scope == ALL:
        return True
    if scope == NEEDS_WORK:
        return state in (MISSING, OUTDATED)
    return state == scope


def page_url(obj):
    """The English page showing ``obj`` (a workshop shows on its project's page)."""
    if not hasattr(obj, "get_absolute_url"):
        obj = getattr(obj, "project", None)
        if obj is None:
            return None
    with translation.override(TARGET_LANGUAGE):
        try:
            return obj.get_absolute_url()
        except NoReverseMatch:
            return None


def _describe_codes(codes):
    described = []
    for code in codes:
        if code.tag == "a":
            href = dict(code.attrs).get("href", "")
            described.append(f"{code.placeholder()} link to {href}")
        elif code.tag == "br":
            described.append(f"{code.placeholder()} line break")
        else:
            described.append(f"{code.placeholder()} {code.kind}")
    return ", ".join(described)


def _note(item_obj, obj, field_name, kind, extra=()):
    # Written in English on purpose: it is read by the translator into English, whatever
    # language the back office is shown in.
    model_field = obj._meta.get_field(field_name)
    if obj is item_obj:
        lines = [f"{obj._meta.verbose_name.capitalize()} “{obj}”"]
    else:
        lines = [
            f"{obj._meta.verbose_name.capitalize()} “{obj}” "
            f"({item_obj._meta.verbose_name} “{item_obj}”)"
        ]
    if kind == RICH:
        description = "rich text, one paragraph or list item"
    elif kind == SLUG:
        description = (
            f"web address of the English page: lower-case letters, digits and hyphens, "
            f"at most {model_field.max_length} characters; leave empty to keep the Dutch one"
        )
    elif kind == URL:
        description = "web address (https://…); leave empty to use the Dutch address"
    elif getattr(model_field, "max_length", None):
        description = f"plain text without HTML, at most {model_field.max_length} characters"
    else:
        description = "plain text without HTML"
    lines.append(f"Field: {model_field.verbose_name} — {description}")
    if model_field.help_text:
        lines.append(f"Help: {model_field.help_text}")
    page = page_url(item_obj)
    if page:
        lines.append(f"Page: {page}")
    lines += [line for line in extra if line]
    return "\n".join(lines)


def _object_units(item, obj, statuses, scope):
    """The units of one object of an item (the item itself or one of its inline rows)."""
    units = []
    model = type(obj)
    for status in statuses:
        name = status.field
        kind = field_kind(model, name)
        if kind == RICH and status.segments is not None:
            units += _segment_units(item, obj, status, scope)
            continue
        if kind == URL and status.state is None and status.source.strip():
            # An address without English of its own: offered with the rest of its object.
            units.append(
                ExportUnit(
                    str(UnitId(*_key(obj), name, None, fingerprint(""))),
                    URL,
                    status.source.strip(),
                    note=_note(item.obj, obj, name, URL),
                    optional=True,
                )
            )
            continue
        if not _in_scope(status.state, scope):
            continue
        unit = ExportUnit(
            str(UnitId(*_key(obj), name, None, fingerprint(status.english))),
            kind,
            status.source.strip() if kind != RICH else status.source,
            note=_note(item.obj, obj, name, kind),
        )
        if status.state == OUTDATED:
            unit.target, unit.status, unit.previous = status.english, STALE, status.previous_source
        elif status.state == COMPLETE:
            unit.target, unit.status = status.english, TRANSLATED
        units.append(unit)
    for name in translated_fields(model):
        if field_kind(model, name) != SLUG:
            continue
        dutch = getattr(obj, source_name(name)) or ""
        english = getattr(obj, english_name(name)) or ""
        state = COMPLETE if english else MISSING
        if not dutch or not _in_scope(state, scope):
            continue
        suggestion = english_slug_suggestion(obj) if not english else ""
        extra = [f"Suggested from the English title: {suggestion}"] if suggestion else []
        units.append(
            ExportUnit(
                str(UnitId(*_key(obj), name, None, fingerprint(english))),
                SLUG,
                dutch,
                english,
                TRANSLATED if english else NEW,
                note=_note(item.obj, obj, name, SLUG, extra),
            )
        )
    return units


def _key(obj):
    return obj._meta.app_label, obj._meta.model_name, obj.pk


def _segment_units(item, obj, status, scope):
    analysis = status.segments
    total = len(analysis.statuses)
    units = []
    whole = []
    if not analysis.aligned and status.english.strip():
        whole = [
            "The English of this field is not divided like the Dutch; give English for all "
            f"{total} segments to replace it. It reads now: {status.english}"
        ]
    for segment_status in analysis.statuses:
        state = segment_status.state
        if not analysis.aligned and status.state == OUTDATED:
            state = OUTDATED  # replaced as a whole, so every segment is part of the work
        if not _in_scope(state, scope):
            continue
        segment = segment_status.segment
        codes = segment.codes
        extra = [f"Segment {segment_status.number} of {total}."]
        if codes:
            extra.append(f"Keep the placeholders: {_describe_codes(codes)}.")
        extra += whole
        unit = ExportUnit(
            str(
                UnitId(
                    *_key(obj),
                    status.field,
                    segment_status.number,
                    fingerprint(site_english(status, segment_status)),
                )
            ),
            RICH,
            segment.notation,
            codes=codes,
            note=_note(item.obj, obj, status.field, RICH, extra),
        )
        if analysis.aligned and segment_status.english is not None:
            if segment_status.state == OUTDATED:
                unit.target, unit.status = segment_status.english, STALE
                unit.previous = segment_status.previous.notation
            elif segment_status.state == COMPLETE:
                unit.target, unit.status = segment_status.english, TRANSLATED
        units.append(unit)
    return units


def collect(scope=NEEDS_WORK, user=None):
    """The ExportUnits in ``scope``, of the kinds of content ``user`` may view (if given).

    Missing and outdated units whose Dutch the memory (or up-to-date English elsewhere in
    the content) knows get that English as a suggestion."""
    units = []
    known = {}
    with translation.override(TARGET_LANGUAGE):  # notes in the translator's language
        for kind in desk_options():
            if user is not None and not user.has_perm(view_permission(kind.model)):
                continue
            for item in item_statuses(kind.model).values():
                for status in item.fields:
                    for dutch, english in complete_pairs(status):
                        known.setdefault(dutch, english)
                by_object = {}
                for status in item.fields:
                    by_object.setdefault((type(status.obj), status.obj.pk), []).append(status)
                for statuses in by_object.values():
                    obj = statuses[0].obj
                    object_units = _object_units(item, obj, statuses, scope)
                    if scope != ALL and all(unit.optional for unit in object_units):
                        continue
                    units += object_units
    wanted = [u.source for u in units if u.status in (NEW, STALE) and u.kind in (RICH, PLAIN)]
    remembered = {**suggestions([s for s in wanted if s not in known]), **known}
    for unit in units:
        if unit.status in (NEW, STALE) and unit.kind in (RICH, PLAIN):
            english = remembered.get(unit.source)
            if english and english != unit.target:
                unit.matches.append(Match(unit.source, english))
    for unit in units:
        if unit.status in STATE_NOTES and unit.kind in (RICH, PLAIN):
            unit.note += "\n" + STATE_NOTES[unit.status]
    terms = all_terms()
    for unit in units:
        if terms and unit.kind in (RICH, PLAIN):
            found = terms_in(notation_text(unit.source), terms)
            if found:
                unit.note += "\n" + describe(found)
    similar = fuzzy_suggestions(
        [u.source for u in units if u.status in (NEW, STALE) and u.kind in (RICH, PLAIN)]
    )
    for unit in units:
        for source, english, score, origin in similar.get(unit.source, []):
            if english == unit.suggestion or english == unit.target:
                continue
            unit.matches.append(Match(source, english, score, origin))
            unit.note += "\n" + _match_note(source, english, score, origin)
    return units


def _match_note(source, english, score, origin):
    what = "a sentence of it" if origin == SENTENCE else "similar"
    return f"Memory ({what}, {score}%): {notation_text(source)} → {notation_text(english)}"
