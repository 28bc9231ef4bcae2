"""The overview stays light: from 10 to 1,000 projects its size grows at most half again
and its queries not at all; it shows the places with the most current work, each with its
count and newest projects, and leads into the projects list (issue 27). The render times
are measured in bench/README.md (a timing would make this test depend on the machine)."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from projects.public import OVERVIEW_LISTED, OVERVIEW_LISTED_PROGRAMMES, OVERVIEW_PLACES
from tests.factories import make_many_projects

pytestmark = pytest.mark.django_db

# tests/performance/test_query_counts.py: the overview's queries, and the same less the
# seven of the sections shown in full when every place and the programmes are listed;
# each the first after a change: with the content clock's four (its number and the next
# scheduled moments, read again) and the facet index's eight.
IN_FULL_QUERIES = 14 + 4 + 8
LISTED_QUERIES = 7 + 4 + 8


@pytest.fixture(autouse=True)
def render_every_time(settings):
    """The page as rendered, not as read from the page cache."""
    settings.PAGE_CACHE_ENABLED = False


def overview(client, language, queries, django_assert_num_queries):
    with django_assert_num_queries(queries):
        response = client.get(f"/{language}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_overview_of_1000_projects_is_at_most_half_again_that_of_10(
    client, django_assert_num_queries, language
):
    make_many_projects(10)
    small = overview(client, language, IN_FULL_QUERIES, django_assert_num_queries)
    make_many_projects(990)
    large = overview(client, language, LISTED_QUERIES, django_assert_num_queries)

    small_bytes, large_bytes = len(small.encode()), len(large.encode())
    assert large_bytes <= 1.5 * small_bytes, (small_bytes, large_bytes)
    # Before: 61 KB and 2.08 MB (the benchmark's content), 34 times as much.
    assert large_bytes < 150_000

    with translation.override(language):
        list_url = reverse("projects:project_list")
    assert f'href="{list_url}"' in large
    assert large.count('<section class="country"') == OVERVIEW_PLACES
    assert large.count('class="country__count"') == OVERVIEW_PLACES
    assert large.count('class="overview__more-places"') == 1
    for section in large.split('<section class="country"')[1:]:
        section = section.split("</section>")[0]
        assert section.count('class="project-list__item"') <= OVERVIEW_LISTED
        assert section.count('class="programme-ref"') <= OVERVIEW_LISTED
    programmes = large.split('id="programmes-heading"')[1]
    assert programmes.count('class="project-list__item programme"') == OVERVIEW_LISTED_PROGRAMMES
    # Per year of results the organisation's and a few projects', the rest counted; their
    # figures in one chart (one unit), the same as with 10.
    assert len(re.findall(r"And \d+ more results of|En nog \d+ resultaten van", large)) == 2
    assert large.count('<figure class="chart"') == small.count('<figure class="chart"') == 1


def test_a_place_shows_its_count_and_its_newest_projects(client, django_assert_num_queries):
    """Ten projects in one place: the five newest by start date are listed, newest first,
    under the count of all ten."""
    projects = make_many_projects(10, places=1)  # one place: no programmes
    html = overview(client, "nl", LISTED_QUERIES, django_assert_num_queries)
    assert "10 lopende projecten" in html
    assert f"De nieuwste {OVERVIEW_LISTED} van 10:" in html
    assert "Lees over alle 10 projecten in Plaats" in html
    newest = sorted(projects, key=lambda p: (-p.start_date.toordinal(), p.sort_order))
    listed = re.findall(r'<a class="project-list__title" href="/nl/projecten/([^/]+)/"', html)
    assert listed[:OVERVIEW_LISTED] == [p.slug_nl for p in newest[:OVERVIEW_LISTED]]
