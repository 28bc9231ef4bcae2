"""The translation memory as TMX 1.4, the exchange format of every CAT tool's memory.

Writing: each MemorySegment (or any Dutch-English pair of notations) is a ``<tu>`` with a
``<tuv xml:lang="nl">`` and a ``<tuv xml:lang="en">``; the notation's codes are TMX inline
elements holding the XLIFF 1.2 code they stand for (``<bpt i="1" x="1">&lt;g id="1"&gt;</bpt>``
… ``<ept i="1">&lt;/g&gt;</ept>``, ``<ph x="2">&lt;x id="2"/&gt;</ph>``), so a tool that
translates the XLIFF export sees the same tags in both (OmegaT: ``<g0>…</g0>``, ``<x1/>``).

Reading: translate-toolkit's TMX store finds the units and their languages; the segments'
inline elements become codes again (``bpt``/``ept`` by ``i``, ``ph``/``it`` as empty codes,
``hi``/``sub`` read as their text). Units without Dutch and English are left out and counted.
"""

from dataclasses import dataclass

from django.utils import timezone
from lxml import etree
from translate.storage.tmx import tmxfile

from .registry import SOURCE_LANGUAGE, TARGET_LANGUAGE
from .segments import _escape_text, tokens

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TOOL = "vwn-projects"


class TmxError(ValueError):
    """The file is not a TMX file this site can read."""


def _seg(parent, notation):
    seg = etree.SubElement(parent, "seg")
    last = None

    def text(value):
        if last is None:
            seg.text = (seg.text or "") + value
        else:
            last.tail = (last.tail or "") + value

    for kind, value in tokens(notation):
        if kind == "text":
            text(value.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
        elif kind == "open":
            last = etree.SubElement(seg, "bpt", i=str(value), x=str(value))
            last.text = f'<g id="{value}">'
        elif kind == "close":
            last = etree.SubElement(seg, "ept", i=str(value))
            last.text = "</g>"
        else:
            last = etree.SubElement(seg, "ph", x=str(value))
            last.text = f'<x id="{value}"/>'
    return seg


def omegat_text(notation, order):
    """The notation as OmegaT shows it: codes as short tags numbered in the order they
    appear in the Dutch (``<g0>…</g0>``, ``<x1/>``); ``order`` maps code numbers to theirs."""
    parts = []
    for kind, value in tokens(notation):
        if kind == "text":
            parts.append(value.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
        elif kind == "open":
            parts.append(f"<g{order[value]}>")
        elif kind == "close":
            parts.append(f"</g{order[value]}>")
        else:
            parts.append(f"<x{order[value]}/>")
    return "".join(parts)


def _po_text(notation):
    return notation  # the PO file holds the memory's own text (the notation for rich text)


def code_order(notation):
    """{code number: OmegaT's number} of a Dutch notation (its order of appearance, from 0)."""
    order = {}
    for kind, value in tokens(notation):
        if kind in ("open", "empty") and value not in order:
            order[value] = len(order)
    return order


STANDARD = "tmx"
OMEGAT_XLIFF = "omegat-xliff"  # for OmegaT translating the XLIFF 1.2 export
OMEGAT_PO = "omegat-po"  # for OmegaT translating the PO export


def write_tmx(pairs, *, note=None, flavour=STANDARD):
    """TMX 1.4 bytes of ``pairs`` (Dutch notation, English notation[, changed moment]).

    ``flavour``: STANDARD (inline codes as TMX level 2), or the text OmegaT applies from its
    ``tm/auto/`` folder with its default settings, in a file it reads as its own: for XLIFF
    its tags as it shows them (``<g0>``), for PO the notation as it stands in the file.
    (OmegaT reads other TMX files' inline codes only when "level 2" tags are switched on in
    its preferences; tried with OmegaT 3.6, its empty ones did not match even then.)"""
    omegat = flavour != STANDARD
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(
        root,
        "header",
        creationtool="OmegaT" if omegat else TOOL,
        creationtoolversion="1",
        segtype="paragraph",
        adminlang="en",
        srclang=SOURCE_LANGUAGE,
        datatype="xml",
        **{"o-tmf": TOOL},
        creationdate=timezone.now().strftime("%Y%m%dT%H%M%SZ"),
    )
    body = etree.SubElement(root, "body")
    for pair in pairs:
        dutch, english = pair[0], pair[1]
        tu = etree.SubElement(body, "tu")
        if len(pair) > 2 and pair[2] is not None:
            tu.set("changedate", pair[2].strftime("%Y%m%dT%H%M%SZ"))
        if note:
            etree.SubElement(tu, "note").text = note
        order = code_order(dutch)
        for language, notation in ((SOURCE_LANGUAGE, dutch), (TARGET_LANGUAGE, english)):
            tuv = etree.SubElement(tu, "tuv")
            tuv.set(XML_LANG, language)
            if flavour == OMEGAT_PO:
                etree.SubElement(tuv, "seg").text = _po_text(notation)
            elif omegat:
                try:
                    etree.SubElement(tuv, "seg").text = omegat_text(notation, order)
                except KeyError:  # an English code the Dutch lacks: not a usable match
                    body.remove(tu)
                    break
            else:
                _seg(tuv, notation)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def seg_notation(seg):
    """The notation of a TMX ``<seg>``: bpt/ept pairs as ``<n>…</n>``, ph/it as ``<n/>``."""
    parts = []
    numbers = {}

    def number(value):
        return numbers.setdefault(value, len(numbers) + 1)

    def visit(node):
        if node.text:
            parts.append(_escape_text(node.text))
        for child in node:
            if isinstance(child.tag, str):
                name = etree.QName(child).localname
                if name == "bpt":
                    parts.append(f"<{number(('pair', child.get('i')))}>")
                elif name == "ept":
                    parts.append(f"</{number(('pair', child.get('i')))}>")
                elif name in ("ph", "it"):
                    parts.append(f"<{number(('ph', child.get('x') or id(child)))}/>")
                else:  # hi, sub, ut: their text
                    visit(child)
            if child.tail:
                parts.append(_escape_text(child.tail))

    visit(seg)
    return "".join(parts), numbers


@dataclass
class TmxPair:
    dutch: str
    english: str


def read_tmx(data):
    """([TmxPair], number of units left out) of TMX bytes; TmxError if unreadable.

    Codes are numbered in the order they appear in the Dutch; the English's codes take the
    number of the Dutch code with the same ``x`` (else their own order)."""
    try:
        store = tmxfile.parsestring(data)
    except (etree.XMLSyntaxError, ValueError, AssertionError) as exc:
        raise TmxError(f"the file is not valid TMX ({exc})") from exc
    root = store.document.getroot()
    if etree.QName(root).localname != "tmx":
        raise TmxError("the file is XML but not TMX")
    if store.document.docinfo.internalDTD is not None:
        # Entities are never expanded (billion laughs); a TMX needs none.
        raise TmxError("the file declares entities (<!DOCTYPE … [ … ]>), which TMX needs not")
    pairs, left_out = [], 0
    for unit in store.units:
        segs = {}
        for tuv in unit.xmlelement.iterchildren("tuv", "{*}tuv"):
            language = (tuv.get(XML_LANG) or tuv.get("lang") or "").lower().split("-")[0]
            seg = tuv.find("seg")
            if seg is not None and language not in segs:
                segs[language] = seg
        if SOURCE_LANGUAGE not in segs or TARGET_LANGUAGE not in segs:
            left_out += 1
            continue
        dutch, dutch_numbers = seg_notation(segs[SOURCE_LANGUAGE])
        english = _english_notation(segs[TARGET_LANGUAGE], dutch_numbers)
        if not dutch.strip() or english is None or not english.strip():
            left_out += 1
            continue
        pairs.append(TmxPair(dutch.strip(), english.strip()))
    return pairs, left_out


def _english_notation(seg, dutch_numbers):
    """The English seg's notation with the Dutch's code numbers (None: a code the Dutch
    lacks)."""
    parts = []

    def code(kind, key):
        return dutch_numbers.get((kind, key))

    def visit(node):
        if node.text:
            parts.append(_escape_text(node.text))
        for child in node:
            if isinstance(child.tag, str):
                name = etree.QName(child).localname
                if name in ("bpt", "ept"):
                    # bpt's x ties it to the Dutch; its i only pairs it inside this seg.
                    key = child.get("x") if name == "bpt" else None
                    number = pairs_by_i.get(child.get("i"))
                    if number is None:
                        number = code("pair", key) if key is not None else None
                        if number is None:
                            number = code("pair", child.get("i"))
                        pairs_by_i[child.get("i")] = number
                    if number is None:
                        raise LookupError
                    parts.append(f"<{number}>" if name == "bpt" else f"</{number}>")
                elif name in ("ph", "it"):
                    number = code("ph", child.get("x") or id(child))
                    if number is None:
                        raise LookupError
                    parts.append(f"<{number}/>")
                else:
                    visit(child)
            if child.tail:
                parts.append(_escape_text(child.tail))

    pairs_by_i = {}
    try:
        visit(seg)
    except LookupError:
        return None
    return "".join(parts)
