"""Find active content in rendered HTML: what an XSS payload would need to survive."""

import re
from html.parser import HTMLParser

# <svg> is not here: the site draws its map and icons as inline SVG; an injected one would
# need an event handler or a script URL to do harm, and those are flagged on every tag.
FORBIDDEN_TAGS = {
    "script", "iframe", "frame", "object", "embed", "style", "form", "math",
    "base", "applet", "noscript", "template",
}  # fmt: skip


def _site_script(attrs):
    """The site's own scripts: its static file, and JSON-LD data blocks (never executed)."""
    attrs = dict(attrs)
    if attrs.get("type") == "application/ld+json" and set(attrs) == {"type"}:
        return True
    return set(attrs) <= {"src", "defer"} and (attrs.get("src") or "").startswith("/static/")


def _site_form(attrs):
    """The site's own forms: the search box and the projects list's filters, which ask
    for a page of the site (GET to a /nl/ or /en/ address); never a form that posts."""
    attrs = dict(attrs)
    return attrs.get("method") == "get" and re.match(r"^/(nl|en)/", attrs.get("action") or "")


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "xlink:href"}
BAD_SCHEME = re.compile(r"^(javascript|vbscript|data|livescript):", re.IGNORECASE)
CONTROL = re.compile(r"[\x00-\x20\x7f]+")


class _Audit(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.new_window_links = []

    def handle_starttag(self, tag, attrs):
        if (
            tag in FORBIDDEN_TAGS
            and not (tag == "script" and _site_script(attrs))
            and not (tag == "form" and _site_form(attrs))
        ):
            self.problems.append(f"<{tag}>")
        if tag == "meta" and any(name == "http-equiv" for name, _value in attrs):
            self.problems.append("<meta http-equiv>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}=")
            if name == "style":
                self.problems.append(f"{tag} style=")
            if name in URL_ATTRIBUTES and value and BAD_SCHEME.match(CONTROL.sub("", value)):
                self.problems.append(f"{tag} {name}={value}")
        if tag == "a" and dict(attrs).get("target"):
            self.new_window_links.append(dict(attrs))

    handle_startendtag = handle_starttag


def audit(html):
    """(problems, links that open a new window) found in ``html``."""
    parser = _Audit()
    parser.feed(html)
    parser.close()
    return parser.problems, parser.new_window_links
