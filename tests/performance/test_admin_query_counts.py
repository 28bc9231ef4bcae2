"""The editors' project form and list take a pinned number of queries: rows of an inline
add none, also a row with a search-as-you-type choice (a partner, a funder, a workshop's
facilitators), whose chosen option is labelled from the object loaded with the row."""

import pytest

from tests.factories import (
    add_funding,
    add_partner,
    admin_url,
    make_full_project,
    make_funder,
    make_link,
    make_partner,
    make_result,
    make_video,
    make_workshop,
)

pytestmark = pytest.mark.django_db

# Session, user and language; the project and its six kinds of rows; their translation
# records (the project's, and one query per kind of row for all its rows); the project's
# countries and calls to action (their chosen options); the newest revision (what the
# form was opened on) and the editorial steps; the content clock (the version under which
# the IATI checks of the project as stored are remembered until content changes: the first
# render after a save adds their nine queries, however many rows the project has).
CHANGE_FORM_QUERIES = 23
IATI_CHECK_QUERIES = 9
# The list: session, user and language; the page of projects, their countries and the
# counts; the English state of the rows shown (their rows of each kind and records, from
# the projects as loaded); the filters' choices and the date hierarchy.
CHANGELIST_QUERIES = 18


def count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # caches filled (content types, site), as for an editor at work
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def project(media_root):
    project = make_full_project()
    make_result(project)
    return project


def test_the_change_form_takes_a_pinned_number_of_queries(superuser_client, project):
    assert count(superuser_client, admin_url(project)) == CHANGE_FORM_QUERIES


def test_after_a_save_the_iati_checks_take_a_pinned_number_of_queries(superuser_client, project):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        add_partner(project, make_partner())
    project.save()
    with CaptureQueriesContext(connection) as queries:
        superuser_client.get(admin_url(project))
    expected = CHANGE_FORM_QUERIES + IATI_CHECK_QUERIES
    assert len(queries) == expected


def test_rows_without_a_search_field_add_no_queries(superuser_client, project):
    before = count(superuser_client, admin_url(project))
    for _ in range(3):
        make_video(project)
        make_link(project)
        make_result(project)
    assert count(superuser_client, admin_url(project)) == before


def test_rows_with_a_search_field_add_no_queries(superuser_client, project):
    before = count(superuser_client, admin_url(project))
    for _ in range(3):
        add_partner(project, make_partner())
        add_funding(project, make_funder())
        workshop = make_workshop(project)
        workshop.facilitators.add(make_partner(), make_partner())
    assert count(superuser_client, admin_url(project)) == before


def test_the_changelist_takes_a_pinned_number_of_queries(superuser_client, project):
    url = "/admin/projects/project/"
    assert count(superuser_client, url) == CHANGELIST_QUERIES
    for _ in range(5):
        make_full_project()
    assert count(superuser_client, url) == CHANGELIST_QUERIES


def test_the_changelist_loads_its_places_by_name_only(superuser_client, project):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = "/admin/projects/project/"
    superuser_client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = superuser_client.get(url)
    for country in project.countries.all():
        assert country.name in response.content.decode()
    places = [q["sql"] for q in queries.captured_queries if 'FROM "projects_country"' in q["sql"]]
    assert places, "the places column and filter read the places"
    # The column and the filter by place name their places: no codes, no situation.
    assert not [sql for sql in places if '"codes"' in sql or "situation" in sql]
