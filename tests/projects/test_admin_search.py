"""The admin's search finds a project by its code, funder, partner, place and a
workshop's place; a workshop by its place; a result by its project's code; a partner by
its home country's name."""

import pytest
from django.urls import reverse

from tests.factories import (
    add_funding,
    add_partner,
    make_country,
    make_funder,
    make_partner,
    make_project,
    make_result,
    make_workshop,
)

pytestmark = pytest.mark.django_db

PROJECTS = reverse("admin:projects_project_changelist")
WORKSHOPS = reverse("admin:projects_workshop_changelist")
RESULTS = reverse("admin:projects_result_changelist")
PARTNERS = reverse("admin:partners_partnerorganisation_changelist")


def found(client, url, query):
    response = client.get(url, {"q": query})
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


@pytest.fixture
def legal_aid():
    """A project in Turkey with a funder, a partner and a workshop in Istanbul, and
    another project with none of those."""
    project = make_project(
        title_nl="Rechtshulp", countries=[make_country(name_nl="Turkije", name_en="Turkey")]
    )
    add_funding(
        project, make_funder("Nationale Postcode Loterij", name_en="Dutch Postcode Lottery")
    )
    add_funding(project, make_funder("Postcode Fonds"))  # a second match: listed once
    add_partner(project, make_partner("Refugee Rights Turkey", acronym="RRT"))
    make_workshop(project, title_nl="Training", location_nl="Istanbul", location_en="Istanbul")
    make_project(title_nl="Iets anders")
    return project


@pytest.mark.parametrize(
    "query",
    ["Postcode", "Postcode Lottery", "Refugee Rights", "RRT", "Turkije", "Turkey", "Istanbul"],
)
def test_a_project_is_found_by_funder_partner_place_and_workshop_place(
    superuser_client, legal_aid, query
):
    assert found(superuser_client, PROJECTS, query) == [legal_aid]


def test_a_project_is_found_by_its_code(superuser_client, legal_aid):
    assert legal_aid.project_code  # given on the first save, e.g. P0007
    assert found(superuser_client, PROJECTS, legal_aid.project_code) == [legal_aid]


def test_a_workshop_is_found_by_its_place_and_its_project_s_code(superuser_client, legal_aid):
    workshop = legal_aid.workshops.get()
    assert found(superuser_client, WORKSHOPS, "Istanbul") == [workshop]
    assert found(superuser_client, WORKSHOPS, legal_aid.project_code) == [workshop]


def test_a_result_is_found_by_its_project_s_code(superuser_client, legal_aid):
    result = make_result(legal_aid)
    make_result(make_project())
    assert found(superuser_client, RESULTS, legal_aid.project_code) == [result]


@pytest.mark.parametrize("query", ["Montenegro", "montenegro", "CEDEM"])
def test_a_partner_is_found_by_its_home_country_s_name(superuser_client, query):
    cedem = make_partner(
        "Centre for Democracy and Human Rights", acronym="CEDEM", home_country="ME"
    )
    make_partner("Immigratie- en Naturalisatiedienst", acronym="IND", home_country="NL")
    assert found(superuser_client, PARTNERS, query) == [cedem]


def test_a_partner_s_home_country_is_found_in_dutch_too(superuser_client):
    morocco = make_partner("Association Marocaine", home_country="MA")
    assert found(superuser_client, PARTNERS, "Marokko") == [morocco]
    assert found(superuser_client, PARTNERS, "Morocco") == [morocco]
