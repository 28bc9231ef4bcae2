"""The page head tests' parser: the <head> of a page as titles, meta tags, links and JSON-LD."""

import json
from html.parser import HTMLParser

import pytest


class _HeadParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.in_head = False
        self.capture = None
        self.titles = []
        self.meta = []  # (name-or-property, content)
        self.links = []  # attribute dicts
        self.json_ld = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "head":
            self.in_head = True
        if not self.in_head:
            return
        if tag == "title":
            self.capture = "title"
            self.titles.append("")
        elif tag == "meta" and "content" in attrs:
            self.meta.append((attrs.get("name") or attrs.get("property"), attrs["content"]))
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self.capture = "json_ld"
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False
        if tag in ("title", "script"):
            self.capture = None

    def handle_data(self, data):
        if self.capture == "title":
            self.titles[-1] += data
        elif self.capture == "json_ld":
            self.json_ld[-1] += data


class Head:
    """The <head> of a page: its title, meta tags, links and JSON-LD, for assertions."""

    def __init__(self, html):
        parser = _HeadParser()
        parser.feed(html)
        self.titles = parser.titles
        self.meta_pairs = parser.meta
        self.links = parser.links
        self.json_ld_texts = parser.json_ld
        self.html = html

    @property
    def title(self):
        assert len(self.titles) == 1, self.titles
        return self.titles[0]

    def meta(self, key):
        values = [content for name, content in self.meta_pairs if name == key]
        assert len(values) == 1, f"{key}: {values}"
        return values[0]

    def all_meta(self, key):
        return [content for name, content in self.meta_pairs if name == key]

    @property
    def canonical(self):
        found = [link["href"] for link in self.links if link.get("rel") == "canonical"]
        assert len(found) == 1, found
        return found[0]

    @property
    def hreflangs(self):
        return {
            link["hreflang"]: link["href"]
            for link in self.links
            if link.get("rel") == "alternate" and "hreflang" in link
        }

    @property
    def json_ld(self):
        assert len(self.json_ld_texts) == 1, self.json_ld_texts
        return json.loads(self.json_ld_texts[0])

    def graph_node(self, type_):
        nodes = [node for node in self.json_ld["@graph"] if node["@type"] == type_]
        assert len(nodes) == 1, nodes
        return nodes[0]


@pytest.fixture
def head(client):
    def get(url, **extra):
        response = client.get(url, **extra)
        assert response.status_code == 200, (url, response.status_code)
        return Head(response.content.decode())

    return get
