"""A region worked in as a whole (Europe): an IATI region without country codes. The map
outlines it as one area and paints none of the countries it spans; its page describes it
as the area it is; insets keep their true aspect ratio."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from projects.models import Country
from tests.admin_forms import change_form_data
from tests.factories import (
    make_area,
    make_country,
    make_editor,
    make_project,
    make_territory,
)
from website.template_helpers.media_tags import (
    HALF_WORLD,
    map_data,
    map_shapes,
    project_map,
    to_window,
    unwrapped,
)

pytestmark = pytest.mark.django_db

# Countries of Europe; none of them may be painted for a Europe-wide project.
EUROPE = ["AT", "BE", "DE", "ES", "FR", "GR", "IT", "NL", "PL", "SE"]


def linked_paths(html):
    """The <path>s inside the map's links: the places painted as having work."""
    return [
        path
        for link in re.findall(
            r'<a href="[^"]*" class="project-map__country">(.*?)</a>', html, re.S
        )
        for path in re.findall(r'<path d="([^"]+)"', link)
    ]


def window_path(code):
    return next(shape["path"] for shape in map_data()["countries"] if shape["code"] == code)


def test_a_region_may_be_an_iati_region_without_codes():
    area = Country(
        kind=Country.Kind.REGION, iati_region="89", name="Europa", slug="europa", codes=[]
    )
    area.full_clean()
    assert area.is_area


def test_a_region_without_codes_needs_its_iati_region():
    area = Country(kind=Country.Kind.REGION, name="Europa", slug="europa", codes=[])
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        area.full_clean()
    assert "kies de IATI-regio (bijvoorbeeld 89 Europa, regionaal)" in str(
        refused.value.message_dict["codes"]
    )


def test_a_country_still_needs_its_code():
    with pytest.raises(ValidationError) as refused:
        Country(name="Kenia", slug="kenia", codes=[]).full_clean()
    assert "codes" in refused.value.message_dict


def test_an_editor_saves_a_europe_wide_region_without_picking_countries(client):
    client.force_login(make_editor())
    form = client.get("/admin/projects/country/add/")
    data = change_form_data(form)
    data.update(
        {
            "name_nl": "Europa",
            "name_with_article_nl": "",
            "slug_nl": "europa",
            "kind": "region",
            "iati_region": "89",
            "sort_order": "",
        }
    )
    data.pop("codes", None)
    response = client.post("/admin/projects/country/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    area = Country.objects.get(slug_nl="europa")
    assert area.code_list == [] and area.is_area


def test_the_overview_map_outlines_the_area_and_paints_no_country(client):
    area = make_area("Europa", name_en="Europe")
    make_project([area], plain=True)
    kenya = make_country("KE", plain=True)
    make_project([kenya], plain=True)
    html = client.get("/nl/").content.decode()
    assert linked_paths(html) == [window_path("KE")]
    for code in EUROPE:
        assert window_path(code) not in linked_paths(html)
        assert f'<path d="{window_path(code)}"/>' in html  # drawn as land without work
    assert re.search(r'<circle class="project-map__area" cx="\d+" cy="\d+" r="220"/>', html)
    assert re.search(r'<text class="project-map__area-label"[^>]*>Europa</text>', html)
    assert '<li><a href="#europa">Europa</a></li>' in html


def test_the_area_is_drawn_under_the_countries_so_they_stay_clickable():
    area = make_area("Europa")
    germany = make_country("DE", plain=True)
    context = project_map([germany, area])
    assert [item["country"] for item in context["linked"]] == [area, germany]


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("nl", "Werk in Europa als geheel, niet in afzonderlijke landen."),
        ("en", "Work across Europe as a whole, not in particular countries."),
    ],
)
def test_the_areas_page_describes_it_as_the_area_it_is(client, language, sentence):
    area = make_area("Europa", name_en="Europe", situation_nl="<p>Aan de grenzen.</p>")
    make_project([area], plain=True)
    with translation.override(language):
        html = client.get(area.get_absolute_url()).content.decode()
    assert sentence in html
    assert "Bestaat uit" not in html and "Made up of" not in html
    assert re.search(r'<circle class="project-map__area"', html)
    assert linked_paths(html) == []


def test_an_area_outside_the_map_is_listed_and_its_page_has_no_empty_map(client):
    area = make_area("Zuid-Amerika", iati_region="489")
    make_project([area], plain=True)
    assert client.get(area.get_absolute_url()).status_code == 200
    assert "project-map" not in client.get(area.get_absolute_url()).content.decode()
    assert (
        '<li><a href="#zuid-amerika">Zuid-Amerika</a></li>' in client.get("/nl/").content.decode()
    )


def test_the_areas_search_engine_data_is_one_place_not_its_countries(client):
    area = make_area("Europa")
    project = make_project([area], plain=True)
    html = client.get(project.get_absolute_url()).content.decode()
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    )
    places = [node["location"] for node in (data.get("@graph") or [data]) if "location" in node][0]
    assert places == [{"@type": "Place", "name": "Europa"}]


def test_to_window_is_the_projection_the_outlines_were_drawn_with():
    """Malta (one small island) lies where its outline's centre is, within a few units."""
    malta = next(shape for shape in map_data()["countries"] if shape["code"] == "MT")
    x, y = to_window(14.4, 35.9)
    assert abs(x - malta["centre"][0]) < 5 and abs(y - malta["centre"][1]) < 5


def test_insets_keep_their_true_aspect_ratio(client):
    territory = make_territory(["AW", "BQ", "CW", "SX"], "Caribisch deel van het Koninkrijk")
    make_project([territory], plain=True)
    for url in ("/nl/", territory.get_absolute_url()):
        html = client.get(url).content.decode()
        assert 'preserveAspectRatio="none"' not in html
        nested = re.findall(
            r'<svg x="[^"]+" y="[^"]+" width="([^"]+)" height="([^"]+)" viewBox="([^"]+)"', html
        )
        assert nested, url
        for width, height, view_box in nested:
            _x, _y, box_width, box_height = (float(v) for v in view_box.split())
            assert float(width) / float(height) == pytest.approx(box_width / box_height, rel=0.01)


def test_no_land_in_an_inset_crosses_the_world_as_a_stripe():
    """Russia's and Fiji's rings cross the 180th meridian; drawn as they are stored they
    ran across an inset as grey stripes. (Antarctica goes round the pole: no inset nears it.)"""
    world = map_shapes()[1]
    assert any(widest_ring(shape["path"]) > HALF_WORLD for shape in world.values())
    for code, shape in world.items():
        if code != "AQ":
            assert widest_ring(unwrapped(shape["path"])) <= HALF_WORLD, code


def widest_ring(path):
    widths = []
    for ring in re.findall(r"M[^M]*", path):
        numbers = [int(n) for n in re.findall(r"-?\d+", ring)]
        xs = [numbers[0]]
        for dx in numbers[2::2]:
            xs.append(xs[-1] + dx)
        widths.append(max(xs) - min(xs))
    return max(widths)


def test_a_path_that_does_not_cross_the_180th_meridian_is_kept_as_it_is():
    world = map_shapes()[1]
    assert all(unwrapped(world[code]["path"]) == world[code]["path"] for code in ("AW", "NO"))
