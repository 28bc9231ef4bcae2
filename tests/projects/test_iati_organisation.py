"""The IATI organisation file: valid against the official 2.03 schema, the organisation's
budgets per year from published projects only."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from lxml import etree

from projects.iati_organisation import SCHEMA_FILE
from tests.factories import add_funding, make_funder, make_project

pytestmark = pytest.mark.django_db


def organisation_schema():
    path = Path(settings.IATI_SCHEMA_DIR) / SCHEMA_FILE
    if not path.is_file():
        pytest.skip(f"The IATI organisations schema is not at {path} (IATI_SCHEMA_DIR)")
    return etree.XMLSchema(etree.parse(str(path)))


def budgets(document):
    return {
        (
            budget.find("period-start").get("iso-date"),
            budget.find("value").get("currency"),
        ): Decimal(budget.find("value").text)
        for budget in document.findall("iati-organisation/total-budget")
    }


@pytest.fixture
def funded():
    funder = make_funder()
    one_year = make_project(
        start_date=datetime.date(2022, 1, 1), end_date=datetime.date(2022, 12, 31)
    )
    add_funding(one_year, funder, amount="12000")
    two_years = make_project(
        start_date=datetime.date(2023, 1, 1), end_date=datetime.date(2024, 12, 31)
    )
    add_funding(two_years, funder, amount="20000")
    add_funding(two_years, make_funder(), amount="500", currency="USD")
    draft = make_project(
        published=False, start_date=datetime.date(2022, 1, 1), end_date=datetime.date(2022, 6, 30)
    )
    add_funding(draft, funder, amount="99999")


def test_the_organisation_file_is_valid_and_adds_up_budgets_per_year(client, funded):
    schema = organisation_schema()
    response = client.get("/iati/organisation.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    document = etree.fromstring(response.content).getroottree()
    assert schema.validate(document), schema.error_log
    root = document.getroot()
    assert root.get("version") == "2.03"
    assert root.findtext("iati-organisation/organisation-identifier") == (
        settings.IATI_REPORTING_ORG_IDENTIFIER
    )
    names = root.findall("iati-organisation/name/narrative")
    assert [n.text for n in names] == ["VluchtelingenWerk Nederland", "Dutch Council for Refugees"]
    totals = budgets(document)
    assert totals[("2022-01-01", "EUR")] == Decimal("12000")  # the draft's 99,999 left out
    assert totals[("2023-01-01", "EUR")] + totals[("2024-01-01", "EUR")] == Decimal("20000")
    assert sum(v for (_y, c), v in totals.items() if c == "USD") == Decimal("500")


def test_the_organisation_file_without_amounts_is_valid_too(client, db):
    schema = organisation_schema()
    make_project()
    document = etree.fromstring(client.get("/iati/organisation.xml").content).getroottree()
    assert schema.validate(document), schema.error_log
    assert budgets(document) == {}


@pytest.mark.parametrize("size", [2, 20])
def test_the_organisation_file_takes_a_fixed_number_of_queries(
    client, django_assert_num_queries, settings, size
):
    settings.PAGE_CACHE_ENABLED = False
    funder = make_funder()
    for _ in range(size):
        project = make_project(start_date=datetime.date(2023, 1, 1), duration_months=12)
        add_funding(project, funder, amount="1000")
    # The projects and the five relations their activities read.
    with django_assert_num_queries(7):
        assert client.get("/iati/organisation.xml").status_code == 200
