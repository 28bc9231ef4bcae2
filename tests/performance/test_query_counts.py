"""Every public page takes a fixed number of queries, whatever the amount of content."""

import pytest
from django.urls import reverse
from django.utils import translation

from bench import content as bench_content
from partners.models import PartnerOrganisation
from projects.models import Country, Project

pytestmark = pytest.mark.django_db

# What each page needs, independent of the number of projects, places and results
# (bench.content gives places of several codes, programmes, results, calls to action and
# completed projects too).
# The overview: its texts; the places shown and their projects (chosen from the projects
# list's facet index); six tables of the projects shown in full and their calls to
# action; the overview's calls to action, the chosen results of its years, whether there
# are completed projects, and the old slugs of its places (anchors that still land after
# a rename).
OVERVIEW_QUERIES = 14
# The first page of a process reads the content clock (its number and the next scheduled
# moments: four), and the first after a change the facet index (projects, places, pairs
# ×3, partners, funders: seven) and, for the overview, the results of its years as rows
# (one); later ones use them while the clock says nothing they were read from has changed.
CLOCK_QUERIES = 4
FACET_INDEX_QUERIES = 8
COUNTRY_QUERIES = 10  # the place, its projects, their rows, calls to action and places
PROJECT_QUERIES = 10  # the project, its rows, calls to action, places and results
PARTNER_QUERIES = 4
COMPLETED_QUERIES = 3  # the overview's texts (languages), the projects and their places


@pytest.fixture(autouse=True)
def render_every_time(settings):
    """Count the queries of rendering, not of reading the page cache."""
    settings.PAGE_CACHE_ENABLED = False


def busiest_country():
    return max(Country.objects.published(), key=lambda c: c.projects.count())


def busiest_partner():
    return max(
        PartnerOrganisation.objects.filter(projects__status="published").distinct(),
        key=lambda p: p.projects.count() + p.facilitated_workshops.count(),
    )


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("size", [3, 50])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_overview_page_takes_a_fixed_number_of_queries(
    client, django_assert_num_queries, django_assert_max_num_queries, size, language
):
    bench_content.build(size)
    # With many projects every place and the programmes are listed by title: the seven
    # queries of the sections shown in full are then not needed at all.
    counted = django_assert_num_queries if size == 3 else django_assert_max_num_queries
    with counted(OVERVIEW_QUERIES + CLOCK_QUERIES + FACET_INDEX_QUERIES):
        first = get(client, f"/{language}/")
    with counted(OVERVIEW_QUERIES):
        response = get(client, f"/{language}/")
    assert response.content.count(b"<section") == first.content.count(b"<section")
    # Projects of every kind are on the page (in full, listed, programmes): the count
    # covers all of them; with many the overview shows the newest and leads to the list.
    current = Project.objects.current()
    assert current.exists()
    with translation.override(language):
        shown = [p for p in current if p.get_absolute_url().encode() in response.content]
        assert len(shown) == current.count() if size == 3 else len(shown) >= 10
        assert "results" in response.content.decode()
        assert f'href="{reverse("projects:project_list")}"'.encode() in response.content


@pytest.mark.parametrize("size", [3, 50])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_completed_projects_page_takes_a_fixed_number_of_queries(
    client, django_assert_num_queries, size, language
):
    bench_content.build(size)
    with translation.override(language):
        url = reverse("projects:completed_projects")
    with django_assert_num_queries(COMPLETED_QUERIES):
        response = get(client, url)
    completed = Project.objects.completed()
    assert completed.exists()
    with translation.override(language):
        for project in completed:
            assert project.get_absolute_url().encode() in response.content


@pytest.mark.parametrize("size", [3, 50])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_country_page_takes_a_fixed_number_of_queries(
    client, django_assert_num_queries, size, language
):
    bench_content.build(size)
    with translation.override(language):
        url = busiest_country().get_absolute_url()
    with django_assert_num_queries(COUNTRY_QUERIES):
        get(client, url)


@pytest.mark.parametrize("size", [3, 50])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_project_page_takes_a_fixed_number_of_queries(
    client, django_assert_num_queries, size, language
):
    bench_content.build(size)
    with translation.override(language):
        url = Project.objects.published().last().get_absolute_url()
    with django_assert_num_queries(PROJECT_QUERIES):
        get(client, url)


@pytest.mark.parametrize("size", [3, 50])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_partner_page_takes_a_fixed_number_of_queries(
    client, django_assert_num_queries, size, language
):
    bench_content.build(size)
    with translation.override(language):
        url = busiest_partner().get_absolute_url()
    with django_assert_num_queries(PARTNER_QUERIES):
        get(client, url)
