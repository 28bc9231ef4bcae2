"""The exchange formats: PO (polib), XLIFF 1.2 and XLIFF 2.0 (translate-toolkit).

Writing turns ExportUnits into a file; reading turns a file into FileUnits, the same for
every format: the unit's ID, its source and target in the notation of ``segments.py``, and
whether the file says the target is a translation to use.

How each format says it:

- unit ID: ``msgctxt`` (PO), ``trans-unit/@id`` (XLIFF 1.2), ``unit/@id`` (XLIFF 2.0);
- inline codes: ``<1>…</1>`` and ``<2/>`` (PO), ``<g id="1">`` and ``<x id="2"/>`` (1.2),
  ``<pc id="1">`` and ``<ph id="2"/>`` (2.0);
- nothing translated yet (new or outdated): an empty ``msgstr`` (a memory suggestion or the
  older Dutch's English in it, ``fuzzy``); a target that is a copy of the Dutch with
  ``state="needs-translation"``; no target;
- what the site offers beside it: PO's fuzzy ``msgstr`` and ``#| msgid``; ``<alt-trans>``
  (``origin="vwn-memory"`` with ``match-quality``, or ``origin="previous-version"``); the
  Translation Candidates module (``<mtc:matches>``);
- marked done: not fuzzy; ``translated``, ``signed-off`` or ``final``, or
  ``approved="yes"``; ``translated``, ``reviewed`` or ``final``.

A reader says EMPTY (no target, or still the copy of the Dutch), USE (marked done) or
REVIEW (English the file does not mark done); the importer decides what REVIEW English is
(the translator's own, or the site's suggestion). A target copied from the source is the
convention CAT tools such as OmegaT need to show a unit; they write the English over it and
often leave the state as it was.
"""

import html
import os
import re
import tempfile
from dataclasses import dataclass

import polib
from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree
from translate.misc.xml_helpers import parse_xml
from translate.storage.xliff import Xliff1Unit, xlifffile
from translate.storage.xliff2 import Xliff2File

from ..registry import SOURCE_LANGUAGE, TARGET_LANGUAGE
from ..segments import _escape_text, notation_text, tokens
from .units import PREVIOUS_VERSION, STALE, TRANSLATED, Match

PO = "po"
XLIFF12 = "xliff12"
XLIFF2 = "xliff2"
FORMAT_LABELS = {PO: "PO (gettext)", XLIFF12: "XLIFF 1.2", XLIFF2: "XLIFF 2.0"}
EXTENSIONS = {PO: "po", XLIFF12: "xlf", XLIFF2: "xlf"}
CONTENT_TYPES = {
    PO: "text/x-gettext-translation; charset=utf-8",
    XLIFF12: "application/xliff+xml; charset=utf-8",
    XLIFF2: "application/xliff+xml; charset=utf-8",
}

# What a reader says about a unit's target.
USE = "use"  # a translation to apply
REVIEW = "review"  # English the file does not mark as done (see _use)
EMPTY = "empty"  # nothing translated yet

XLIFF12_NS = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF2_NS = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF2_MATCHES_NS = "urn:oasis:names:tc:xliff:matches:2.0"
PRODUCT = "VluchtelingenWerk Nederland projects outside the Netherlands"


class MalformedFile(Exception):
    """The file as a whole cannot be read as a translation file; nothing was imported."""


@dataclass
class FileUnit:
    id: str
    source: str
    target: str
    use: str
    line: int | None = None
    problem: str = ""  # why the unit cannot be read (an inline element of another tool)
    # Whether its text is escaped as in the notation (XLIFF's is, read from XML; a PO
    # file's is as the translator wrote it, escaped only in rich text).
    escaped: bool = False


def _use(source, target, says_use=False):
    """What a target is: empty (or still the copy of the Dutch), marked done by the
    translator's tool (USE), or English the tool does not mark done (REVIEW).

    REVIEW does not mean "skip": the importer applies such English when it is not what was
    exported (the translator's own words), and asks for a confirmation only when it is the
    exported suggestion (see ``importer``). Tools keep confirmation in attributes of their own
    (OmegaT never changes ``state``), so the mark alone decides nothing else."""
    if target is None or not target.strip():
        return EMPTY
    if says_use:
        return USE
    same = re.sub(r"\s+", " ", target).strip() == re.sub(r"\s+", " ", source).strip()
    return EMPTY if same else REVIEW


# PO ---------------------------------------------------------------------------------------


def write_po(units, scope):
    now = timezone.now().strftime("%Y-%m-%d %H:%M%z")
    catalogue = polib.POFile(wrapwidth=0)
    catalogue.metadata = {
        "Project-Id-Version": PRODUCT,
        "POT-Creation-Date": now,
        "PO-Revision-Date": now,
        "Language": TARGET_LANGUAGE,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": SOURCE_LANGUAGE,
        "X-Export-Scope": scope,
    }
    for unit in units:
        # PO's convention (msgmerge, Poedit): a suggestion or the English of the older
        # Dutch stands in msgstr, marked fuzzy.
        suggestion = unit.suggestion
        entry = polib.POEntry(
            msgctxt=unit.id,
            msgid=unit.source,
            msgstr=suggestion or unit.target,
            comment=unit.note,
        )
        if suggestion or unit.status == STALE:
            entry.flags.append("fuzzy")
        if unit.previous is not None:
            entry.previous_msgid = unit.previous
        catalogue.append(entry)
    return catalogue


def read_po(text):
    # polib takes either a path or the content; always give it a path, so content that
    # happens to look like a path is never read as one.
    handle, path = tempfile.mkstemp(suffix=".po")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as temporary:
            temporary.write(text)
        try:
            catalogue = polib.pofile(path, encoding="utf-8", wrapwidth=0)
        except (OSError, ValueError, IndexError) as exc:
            line = re.search(r"line (\d+)", str(exc))
            raise MalformedFile(
                _("The file is not a valid PO file (error at line %(line)s).")
                % {"line": line.group(1) if line else "?"}
            ) from exc
    finally:
        os.unlink(path)
    language = (catalogue.metadata.get("Language") or "").strip().lower().replace("-", "_")
    if language and language.split("_")[0] != TARGET_LANGUAGE:
        raise MalformedFile(
            _("The file is for language “%(language)s”, not for English.") % {"language": language}
        )
    units = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        target = "" if entry.msgid_plural else entry.msgstr
        fuzzy = "fuzzy" in entry.flags
        use = _use(entry.msgid, target, says_use=not fuzzy)
        units.append(FileUnit(entry.msgctxt or "", entry.msgid, target, use, entry.linenum))
    return units


# XLIFF: inline codes ------------------------------------------------------------------------


# Characters XML 1.0 cannot hold (control characters that got into old content); written
# as U+FFFD, so the export never fails and the unit's Dutch no longer matches on import.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text):
    return _NOT_XML.sub("\ufffd", text or "")


def _append_text(parent, text):
    text = xml_text(text)
    if not text:
        return
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


_SUBTYPES = {"bold": "xlf:b", "italic": "xlf:i", "lb": "xlf:lb"}


def fill_inline(element, notation, codes, version):
    """Write ``notation`` into the XLIFF ``element`` (a source or target), its codes as
    inline elements of XLIFF ``version`` (1 or 2). Codes the notation names but ``codes``
    lack are written as text, so a broken target still shows what the translator wrote."""
    by_number = {code.number: code for code in codes}
    ns = XLIFF12_NS if version == 1 else XLIFF2_NS
    stack = [element]
    for kind, value in tokens(notation):
        if kind == "text":
            _append_text(stack[-1], html.unescape(value))
            continue
        code = by_number.get(value)
        if code is None or (kind == "empty") == code.paired:
            _append_text(stack[-1], f"<{'/' if kind == 'close' else ''}{value}>")
            continue
        if kind == "close":
            if len(stack) > 1 and stack[-1].get("id") == str(value):
                stack.pop()
            continue
        if version == 1:
            tag = "g" if code.paired else "x"
            child = etree.SubElement(stack[-1], f"{{{ns}}}{tag}", id=str(value))
            child.set("ctype", code.kind)
        else:
            tag = "pc" if code.paired else "ph"
            child = etree.SubElement(stack[-1], f"{{{ns}}}{tag}", id=str(value))
            if code.kind == "link":
                child.set("type", "link")
            elif code.kind in ("bold", "italic", "lb"):
                child.set("type", "fmt")
                child.set("subType", _SUBTYPES[code.kind])
            child.set("canCopy", "no")
            child.set("canDelete", "no")
        if code.paired:
            stack.append(child)


def inline_notation(element):
    """The notation of an XLIFF source or target element (1.2 or 2.0): text escaped,
    ``g``/``pc`` as ``<n>…</n>``, ``x``/``ph`` as ``<n/>``, markers (``mrk``) unwrapped.
    Raises ValueError naming an inline element this site does not write."""
    parts = []

    def visit(node):
        if node.text:
            parts.append(_escape_text(node.text))
        for child in node:
            if not isinstance(child.tag, str):  # comments, processing instructions
                if child.tail:
                    parts.append(_escape_text(child.tail))
                continue
            name = etree.QName(child).localname
            code_id = child.get("id", "")
            if name in ("g", "pc") and code_id.isdigit():
                parts.append(f"<{code_id}>")
                visit(child)
                parts.append(f"</{code_id}>")
            elif name in ("x", "ph") and code_id.isdigit():
                parts.append(f"<{code_id}/>")
            elif name == "mrk":
                visit(child)
            else:
                raise ValueError(name)
            if child.tail:
                parts.append(_escape_text(child.tail))

    visit(element)
    return "".join(parts)


# XLIFF 1.2 -----------------------------------------------------------------------------------


class Xliff12Unit(Xliff1Unit):
    namespace = XLIFF12_NS


class Xliff12File(xlifffile):
    """translate-toolkit's XLIFF 1.x store, writing version 1.2."""

    UnitClass = Xliff12Unit
    namespace = XLIFF12_NS
    XMLskeleton = f"""<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="{XLIFF12_NS}">
<file original="vwn-projects" source-language="{SOURCE_LANGUAGE}"
 target-language="{TARGET_LANGUAGE}" datatype="html">
<body>
</body>
</file>
</xliff>"""


def write_xliff12(units, scope):
    store = Xliff12File()
    store.setsourcelanguage(SOURCE_LANGUAGE)
    store.settargetlanguage(TARGET_LANGUAGE)
    header = store.document.getroot()[0]
    header.set("product-name", PRODUCT)
    header.set("date", timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ"))
    header.set("category", scope)
    for unit in units:
        xunit = store.UnitClass("")
        store.addunit(xunit)
        xunit.setid(unit.id)
        source = xunit.source_dom
        fill_inline(source, unit.source, unit.codes, 1)
        target = etree.SubElement(xunit.xmlelement, f"{{{XLIFF12_NS}}}target")
        if unit.status == TRANSLATED:
            fill_inline(target, unit.target, unit.codes, 1)
            target.set("state", "translated")
        else:
            # The convention CAT tools expect (OmegaT reads no unit without it): a copy of
            # the Dutch that the translator writes over. Suggestions and the English of an
            # older Dutch are offered beside it (<alt-trans>), never as the target: a tool
            # that keeps the target as it found it must not make them look like work.
            fill_inline(target, unit.source, unit.codes, 1)
            target.set("state", "needs-translation")
        for match in unit.matches:
            _alt_trans(xunit.xmlelement, match, unit.codes)
        if unit.previous is not None:
            _alt_trans(
                xunit.xmlelement,
                Match(unit.previous, unit.target, None, PREVIOUS_VERSION),
                unit.codes,
                previous=True,
            )
        xunit.addnote(xml_text(unit.note), origin="developer")
    return bytes(store)


def _alt_trans(element, match, codes, previous=False):
    """An ``<alt-trans>`` of XLIFF 1.2: a memory match (with its score) or, ``previous``,
    the English of the Dutch as it was (its source as plain text: its codes may differ)."""
    alt = etree.SubElement(element, f"{{{XLIFF12_NS}}}alt-trans", origin=match.origin)
    if match.score is not None:
        alt.set("match-quality", str(match.score))
    alt_source = etree.SubElement(alt, f"{{{XLIFF12_NS}}}source")
    if previous or match.score != 100:
        alt_source.text = xml_text(_plain(match.source))  # its codes are another segment's
    else:
        fill_inline(alt_source, match.source, codes, 1)
    alt_target = etree.SubElement(alt, f"{{{XLIFF12_NS}}}target")
    fill_inline(alt_target, match.english, codes, 1)


# XLIFF 2.0 -----------------------------------------------------------------------------------


def write_xliff2(units, scope):
    store = Xliff2File()
    store.setsourcelanguage(SOURCE_LANGUAGE)
    store.settargetlanguage(TARGET_LANGUAGE)
    store.body.set("id", "vwn-projects")
    for unit in units:
        xunit = store.UnitClass("")
        store.addunit(xunit)
        xunit.setid(unit.id)
        segment = xunit.xmlelement
        unit_element = segment.getparent()
        # White space is kept on the unit: XLIFF 2 gives <segment> no xml:space of its own.
        space = "{http://www.w3.org/XML/1998/namespace}space"
        unit_element.set(space, segment.attrib.pop(space, "preserve"))
        notes = etree.Element(f"{{{XLIFF2_NS}}}notes")
        note = etree.SubElement(notes, f"{{{XLIFF2_NS}}}note", category="description")
        note.text = xml_text(unit.note)
        if unit.previous is not None:
            previous = etree.SubElement(notes, f"{{{XLIFF2_NS}}}note", category="previous-source")
            previous.text = xml_text(_plain(unit.previous))
        unit_element.insert(0, notes)
        fill_inline(xunit.source_dom, unit.source, unit.codes, 2)
        if unit.status == TRANSLATED:
            target = etree.SubElement(segment, f"{{{XLIFF2_NS}}}target")
            fill_inline(target, unit.target, unit.codes, 2)
            segment.set("state", "translated")
        else:
            # No target (XLIFF 2 allows it): suggestions and the English of the older Dutch
            # are offered in the Translation Candidates module, never as the target.
            segment.set("state", "initial")
            offered = list(unit.matches)
            if unit.previous is not None:
                offered.append(Match(unit.previous, unit.target, None, PREVIOUS_VERSION))
            if offered:
                segment.set("id", "s1")
                _xliff2_matches(unit_element, offered, unit.codes)
    return bytes(store)


def _xliff2_matches(unit_element, matches, codes):
    container = etree.Element(f"{{{XLIFF2_MATCHES_NS}}}matches")
    for match in matches:
        element = etree.SubElement(
            container, f"{{{XLIFF2_MATCHES_NS}}}match", ref="#s1", origin=match.origin
        )
        if match.score is not None:
            element.set("similarity", f"{match.score:.1f}")
            element.set("type", "tm")
        source = etree.SubElement(element, f"{{{XLIFF2_NS}}}source")
        if match.origin == PREVIOUS_VERSION or match.score != 100:
            source.text = xml_text(_plain(match.source))
        else:
            fill_inline(source, match.source, codes, 2)
        target = etree.SubElement(element, f"{{{XLIFF2_NS}}}target")
        fill_inline(target, match.english, codes, 2)
    unit_element.insert(0, container)  # modules come first in a unit, before its notes


def _plain(notation):
    return notation_text(notation)


# Reading XLIFF -------------------------------------------------------------------------------

_USE_12 = {"translated", "signed-off", "final"}
_USE_2 = {"translated", "reviewed", "final"}


class _InlineError(ValueError):
    pass


def _notation(element):
    if element is None:
        return None
    try:
        return inline_notation(element)
    except ValueError as exc:
        raise _InlineError(
            _(
                "The inline element <%(element)s> is not one this site writes; keep the codes "
                "as they were exported."
            )
            % {"element": str(exc)}
        ) from exc


def read_xliff(data):
    """(format, [FileUnit]) of XLIFF 1.2 or 2.x bytes."""
    try:
        root = parse_xml(data)
    except etree.XMLSyntaxError as exc:
        raise MalformedFile(
            _("The file is not valid XML (%(error)s).") % {"error": exc.msg or str(exc)}
        ) from exc
    if root.getroottree().docinfo.doctype:
        # Entities are never expanded (billion laughs, external files); a text using one
        # would silently lose its words. Exported files declare no document type.
        raise MalformedFile(
            _(
                "The file declares a document type (<!DOCTYPE …>), which XLIFF files exported "
                "here never do; its entities would not be read. Remove it and write the text "
                "itself instead of entities, or export again."
            )
        )
    if etree.QName(root).localname != "xliff":
        raise MalformedFile(_("The file is XML but not XLIFF."))
    version = root.get("version", "")
    namespace = etree.QName(root).namespace or ""
    if version.startswith("2.") or (not version and ":2." in namespace):
        return XLIFF2, _read_xliff2(root)
    if version.startswith("1.") or (not version and ":1." in namespace):
        return XLIFF12, _read_xliff12(data, root)
    raise MalformedFile(_("XLIFF version “%(version)s” is not supported.") % {"version": version})


def _check_language(language):
    if language and language.replace("_", "-").lower().split("-")[0] != TARGET_LANGUAGE:
        raise MalformedFile(
            _("The file is for language “%(language)s”, not for English.") % {"language": language}
        )


def _read_xliff12(data, root):
    try:
        store = xlifffile.parsestring(data)
    except (ValueError, AssertionError, StopIteration, etree.XMLSyntaxError) as exc:
        raise MalformedFile(_("The file is not a valid XLIFF 1.2 file.")) from exc
    for file_node in root.iterchildren(f"{{{store.namespace}}}file"):
        _check_language(file_node.get("target-language"))
    units = []
    for xunit in store.units:
        element = xunit.xmlelement
        unit = FileUnit(element.get("id", ""), "", "", EMPTY, element.sourceline, escaped=True)
        units.append(unit)
        try:
            unit.source = _notation(xunit.source_dom) or ""
            target_node = xunit.get_target_dom()
            target = _notation(target_node)
        except _InlineError as error:
            unit.problem = str(error)
            continue
        state = target_node.get("state", "") if target_node is not None else ""
        unit.target = target or ""
        unit.use = _use(
            unit.source,
            target,
            says_use=state in _USE_12 or element.get("approved") == "yes",
        )
    return units


def _read_xliff2(root):
    _check_language(root.get("trgLang"))
    ns = etree.QName(root).namespace
    units = []
    for unit_element in root.iter(f"{{{ns}}}unit"):
        unit = FileUnit(
            unit_element.get("id", ""), "", "", EMPTY, unit_element.sourceline, escaped=True
        )
        units.append(unit)
        # A tool may have split the unit into several segments: join them again.
        sources, targets, states = [], [], []
        try:
            for part in unit_element.iterchildren(f"{{{ns}}}segment", f"{{{ns}}}ignorable"):
                source = _notation(part.find(f"{{{ns}}}source")) or ""
                target = _notation(part.find(f"{{{ns}}}target"))
                sources.append(source)
                if etree.QName(part).localname == "ignorable":
                    targets.append(source if target is None else target)
                    continue
                targets.append(target)
                state = part.get("state", "initial")
                if state == "initial" and part.get("subState", "").startswith("vwn:"):
                    state = "review"
                states.append(state)
        except _InlineError as error:
            unit.problem = str(error)
            continue
        unit.source = "".join(sources)
        has_target = any(target is not None for target in targets)
        target = "".join(t or "" for t in targets) if has_target else None
        unit.target = target or ""
        unit.use = _use(
            unit.source,
            target,
            says_use=bool(states) and all(state in _USE_2 for state in states),
        )
    return units


def read_file(data):
    """(format, [FileUnit]) of uploaded bytes, the format told by the content."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    head = data.lstrip()[:200]
    if head.startswith(b"<"):
        return read_xliff(data)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        # UTF-16 (with a byte order mark): only XML declares it; lxml reads it.
        return read_xliff(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MalformedFile(
            _(
                "The file is not UTF-8 text (byte %(byte)s at position %(position)s); "
                "save it as UTF-8 and try again."
            )
            % {"byte": f"0x{data[exc.start]:02x}", "position": exc.start}
        ) from exc
    if not text.strip():
        raise MalformedFile(_("The file is empty."))
    return PO, read_po(text)


def write_file(units, file_format, scope):
    if file_format == PO:
        return str(write_po(units, scope)).encode("utf-8")
    if file_format == XLIFF12:
        return write_xliff12(units, scope)
    if file_format == XLIFF2:
        return write_xliff2(units, scope)
    raise ValueError(f"Unknown format {file_format!r}")
