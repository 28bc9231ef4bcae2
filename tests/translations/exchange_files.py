"""Exchange files as a translator's tool hands them back: export in a format, then give
units English (by unit ID without fingerprint) the way PO editors and CAT tools write it."""

import polib
from lxml import etree

from translations.exchange import NEEDS_WORK, PO, XLIFF2, XLIFF12, export_file
from translations.exchange.formats import XLIFF2_NS, XLIFF12_NS
from translations.exchange.units import base_id
from translations.segments import tokens

FORMATS = [PO, XLIFF12, XLIFF2]


def export(file_format=PO, scope=NEEDS_WORK):
    return export_file(scope, file_format)[0]


def _fill(element, notation, version):
    """Write ``notation`` into an XLIFF element, codes as the tool's inline elements."""
    ns = XLIFF12_NS if version == 1 else XLIFF2_NS
    for child in list(element):
        element.remove(child)
    element.text = None
    stack = [element]

    def text(value):
        parent = stack[-1]
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + value
        else:
            parent.text = (parent.text or "") + value

    for kind, value in tokens(notation):
        if kind == "text":
            text(value.replace("&lt;", "<").replace("&amp;", "&"))
        elif kind == "close":
            stack.pop()
        else:
            tag = (
                ("g" if kind == "open" else "x")
                if version == 1
                else ("pc" if kind == "open" else "ph")
            )
            child = etree.SubElement(stack[-1], f"{{{ns}}}{tag}", id=str(value))
            if kind == "open":
                stack.append(child)


def units_of(data, file_format):
    """{unit ID without fingerprint: (full ID, source)} of an exchange file."""
    if file_format == PO:
        return {
            base_id(e.msgctxt): (e.msgctxt, e.msgid) for e in polib.pofile(data.decode("utf-8"))
        }
    root = etree.fromstring(data)
    tag = "trans-unit" if file_format == XLIFF12 else "unit"
    ns = XLIFF12_NS if file_format == XLIFF12 else XLIFF2_NS
    return {base_id(u.get("id")): (u.get("id"), None) for u in root.iter(f"{{{ns}}}{tag}")}


def translate(data, file_format, english, *, state="translated", fuzzy=False):
    """The file with the English of the units in ``english`` ({unit ID: notation}, or a
    function of the Dutch) filled in, marked translated (or still to review)."""

    def english_for(unit_id, dutch):
        if callable(english):
            return english(base_id(unit_id), dutch)
        return english.get(base_id(unit_id))

    if file_format == PO:
        catalogue = polib.pofile(data.decode("utf-8"))
        for entry in catalogue:
            value = english_for(entry.msgctxt, entry.msgid)
            if value is None:
                continue
            entry.msgstr = value
            if "fuzzy" in entry.flags and not fuzzy:
                entry.flags.remove("fuzzy")
            elif fuzzy and "fuzzy" not in entry.flags:
                entry.flags.append("fuzzy")
        return str(catalogue).encode("utf-8")
    root = etree.fromstring(data)
    if file_format == XLIFF12:
        for unit in root.iter(f"{{{XLIFF12_NS}}}trans-unit"):
            source = unit.find(f"{{{XLIFF12_NS}}}source")
            value = english_for(unit.get("id"), _text(source))
            if value is None:
                continue
            target = unit.find(f"{{{XLIFF12_NS}}}target")
            if target is None:
                target = etree.Element(f"{{{XLIFF12_NS}}}target")
                source.addnext(target)
            _fill(target, value, 1)
            target.attrib.pop("state-qualifier", None)
            target.set("state", "needs-review-translation" if fuzzy else state)
    else:
        for unit in root.iter(f"{{{XLIFF2_NS}}}unit"):
            segment = unit.find(f"{{{XLIFF2_NS}}}segment")
            source = segment.find(f"{{{XLIFF2_NS}}}source")
            value = english_for(unit.get("id"), _text(source))
            if value is None:
                continue
            target = segment.find(f"{{{XLIFF2_NS}}}target")
            if target is None:
                target = etree.SubElement(segment, f"{{{XLIFF2_NS}}}target")
            _fill(target, value, 2)
            segment.attrib.pop("subState", None)
            segment.set("state", "initial" if fuzzy else state)
            if fuzzy:
                segment.set("subState", "vwn:review")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _text(element):
    from translations.exchange.formats import inline_notation

    return inline_notation(element)


def segment_inputs(response, field_name):
    """The per-segment inputs of the translator's rich-text field as a browser posts them
    (tests.admin_forms reads form fields; these are the widget's own inputs)."""
    from lxml import html as lxml_html

    page = lxml_html.fromstring(response.content)
    data = {}
    prefix = f"{field_name}__"
    for element in page.iter("input", "textarea"):
        name = element.get("name") or ""
        if not name.startswith(prefix):
            continue
        if element.tag == "textarea":
            data[name] = element.text or ""
        elif element.get("type") == "checkbox":
            if element.get("checked") is not None:
                data.setdefault(name, []).append(element.get("value"))
        else:
            data[name] = element.get("value") or ""
    return data


def po_file(*entries):
    """A PO file of (msgctxt, msgid, msgstr) entries, as a tool might write one by hand."""
    catalogue = polib.POFile()
    catalogue.metadata = {"Language": "en", "Content-Type": "text/plain; charset=UTF-8"}
    for msgctxt, msgid, msgstr in entries:
        catalogue.append(polib.POEntry(msgctxt=msgctxt or None, msgid=msgid, msgstr=msgstr))
    return str(catalogue).encode("utf-8")
