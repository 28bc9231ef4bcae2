"""The pages the sitemap does not list (a search, a filtered list: addresses with a query
string) pass the same audits: valid HTML, no server error for any input."""

import io
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.validity.test_nu_html_checker import check_html, vnu_jar

pytestmark = pytest.mark.django_db

PAGES = [
    "/nl/zoeken/",
    "/en/search/",
    "/nl/zoeken/?q=vluchtelingen",
    "/en/search/?q=refugees",
    "/nl/zoeken/?q=onbekendwoord",
    "/nl/zoeken/?q=%F0%9F%98%80",
    "/nl/projecten/?place=kenia&status=current",
    "/en/projects/?place=kenya",
    "/nl/projecten/?partner=bestaat-niet",
    "/nl/projecten/?year=1900",
]


def test_search_and_filtered_lists_are_valid_html(client, tmp_path):
    jar = vnu_jar()
    call_command("load_seed_content", stdout=io.StringIO())
    documents = {}
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        documents[path] = response.content.decode()
    assert "<mark>" in documents["/nl/zoeken/?q=vluchtelingen"]
    assert check_html(jar, documents, tmp_path) == []


PARAMETERS = ["q", "page", "place", "region", "partner", "funder", "theme", "status", "year"]
text = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), max_size=60) | (
    st.sampled_from(['"', "'", "*", "NEAR(", "-", "OR", ":*", "😀", "9" * 30, "-1", "0", "%"])
)


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    path=st.sampled_from(["/nl/zoeken/", "/en/search/", "/nl/projecten/", "/en/projects/"]),
    query=st.lists(st.tuples(st.sampled_from(PARAMETERS), text), max_size=6),
)
def test_any_search_or_filter_gets_a_page_never_a_server_error(seed, path, query):
    response = Client(raise_request_exception=False).get(path, QUERY_STRING=urlencode(query))
    assert response.status_code in (200, 400), (path, query, response.status_code)
