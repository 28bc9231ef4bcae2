"""Places: countries with an ISO code, IATI's codes beyond ISO (Kosovo), and territories
or regions of several codes; the codes come from IATI's own Country codelist."""

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from iati.codelist_data import COUNTRY_CODES, COUNTRY_NAMES, REGIONS
from iati.codelists import IATICountries
from projects.models import Country
from tests.factories import make_country, make_project, make_territory
from website.template_helpers.media_tags import MAP_DATA, project_map

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
CODELISTS = ROOT.parent / "shared" / "iati" / "codelists" / "non-embedded"
PARTS = ["AW", "BQ", "CW", "SX"]


def official(name):
    if not (CODELISTS / f"{name}.xml").exists():
        pytest.skip(f"the official IATI codelists are not at {CODELISTS}")
    items = ET.parse(CODELISTS / f"{name}.xml").getroot().iter("codelist-item")
    return [item.findtext("code") for item in items if item.get("status") != "withdrawn"]


# The vendored codelist data -----------------------------------------------------------


def test_the_vendored_country_codes_are_the_official_active_ones():
    assert list(COUNTRY_CODES) == official("Country")


def test_the_vendored_region_codes_are_the_official_active_ones():
    assert list(REGIONS) == official("Region")


def test_the_vendored_module_is_what_the_tool_generates(tmp_path):
    official("Country")
    output = tmp_path / "codelist_data.py"
    subprocess.run(
        [sys.executable, "tools/build_iati_codelists.py", str(CODELISTS), str(output)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    assert output.read_text() == (ROOT / "iati" / "codelist_data.py").read_text()


def test_every_code_beyond_iso_has_a_translatable_name():
    from django_countries.data import COUNTRIES

    beyond = [code for code in COUNTRY_CODES if code not in COUNTRIES]
    assert beyond == ["XK"]
    assert set(COUNTRY_NAMES) == set(beyond)


def test_the_choices_offer_kosovo_in_the_admins_language_and_no_withdrawn_code():
    with translation.override("nl"):
        choices = dict(IATICountries())
        assert choices["XK"] == "Kosovo"
        assert choices["CW"] == "Curaçao"
        assert choices["NL"] == "Nederland"
    assert "AN" not in choices  # Netherlands Antilles: withdrawn
    assert len(choices) == len(COUNTRY_CODES)


# The model ------------------------------------------------------------------------------


def test_a_territory_keeps_all_its_codes_and_names_them():
    territory = make_territory(PARTS, "Caribisch deel van het Koninkrijk")
    territory.refresh_from_db()
    assert sorted(territory.code_list) == PARTS
    with translation.override("en"):
        assert "Bonaire, Sint Eustatius and Saba" in [part.name for part in territory.codes]


def test_new_places_join_the_end_of_the_order():
    first = make_country(plain=True, sort_order=50)
    later = Country.objects.create(name_nl="Later", slug_nl="later", codes=["XK"])
    assert later.sort_order > first.sort_order
    assert list(Country.objects.all()) == [first, later]


# The map --------------------------------------------------------------------------------


def world():
    return {shape["code"]: shape for shape in json.loads(MAP_DATA.read_text())["world"]}


def test_the_map_data_has_a_shape_for_every_part_of_the_kingdom_and_kosovo():
    data = json.loads(MAP_DATA.read_text())
    shapes = world()
    for code in [*PARTS, "XK", "NL"]:
        assert shapes[code]["path"].startswith("M"), code
        assert shapes[code]["islands"], code
    # Bonaire, Saba and Sint Eustatius are three islands of their own, not part of NL.
    assert len(shapes["BQ"]["islands"]) == 3
    assert shapes["NL"]["bbox"][0] > 0  # the Netherlands in Europe only (east of 0°)
    assert "XK" in {shape["code"] for shape in data["countries"]}


def test_every_code_natural_earth_draws_has_a_world_shape():
    """Natural Earth draws a few tiny places not at all (Bouvet Island, Tokelau, ...)."""
    undrawn = {"BV", "GI", "TK", "TV", "UM"}
    assert set(COUNTRY_CODES) - set(world()) <= undrawn


def test_a_place_outside_the_window_gets_an_inset_with_a_dot_on_every_island():
    territory = make_territory(PARTS, "Caribisch deel van het Koninkrijk")
    context = project_map([territory])
    [item] = context["linked"]
    assert item["paths"] == []  # nothing of it inside the window over Europe and Africa
    assert len(item["parts"]) == 1
    assert len(item["markers"]) == sum(len(world()[code]["islands"]) for code in PARTS)
    [inset] = context["insets"]
    assert inset["names"] == [territory]
    x, y, w, h = (inset["frame"][key] for key in ("x", "y", "width", "height"))
    for cx, cy in item["markers"]:
        assert x <= cx <= x + w and y <= cy <= y + h


def test_places_near_each_other_share_one_inset():
    kingdom = make_territory(["AW", "CW", "SX", "BQ"], "Caribisch deel van het Koninkrijk")
    curacao = make_country("CW", plain=True)
    assert len(project_map([kingdom, curacao])["insets"]) == 1


def test_a_place_inside_the_window_gets_no_inset():
    context = project_map([make_country("XK", plain=True)])
    assert context["insets"] == []
    assert context["linked"][0]["paths"]


def test_the_overview_map_links_the_territory_and_names_it(client):
    territory = make_territory(PARTS, "Caribisch deel van het Koninkrijk")
    make_project([territory], plain=True)
    html = client.get("/nl/").content.decode()
    assert '<a href="#caribisch-deel-van-het-koninkrijk" class="project-map__country">' in html
    assert html.count('<svg x="') == 2  # the inset's land, and the territory's shapes
    assert re.search(r"<text [^>]+>Caribisch deel van het Koninkrijk</text>", html)
    assert (
        '<li><a href="#caribisch-deel-van-het-koninkrijk">Caribisch deel van het Koninkrijk</a>'
        in html
    )


def test_a_territorys_page_has_a_map_of_where_it_lies(client):
    territory = make_territory(PARTS, "Caribisch deel van het Koninkrijk")
    make_project([territory], plain=True)
    html = client.get(territory.get_absolute_url()).content.decode()
    assert "Kaart: de ligging van Caribisch deel van het Koninkrijk" in html
    assert "Bestaat uit Aruba, Bonaire, Sint Eustatius en Saba, Curaçao en Sint-Maarten." in html


def test_build_map_splits_off_a_code_drawn_inside_another_country():
    sys.path.insert(0, str(ROOT / "tools"))
    import build_map

    # Two squares of one feature "NL": one in Europe, one in the Caribbean.
    topology = {
        "transform": {"scale": [0.01, 0.01], "translate": [0, 0]},
        "arcs": [
            [[500, 5200], [100, 0], [0, 100], [-100, 0], [0, -100]],
            [[-6830, 1210], [10, 0], [0, 10], [-10, 0], [0, -10]],
        ],
        "objects": {
            "countries": {
                "geometries": [
                    {
                        "type": "MultiPolygon",
                        "arcs": [[[0]], [[1]]],
                        "id": "528",
                        "properties": {"name": "Netherlands"},
                    }
                ]
            }
        },
    }
    data = build_map.build(topology, {528: "NL"})
    codes = {shape["code"]: shape for shape in data["world"]}
    assert set(codes) == {"NL", "BQ"}
    assert codes["BQ"]["bbox"][0] < -6000 and codes["NL"]["bbox"][0] > 0


def test_a_territory_wholly_outside_the_window_has_a_map_of_its_own_on_its_page():
    territory = make_territory(PARTS, "Caribisch deel van het Koninkrijk")
    context = project_map([territory], link_to="page", about=territory)
    assert context["background"] == ""  # no Europe around it
    assert context["view_box"] != json.loads(MAP_DATA.read_text())["viewBox"]
    assert not context["insets"][0]["labelled"]  # the caption names it
    kosovo = make_country("XK", plain=True)
    own = project_map([kosovo], link_to="page", about=kosovo)
    assert own["background"] and own["insets"] == []


# The elements an inline SVG may hold here; an HTML element inside one (a <span>) ends
# the SVG for the browser's parser and spills the rest of the drawing onto the page.
SVG_ELEMENTS = {"svg", "g", "path", "rect", "circle", "text", "tspan", "title", "a"}


class SvgElements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.depth = 0
        self.found = set()

    def handle_starttag(self, tag, attrs):
        if tag == "svg" or self.depth:
            self.found.add(tag)
        if tag == "svg":
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "svg" and self.depth:
            self.depth -= 1


def svg_elements(html):
    parser = SvgElements()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_territory_not_yet_translated_keeps_the_map_whole(client, language):
    """The inset names the territory in Dutch on the English page, as an SVG text span."""
    territory = make_territory(PARTS, "Caribisch deel van het Koninkrijk", name_en="")
    make_project([territory], plain=True)
    with translation.override(language):
        urls = [f"/{language}/", territory.get_absolute_url()]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert svg_elements(response.content.decode()) <= SVG_ELEMENTS, url
    label = re.search(r"<text [^>]+>(.*?)</text>", client.get(urls[0]).content.decode()).group(1)
    expected = "Caribisch deel van het Koninkrijk"
    assert label == (expected if language == "nl" else f'<tspan lang="nl">{expected}</tspan>')


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_place_without_a_situation_text_shows_no_empty_situation_heading(client, language):
    place = make_territory(PARTS, "Caribisch deel van het Koninkrijk", situation_nl="")
    make_project([place], plain=True)
    with translation.override(language):
        urls = [f"/{language}/", place.get_absolute_url()]
    heading = {"nl": "De situatie in", "en": "The situation in"}[language]
    for url in urls:
        assert heading not in client.get(url).content.decode(), url
    place.situation_nl = "<p>Op de eilanden komen vluchtelingen aan.</p>"
    place.save()
    for url in urls:
        assert heading in client.get(url).content.decode(), url


def test_a_dutch_name_in_an_english_sentence_is_marked_as_dutch(client):
    """Headings, the map's legend and links name a place or project by its Dutch name
    until it is translated: marked as Dutch there too, as every other fallback is."""
    place = make_territory(
        PARTS, "Caribisch deel van het Koninkrijk", name_en="", situation_nl="<p>Eilanden.</p>"
    )
    make_project([place], title_nl="Veilige routes", title_en="", completed=True)
    make_project([place], title_nl="Lopend werk", title_en="", body_nl="<p>Werk.</p>")
    dutch = '<span lang="nl">Caribisch deel van het Koninkrijk</span>'
    with translation.override("en"):
        overview = client.get("/en/").content.decode()
        page = client.get(place.get_absolute_url()).content.decode()
    assert f"The situation in {dutch}" in overview
    assert 'More about “<span lang="nl">Lopend werk</span>”' in overview
    assert f"The situation in {dutch}" in page
    assert f"Completed projects in {dutch}" in page
    assert f"Map: where {dutch} lies" in page
