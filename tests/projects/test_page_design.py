"""The pages as a whole: structure, error pages in both languages, weight budget."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.template import loader
from django.utils import translation

from projects.models import Project
from projects.views import OverviewView
from tests.factories import KENYA, make_country, make_project

# Each test writes its uploads and renditions to a media folder of its own.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


class Outline(HTMLParser):
    """Headings (level, text) and landmarks of a page."""

    def __init__(self):
        super().__init__()
        self.headings, self.tags, self._level = [], [], None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if re.fullmatch(r"h[1-6]", tag):
            self._level, self._text = int(tag[1]), ""

    def handle_data(self, data):
        if self._level:
            self._text += data

    def handle_endtag(self, tag):
        if self._level and tag == f"h{self._level}":
            self.headings.append((self._level, " ".join(self._text.split())))
            self._level = None


def outline(html):
    parser = Outline()
    parser.feed(html)
    return parser


def public_pages():
    project = Project.objects.get(slug_nl="rechtshulp-asielzoekers-turkije")
    pages = []
    for language in ("nl", "en"):
        with translation.override(language):
            pages += ["/" + language + "/", project.get_absolute_url()]
            pages.append(project.countries.first().get_absolute_url())
            pages.append(project.partners.first().get_absolute_url())
    return pages


def test_every_public_page_has_one_h1_and_no_skipped_heading_level(client, seed):
    for url in public_pages():
        headings = outline(client.get(url).content.decode()).headings
        levels = [level for level, _text in headings]
        assert levels.count(1) == 1 and levels[0] == 1, url
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), (url, headings)


def test_every_public_page_has_a_skip_link_and_landmarks(client, seed):
    for url in public_pages():
        html = client.get(url).content.decode()
        assert '<a class="skip-link" href="#content">' in html, url
        assert '<main id="content"' in html
        tags = outline(html).tags
        assert {"header", "main", "footer"} <= set(tags)


def test_the_overview_keeps_the_seed_structure_in_sections_that_open_without_javascript(
    client, seed
):
    html = client.get("/nl/").content.decode()

    headings = [text for _level, text in outline(html).headings]
    assert headings[:3] == ["Onze projecten buiten Nederland", "Onze projecten", "Turkije"]
    assert "De situatie in Turkije" in headings
    assert headings.count("Wat doet VluchtelingenWerk?") == 5
    assert len(re.findall(r'<section class="country" id="[a-z-]+"', html)) == 5
    assert html.count("<details") == 5 and html.count("<summary>") == 5
    assert re.search(r'<button type="button"[^>]+data-toggle-all[^>]+hidden>', html)


def test_the_404_page_is_in_the_site_design_in_dutch(client):
    response = client.get("/nl/bestaat-niet/")

    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="nl">' in html
    assert "<h1>Pagina niet gevonden</h1>" in html
    assert 'class="site-header"' in html and 'class="site-footer"' in html


def test_the_404_page_is_in_the_site_design_in_english(client):
    response = client.get("/en/does-not-exist/")

    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="en">' in html
    assert "<h1>Page not found</h1>" in html
    assert 'href="/en/"' in html


@pytest.mark.parametrize(
    ("language", "heading"), [("nl", "Er ging iets mis"), ("en", "Something went wrong")]
)
def test_the_500_page_is_in_the_visitors_language(client, monkeypatch, language, heading):
    def broken(self, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(OverviewView, "get_context_data", broken)
    client.raise_request_exception = False

    response = client.get(f"/{language}/")

    html = response.content.decode()
    assert response.status_code == 500
    assert f'<html lang="{language}">' in html
    assert f"<h1>{heading}</h1>" in html
    assert 'href="/static/css/site.css"' in html


def test_the_500_template_needs_no_request_context_or_database(django_assert_num_queries):
    with translation.override("en"), django_assert_num_queries(0):
        html = loader.get_template("500.html").render()

    assert "Something went wrong" in html


def static_file(url):
    path = finders.find(url.removeprefix("/static/"))
    assert path, url
    with open(path, "rb") as handle:
        return handle.read()


def test_the_overview_with_the_seed_content_weighs_under_100_kb_with_its_css_and_js(client, seed):
    html = client.get("/nl/").content
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html)

    total = len(html) + sum(len(static_file(url.decode())) for url in assets)

    assert {url.decode() for url in assets} == {"/static/css/site.css", "/static/js/site.js"}
    assert total < 100_000, total


def test_the_stylesheet_loads_nothing_from_elsewhere_and_its_fonts_ship_with_the_site():
    css = static_file("/static/css/site.css").decode()

    assert "@import" not in css
    assert re.findall(r"url\(([^)]*)\)", css)
    assert all(u.startswith('"../fonts/') for u in re.findall(r"url\(([^)]*)\)", css))
    fonts = re.findall(r'url\("\.\./(fonts/[^"]+\.woff2)"\)', css)
    assert fonts
    for font in fonts:
        assert finders.find(font), font
    assert finders.find("fonts/OFL-source-sans-3.txt")


def test_the_stylesheet_has_a_print_style_that_opens_every_section():
    css = static_file("/static/css/site.css").decode()

    print_css = css.split("@media print", 1)[1]
    assert "details::details-content" in print_css
    assert ".share" in print_css


def test_a_country_page_lists_its_projects_under_the_right_headings(client):
    country = make_country(**KENYA, situation_nl="<p>De situatie.</p>")
    make_project([country], plain=True, slug="a", title_nl="Bescherming")

    html = client.get(country.get_absolute_url()).content.decode()

    assert [level for level, _text in outline(html).headings] == [1, 2, 2, 3, 2]
