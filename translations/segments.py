"""Rich text as segments: the unit a translator translates.

A segment is the text of one block (a paragraph, a heading, a list item, a quotation's
paragraph): ``split`` cuts sanitised HTML (``content.richtext``) into its segments and
keeps the rest (the blocks around them) as the document's skeleton, so English written
per segment is put back into the same structure with ``Document.assemble``.

Inline markup (bold, italic, links, line breaks) stays inside its segment as numbered
*codes*, in order of appearance. A translator sees them as placeholders and cannot change
what they stand for: the English is rebuilt with the Dutch segment's own tags, so an
import can move a link but never change its address or add markup. The *notation* used in
PO files and the admin form writes a code as ``<1>…</1>`` (around text) or ``<2/>`` (a
line break); XLIFF writes the same codes as inline elements (``formats.py``).

Sentences are not split: Dutch abbreviations ("o.a.", "bijv.", "d.w.z.") make sentence
ends unreliable, translators often join or split sentences, and CAT tools segment
sentences themselves. A changed sentence outdates its paragraph, not the whole field.
"""

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.utils.translation import gettext as _

BLOCK_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote"})
VOID_TAGS = frozenset({"br", "img", "hr", "wbr"})

# Codes in the notation: <1>, </1>, <1/>. Anything else that looks like a tag is markup.
CODE_TOKEN = re.compile(r"<(/?)(\d+)(/?)>")
TAG_LIKE = re.compile(r"<\s*/?\s*[A-Za-z!?]")
# "&" that could start an entity and "<" that could start a tag are escaped in the
# notation; a plain "&" or "<" between words stays as it is, for readability.
_ESCAPE_AMP = re.compile(r"&(?=[#A-Za-z0-9])")
_ESCAPE_LT = re.compile(r"<(?=[A-Za-z0-9/!?])")


class SegmentError(ValueError):
    """English for a segment that cannot be used; ``messages`` says why."""

    def __init__(self, messages):
        self.messages = list(messages)
        super().__init__("; ".join(str(message) for message in self.messages))


@dataclass
class Element:
    tag: str
    attrs: list = field(default_factory=list)
    children: list = field(default_factory=list)

    @property
    def is_block(self):
        return self.tag in BLOCK_TAGS

    def start_tag(self):
        attrs = "".join(
            f' {name}="{html.escape(value or "", quote=True)}"' for name, value in self.attrs
        )
        return f"<{self.tag}{attrs}>"

    def end_tag(self):
        return "" if self.tag in VOID_TAGS else f"</{self.tag}>"


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#root")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs)
        self.stack[-1].children.append(element)
        if tag not in VOID_TAGS:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Element(tag, attrs))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def _parse(markup):
    builder = _TreeBuilder()
    builder.feed(markup or "")
    builder.close()
    return builder.root


def _escape_text(text):
    return _ESCAPE_LT.sub("&lt;", _ESCAPE_AMP.sub("&amp;", text))


def _html_text(text):
    return html.escape(text, quote=False)


@dataclass(frozen=True)
class Code:
    """One inline tag of a segment: its number in the notation and what it stands for."""

    number: int
    tag: str
    attrs: tuple = ()

    @property
    def paired(self):
        return self.tag not in VOID_TAGS

    @property
    def kind(self):
        """What the code is, in words a CAT tool understands (XLIFF ctype/subType)."""
        return {"strong": "bold", "b": "bold", "em": "italic", "i": "italic", "a": "link"}.get(
            self.tag, "lb" if self.tag == "br" else f"x-{self.tag}"
        )

    def start_html(self):
        return Element(self.tag, list(self.attrs)).start_tag()

    def end_html(self):
        return Element(self.tag).end_tag()

    def placeholder(self):
        return f"<{self.number}>…</{self.number}>" if self.paired else f"<{self.number}/>"


@dataclass
class Segment:
    """The inline content of one block, surrounding white space left out."""

    nodes: list
    tag: str = "p"  # the block it stands in

    @property
    def codes(self):
        codes = []

        def visit(nodes):
            for node in nodes:
                if isinstance(node, Element):
                    codes.append(Code(len(codes) + 1, node.tag, tuple(node.attrs)))
                    visit(node.children)

        visit(self.nodes)
        return codes

    @property
    def notation(self):
        parts = []
        counter = [0]

        def visit(nodes):
            for node in nodes:
                if isinstance(node, str):
                    parts.append(_escape_text(node))
                    continue
                counter[0] += 1
                number = counter[0]
                if node.tag in VOID_TAGS:
                    parts.append(f"<{number}/>")
                else:
                    parts.append(f"<{number}>")
                    visit(node.children)
                    parts.append(f"</{number}>")

        visit(self.nodes)
        return "".join(parts)

    @property
    def html(self):
        parts = []

        def visit(nodes):
            for node in nodes:
                if isinstance(node, str):
                    parts.append(_html_text(node))
                else:
                    parts.append(node.start_tag())
                    visit(node.children)
                    parts.append(node.end_tag())

        visit(self.nodes)
        return "".join(parts)

    @property
    def text(self):
        """The words only, line breaks as spaces: for comparing and showing changes."""
        parts = []

        def visit(nodes):
            for node in nodes:
                if isinstance(node, str):
                    parts.append(node)
                elif node.tag == "br":
                    parts.append(" ")
                else:
                    visit(node.children)

        visit(self.nodes)
        return re.sub(r"\s+", " ", "".join(parts)).strip()


def _has_text(nodes):
    for node in nodes:
        if isinstance(node, str):
            if node.strip():
                return True
        elif _has_text(node.children):
            return True
    return False


def _strip_run(run):
    """(leading white space, inline nodes, trailing white space) of an inline run."""
    run = list(run)
    lead = trail = ""
    if run and isinstance(run[0], str):
        stripped = run[0].lstrip()
        lead = run[0][: len(run[0]) - len(stripped)]
        run[0] = stripped
        if not stripped:
            run.pop(0)
    if run and isinstance(run[-1], str):
        stripped = run[-1].rstrip()
        trail = run[-1][len(stripped) :]
        run[-1] = stripped
        if not stripped:
            run.pop()
    return lead, run, trail


@dataclass
class Document:
    """Rich text as a skeleton of blocks with its segments in reading order."""

    # Each part: a string of HTML, a ("segment", index) slot, or a ("block", element,
    # parts) group whose tags are dropped when none of its segments is kept.
    parts: list
    segments: list

    def assemble(self, replacements):
        """HTML of this document with segment ``i`` replaced by ``replacements[i]`` (inner
        HTML) or left out when that is None or missing; blocks that end up without any
        segment are left out too."""

        def render(parts):
            out = []
            kept = False
            for part in parts:
                if isinstance(part, str):
                    out.append(part)
                elif part[0] == "segment":
                    value = replacements.get(part[1])
                    if value is not None:
                        out.append(value)
                        kept = True
                else:
                    _kind, element, children, had_segments = part
                    inner, inner_kept = render(children)
                    if had_segments and not inner_kept:
                        continue
                    out.append(element.start_tag() + inner + element.end_tag())
                    kept = kept or inner_kept
            return "".join(out), kept

        return render(self.parts)[0]

    @property
    def notations(self):
        return [segment.notation for segment in self.segments]


def split(markup):
    """The Document of (sanitised) HTML ``markup``."""
    segments = []

    def walk(element, block_tag):
        parts = []
        run = []

        def flush():
            if not run:
                return
            if _has_text(run):
                lead, nodes, trail = _strip_run(run)
                segment = Segment(nodes, block_tag)
                if lead:
                    parts.append(_html_text(lead))
                parts.append(("segment", len(segments)))
                segments.append(segment)
                if trail:
                    parts.append(_html_text(trail))
            else:
                parts.append(Segment(list(run)).html)
            run.clear()

        for child in element.children:
            if isinstance(child, Element) and child.is_block:
                flush()
                before = len(segments)
                children = walk(child, child.tag)
                parts.append(("block", child, children, len(segments) > before))
            else:
                run.append(child)
        flush()
        return parts

    parts = walk(_parse(markup), "p")
    return Document(parts, segments)


def segment_count(markup):
    return len(split(markup).segments)


# The notation ---------------------------------------------------------------------------


def tokens(notation):
    """[(kind, value)] of a notation: ("text", str), ("open"|"close"|"empty", number)."""
    result = []
    position = 0
    for match in CODE_TOKEN.finditer(notation):
        if match.start() > position:
            result.append(("text", notation[position : match.start()]))
        closing, number, empty = match.groups()
        if closing and empty:
            result.append(("text", match.group(0)))
        else:
            kind = "close" if closing else "empty" if empty else "open"
            result.append((kind, int(number)))
        position = match.end()
    if position < len(notation):
        result.append(("text", notation[position:]))
    return result


def render(notation, codes):
    """The inner HTML for English ``notation`` written against the Dutch segment's
    ``codes``; SegmentError listing every problem when it does not fit them."""
    by_number = {code.number: code for code in codes}
    problems = []
    out = []
    stack = []
    used = {}
    for kind, value in tokens(notation):
        if kind == "text":
            if TAG_LIKE.search(value):
                problems.append(
                    _(
                        "HTML tags are not allowed here: keep the numbered placeholders "
                        "such as <1>…</1> and write the rest as plain text."
                    )
                )
            out.append(_html_text(html.unescape(value)))
            continue
        code = by_number.get(value)
        if code is None:
            problems.append(
                _("The placeholder <%(number)s> does not exist in the Dutch text.")
                % {"number": value}
            )
            continue
        if kind == "empty":
            if code.paired:
                problems.append(
                    _("<%(number)s/> must be written around text: <%(number)s>…</%(number)s>.")
                    % {"number": value}
                )
                continue
            used[value] = used.get(value, 0) + 1
            out.append(code.start_html())
        elif kind == "open":
            if not code.paired:
                problems.append(
                    _("<%(number)s> stands alone: write it as <%(number)s/>.") % {"number": value}
                )
                continue
            used[value] = used.get(value, 0) + 1
            stack.append(value)
            out.append(code.start_html())
        else:
            if not stack or stack[-1] != value:
                problems.append(
                    _("</%(number)s> closes a placeholder that is not open there.")
                    % {"number": value}
                )
                continue
            stack.pop()
            out.append(code.end_html())
    for value in reversed(stack):
        problems.append(
            _("<%(number)s> is opened but not closed with </%(number)s>.") % {"number": value}
        )
    for code in codes:
        count = used.get(code.number, 0)
        if count == 0:
            problems.append(
                _("The placeholder %(code)s is missing.") % {"code": code.placeholder()}
            )
        elif count > 1:
            problems.append(
                _("The placeholder %(code)s is used more than once.") % {"code": code.placeholder()}
            )
    if problems:
        # One message per problem, in order, without repeats.
        raise SegmentError(dict.fromkeys(problems))
    return "".join(out)


def plain_text(notation, escaped=True):
    """The text a notation writes for a plain-text field (a title, a button's label): its
    text as written, its escapes read when it is ``escaped``. SegmentError when it holds
    codes: a plain-text field has no formatting, and a code would show as "<1>"."""
    parts = tokens(notation)
    codes = [
        f"<{'/' if kind == 'close' else ''}{value}{'/' if kind == 'empty' else ''}>"
        for kind, value in parts
        if kind != "text"
    ]
    if codes:
        raise SegmentError(
            [
                _(
                    "This field is plain text, without formatting: its English cannot hold "
                    "the codes %(codes)s. Write the text without them."
                )
                % {"codes": " ".join(codes)}
            ]
        )
    text = "".join(value for _kind, value in parts)
    return html.unescape(text) if escaped else text


def notation_text(notation):
    """The words of a notation without its codes (for showing and comparing)."""
    words = "".join(value for kind, value in tokens(notation) if kind == "text")
    return re.sub(r"\s+", " ", html.unescape(words)).strip()
