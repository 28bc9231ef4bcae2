"""The inline SVG map: built from shipped data, project countries linked, with a text list."""

import json
import re
import sys
from pathlib import Path

import pytest
from django.utils import translation
from django_countries import countries as iso_countries

from projects.models import Project
from website.template_helpers.media_tags import MAP_DATA

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
import build_map  # noqa: E402

from tests.factories import KENYA, SERBIA, TURKEY, make_country, make_project

# Each test writes its uploads and renditions to a media folder of its own.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def svg_of(html):
    return re.search(r'<svg class="project-map__svg".*?</svg>', html, re.S).group(0)


def test_each_project_country_is_a_link_to_its_section_with_a_title(client):
    make_project([make_country(**KENYA)], plain=True, slug="a", title_nl="Een project")
    make_project([make_country(**TURKEY)], plain=True, slug="b", title_nl="Een project")

    svg = svg_of(client.get("/nl/").content.decode())

    links = re.findall(
        r'<a href="([^"]+)" class="project-map__country">\s*<title>([^<]+)</title>', svg
    )
    assert sorted(links) == [("#kenia", "Kenia"), ("#turkije", "Turkije")]


def test_countries_without_a_published_project_are_drawn_but_not_linked(client):
    make_project([make_country(**KENYA)], plain=True, slug="a", title_nl="Een project")
    make_project(
        [make_country(**SERBIA)],
        plain=True,
        slug="b",
        status=Project.Status.DRAFT,
        title_nl="Een project",
    )

    svg = svg_of(client.get("/nl/").content.decode())

    assert svg.count("<a ") == 1
    assert "#servie" not in svg
    serbia = next(c for c in json.loads(MAP_DATA.read_text())["countries"] if c["code"] == "RS")
    assert (
        f'<path d="{serbia["path"]}"/>'
        in svg.split('class="project-map__land"')[1].split("</g>")[0]
    )


def test_the_map_has_a_text_alternative_listing_the_linked_countries(client):
    make_project(
        [make_country(**KENYA, name_en="Kenya")], plain=True, slug="a", title_nl="Een project"
    )

    with translation.override("en"):
        html = client.get("/en/").content.decode()

    assert 'aria-labelledby="project-map-caption"' in html
    caption = re.search(r'<figcaption id="project-map-caption".*?</figcaption>', html, re.S).group(
        0
    )
    assert '<li><a href="#kenia">Kenya</a></li>' in caption


def test_the_map_data_covers_the_seed_countries_with_valid_codes():
    data = json.loads(MAP_DATA.read_text())
    codes = {c["code"] for c in data["countries"] if c["code"]}

    assert {"TR", "ME", "BA", "RS", "KE", "NL"} <= codes
    assert all(code == "XK" or code in dict(iso_countries) for code in codes)
    assert re.fullmatch(r"0 0 \d+ \d+", data["viewBox"])
    assert all(re.fullmatch(r"(M-?\d+ -?\d+l[-\d ]+z)+", c["path"]) for c in data["countries"])


def test_the_map_data_is_small_enough_to_inline():
    data = json.loads(MAP_DATA.read_text())

    assert sum(len(c["path"]) for c in data["countries"]) < 30_000


def test_build_map_decodes_delta_encoded_topojson_arcs():
    topology = {
        "transform": {"scale": [1, 1], "translate": [10, 20]},
        "arcs": [[[0, 0], [2, 3], [-1, 1]]],
    }

    assert build_map.decode_arcs(topology) == [[(10, 20), (12, 23), (11, 24)]]


def test_build_map_simplification_keeps_the_ends_and_drops_near_straight_points():
    line = [(0, 0), (1, 0.1), (2, -0.1), (3, 0), (3, 5)]

    assert build_map.simplify(line, 0.5) == [(0, 0), (3, 0), (3, 5)]


def test_build_map_clips_rings_to_the_window():
    square = [(-5, -5), (5, -5), (5, 5), (-5, 5)]

    clipped = build_map.clip(square, 0, 0, 10, 10)

    assert sorted(set(clipped)) == [(0, 0), (0, 5), (5, 0), (5, 5)]


def test_build_map_turns_numeric_ids_into_alpha2_codes():
    topology = {
        "transform": {"scale": [0.01, 0.01], "translate": [0, 0]},
        "arcs": [[[2000, 4000], [500, 0], [0, 500], [-500, 0], [0, -500]]],
        "objects": {
            "countries": {
                "geometries": [
                    {
                        "type": "Polygon",
                        "arcs": [[0]],
                        "id": "688",
                        "properties": {"name": "Serbia"},
                    },
                ]
            }
        },
    }

    data = build_map.build(topology, {688: "RS"})

    assert [c["code"] for c in data["countries"]] == ["RS"]
    assert data["countries"][0]["path"].startswith("M")
