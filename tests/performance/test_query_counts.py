"""Every public page takes a fixed number of queries, whatever the amount of content."""

import pytest
from django.utils import translation

from bench import content as bench_content
from partners.models import PartnerOrganisation
from projects.models import Country, Project

pytestmark = pytest.mark.django_db

# What each page needs, independent of the number of projects.
OVERVIEW_QUERIES = 9  # with the old slugs of its countries (anchors that still land)
COUNTRY_QUERIES = 9  # eight like the overview, plus the countries of each project (JSON-LD)
PROJECT_QUERIES = 8
PARTNER_QUERIES = 4


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
    client, django_assert_num_queries, size, language
):
    bench_content.build(size)
    with django_assert_num_queries(OVERVIEW_QUERIES):
        response = get(client, f"/{language}/")
    # Every published project is on the page: the count covers all of them.
    published = Project.objects.published()
    with translation.override(language):
        for project in published:
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
