"""The read-only JSON API: every list and detail in both languages, filters, pages,
ETag/304, CORS, and an OpenAPI 3.1 document that validates."""

from decimal import Decimal

import pytest
from django.utils import translation
from openapi_spec_validator import validate

from tests.factories import (
    add_funding,
    add_partner,
    make_country,
    make_funder,
    make_partner,
    make_project,
    make_result,
)

pytestmark = pytest.mark.django_db


def get(client, path, **parameters):
    response = client.get(path, parameters)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


@pytest.fixture
def data():
    kenya = make_country(name_nl="Kenia", name_en="Kenya", slug_nl="kenia", slug_en="kenya")
    turkey = make_country(name_nl="Turkije", name_en="Turkey", slug_nl="turkije")
    legal = make_project(
        countries=[kenya], title_nl="Rechtshulp", title_en="Legal aid", sector="15130"
    )
    make_project(countries=[turkey], title_nl="Opvang", title_en="Reception")
    draft = make_project(countries=[kenya], title_nl="Concept", published=False)
    add_partner(legal, make_partner("Kituo cha Sheria"))
    add_partner(draft, make_partner("Verborgen partner"))
    funding = add_funding(legal, make_funder("de EU", name_en="the EU"), amount="25000")
    funding.show_amount = True
    funding.save()
    add_funding(legal, make_funder("het stille fonds", plain=True), amount="999")
    make_result(
        legal,
        year=2023,
        statement_nl="advocaten opgeleid",
        statement_en="lawyers trained",
        value=Decimal(12),
    )
    make_result(draft, year=2023, statement_nl="geheim")
    return legal


def test_projects_in_both_languages_without_drafts(client, data):
    dutch = get(client, "/api/v1/projects")
    assert dutch["count"] == 2 and dutch["pages"] == 1
    assert [p["title"] for p in dutch["items"]] == ["Rechtshulp", "Opvang"]
    english = get(client, "/api/v1/projects", lang="en")
    assert [p["title"] for p in english["items"]] == ["Legal aid", "Reception"]
    first = english["items"][0]
    assert first["url"] == "http://testserver" + "/en/projects/" + data.slug_en + "/"
    assert first["places"] == [{"name": "Kenya", "url": "http://testserver/en/countries/kenya/"}]
    assert first["theme"]["url"] == "http://testserver/en/themes/15130/"
    assert first["status"] == "current"


def test_projects_filter_like_the_list(client, data):
    assert [p["title"] for p in get(client, "/api/v1/projects", place="kenia")["items"]] == [
        "Rechtshulp"
    ]
    assert get(client, "/api/v1/projects", theme="15130", status="completed")["count"] == 0


def test_a_bad_filter_is_a_clear_client_error(client, data):
    response = client.get("/api/v1/projects", {"year": "abc", "lang": "fr"})
    assert response.status_code == 422
    assert "detail" in response.json()


def test_projects_are_paged_by_fifty(client):
    place = make_country()
    for _ in range(55):
        make_project(countries=[place])
    first = get(client, "/api/v1/projects")
    assert (first["count"], first["pages"], len(first["items"])) == (55, 2, 50)
    second = get(client, "/api/v1/projects", page=2)
    assert len(second["items"]) == 5
    assert get(client, "/api/v1/projects", page=9)["items"] == []


def test_a_project_in_detail_shows_only_shown_amounts_and_its_results(client, data):
    detail = get(client, f"/api/v1/projects/{data.project_code}", lang="en")
    assert detail["title"] == "Legal aid"
    with translation.override("en"):
        partner_url = "http://testserver" + data.partners.get().get_absolute_url()
    assert detail["partners"] == [{"name": "Kituo cha Sheria", "url": partner_url}]
    amounts = {f["funder"]["name"]: f["amount"] for f in detail["funding"]}
    assert amounts == {"the EU": "25000.00", "het stille fonds": None}
    assert [r["statement"] for r in detail["results"]] == ["lawyers trained"]
    assert client.get("/api/v1/projects/P9999").status_code == 404


def test_places_partners_funders_and_results_leave_out_what_only_drafts_make_public(client, data):
    places = get(client, "/api/v1/places", lang="en")["items"]
    assert {p["name"] for p in places} == {"Kenya", "Turkey"}
    assert all(p["url"].startswith("http://testserver/en/countries/") for p in places)
    assert [p["name"] for p in get(client, "/api/v1/partners")["items"]] == ["Kituo cha Sheria"]
    assert {f["name"] for f in get(client, "/api/v1/funders", lang="en")["items"]} == {
        "the EU",
        "het stille fonds",
    }
    assert [r["statement"] for r in get(client, "/api/v1/results")["items"]] == [
        "advocaten opgeleid"
    ]
    assert get(client, "/api/v1/results", year=2019)["count"] == 0


def test_etag_and_last_modified_give_304(client, data):
    response = client.get("/api/v1/projects")
    assert response.has_header("ETag") and response.has_header("Last-Modified")
    again = client.get("/api/v1/projects", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again["Access-Control-Allow-Origin"] == "*"
    filtered = client.get("/api/v1/projects", {"lang": "en"})
    assert (
        client.get(
            "/api/v1/projects", {"lang": "en"}, HTTP_IF_NONE_MATCH=filtered["ETag"]
        ).status_code
        == 304
    )


def test_the_openapi_document_is_valid_openapi_3_1(client, data):
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    validate(document)
    assert {"/api/v1/projects", "/api/v1/projects/{code}", "/api/v1/places", "/api/v1/partners",
            "/api/v1/funders", "/api/v1/results"} <= set(document["paths"])  # fmt: skip


@pytest.mark.parametrize("size", [3, 30])
def test_the_project_list_takes_a_fixed_number_of_queries(
    client, django_assert_num_queries, settings, size
):
    settings.PAGE_CACHE_ENABLED = False
    place = make_country()
    for _ in range(size):
        project = make_project(countries=[place, make_country()])
        add_partner(project, make_partner())
        add_funding(project, make_funder())
    # The content clock's four and the facet index's seven (tests/projects/
    # test_project_list.py), then the page's projects (their places are the index's).
    with django_assert_num_queries(4 + 7 + 1):
        assert client.get("/api/v1/projects").status_code == 200
    with django_assert_num_queries(1):  # the index is current
        assert client.get("/api/v1/projects", {"status": "current"}).status_code == 200
