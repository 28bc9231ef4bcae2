"""The glossary (termbase): names and terms and the English they must have.

- ``terms_in(text, terms)``: the terms a Dutch text contains (whole words, any case);
- ``dropped(dutch, english, terms)``: those whose English the translation lacks, for the
  import's warning;
- ``as_tbx(terms)`` / ``as_csv(terms)``: the glossary for CAT tools (TBX, written by
  translate-toolkit; OmegaT reads it from its project's ``glossary/`` folder) and
  spreadsheets (cells that start like a formula are neutralised).
"""

import csv
import io
import re

from translate.storage.tbx import tbxfile

from .models import GlossaryTerm
from .registry import SOURCE_LANGUAGE, TARGET_LANGUAGE
from .segments import notation_text


def all_terms():
    return list(GlossaryTerm.objects.all())


def _pattern(text):
    return re.compile(rf"(?<!\w){re.escape(text.strip())}(?!\w)", re.IGNORECASE)


def terms_in(text, terms):
    """The terms of ``terms`` that occur in the plain ``text`` (whole words, any case)."""
    return [term for term in terms if term.dutch.strip() and _pattern(term.dutch).search(text)]


def dropped(dutch, english, terms):
    """The terms of the Dutch (notation or text) whose English the English lacks."""
    english_text = notation_text(english)
    return [
        term
        for term in terms_in(notation_text(dutch), terms)
        if not _pattern(term.target).search(english_text)
    ]


def describe(terms):
    """One line for a unit's note: each term with the English it must have."""
    return "Glossary: " + "; ".join(
        f"{term.dutch} → {term.target}" + (f" ({term.note})" if term.note else "") for term in terms
    )


def as_tbx(terms):
    store = tbxfile()
    store.setsourcelanguage(SOURCE_LANGUAGE)
    store.settargetlanguage(TARGET_LANGUAGE)
    for term in terms:
        unit = store.addsourceunit(term.dutch)
        unit.target = term.target
        if term.note:
            unit.addnote(term.note)
    return bytes(store)


def _cell(value):
    """A spreadsheet cell that never runs as a formula (= + - @ and control starts)."""
    value = value or ""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def as_csv(terms):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([SOURCE_LANGUAGE, TARGET_LANGUAGE, "note"])
    for term in terms:
        writer.writerow([_cell(term.dutch), _cell(term.target), _cell(term.note)])
    return out.getvalue()
