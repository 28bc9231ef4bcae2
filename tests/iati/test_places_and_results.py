"""Places of several codes, regions, results and completion in the IATI activity."""

import datetime
from decimal import Decimal

import pytest

from iati.builder import activities_document, activity_element
from projects.models import Country, Project
from projects.open_data import activity_for, check_project, projects_document, recipients
from tests.factories import (
    SUMMARY_ONLY,
    make_area,
    make_country,
    make_project,
    make_result,
    make_territory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 1)
PARTS = ["AW", "BQ", "CW", "SX"]


def element(project, today=TODAY):
    return activity_element(activity_for(project, today=today))


def percentages(element, tag):
    return {e.get("code"): Decimal(e.get("percentage")) for e in element.findall(tag)}


def test_a_territory_reports_each_of_its_codes_sharing_its_part():
    project = make_project([make_territory(PARTS, "Caribisch deel")], **SUMMARY_ONLY)
    assert percentages(element(project), "recipient-country") == {
        code: Decimal(25) for code in PARTS
    }


def test_kosovo_is_reported_with_its_iati_code(assert_valid_iati):
    project = make_project([make_country("XK", plain=True)], **SUMMARY_ONLY)
    assert percentages(element(project), "recipient-country") == {"XK": Decimal(100)}
    assert_valid_iati(projects_document([project], today=TODAY))


def test_a_region_with_an_iati_region_is_reported_as_that_region(assert_valid_iati):
    balkans = make_country(
        codes=["AL", "BA", "ME", "MK", "RS", "XK"],
        kind=Country.Kind.REGION,
        iati_region="89",
        plain=True,
    )
    project = make_project(
        [balkans, make_country("TR", plain=True)],
        **SUMMARY_ONLY,
        start_date=datetime.date(2024, 1, 1),
    )
    activity = element(project)
    assert percentages(activity, "recipient-region") == {"89": Decimal(50)}
    assert activity.find("recipient-region").get("vocabulary") == "1"
    assert percentages(activity, "recipient-country") == {"TR": Decimal(50)}
    assert check_project(project, today=TODAY) == []
    assert_valid_iati(projects_document([project], today=TODAY))


def test_a_code_in_two_places_of_a_project_adds_up_to_100_in_all():
    serbia = make_country("RS", plain=True)
    balkans = make_country(codes=["RS", "ME", "XK"], kind=Country.Kind.REGION, plain=True)
    countries, regions = recipients([serbia, balkans])
    assert dict(countries) == {
        "RS": Decimal("50.00") + Decimal("16.67"),
        "ME": Decimal("16.67"),
        "XK": Decimal("16.66"),
    }
    assert sum(dict(countries).values()) == 100 and regions == []


def test_percentages_stay_at_100_for_any_number_of_places():
    for count in (3, 7, 11):
        places = [make_country(plain=True) for _ in range(count)]
        places.append(make_territory(PARTS[:3], f"Gebied {count}"))
        countries, regions = recipients(places)
        assert sum(p for _code, p in countries) == 100


def test_a_code_outside_the_codelist_is_flagged():
    project = make_project(
        [make_country("NL", plain=True)], **SUMMARY_ONLY, start_date=datetime.date(2024, 1, 1)
    )
    Country.objects.filter(pk=project.countries.get().pk).update(codes="QQ")
    project = Project.objects.get(pk=project.pk)
    assert {w.code for w in check_project(project, today=TODAY)} == {"codelist"}


# Results ----------------------------------------------------------------------------------


def test_results_with_numbers_have_an_indicator_with_a_period_target_and_actual(
    assert_valid_iati,
):
    project = make_project([make_country("TR", plain=True)], **SUMMARY_ONLY)
    make_result(
        project,
        year=2018,
        statement_nl="kregen gratis rechtshulp",
        statement_en="received free legal aid",
        value=Decimal("450"),
        unit_nl="asielzoekers",
        target=Decimal("500.00"),
    )
    [result] = element(project).findall("result")
    assert result.get("type") == "1"
    assert [n.text for n in result.findall("title/narrative")] == [
        "kregen gratis rechtshulp",
        "received free legal aid",
    ]
    indicator = result.find("indicator")
    assert indicator.get("measure") == "1" and indicator.get("ascending") == "1"
    assert indicator.find("description/narrative").text == "asielzoekers"
    assert indicator.find("period/period-start").get("iso-date") == "2018-01-01"
    assert indicator.find("period/period-end").get("iso-date") == "2018-12-31"
    assert indicator.find("period/target").get("value") == "500"
    assert indicator.find("period/actual").get("value") == "450"
    assert_valid_iati(projects_document([project], today=TODAY))


def test_a_percentage_result_uses_the_percentage_measure():
    project = make_project([make_country("TR", plain=True)], **SUMMARY_ONLY)
    make_result(project, value=Decimal("12.5"), unit_nl="%")
    indicator = element(project).find("result/indicator")
    assert indicator.get("measure") == "2"
    assert indicator.find("period/actual").get("value") == "12.5"


def test_a_result_without_numbers_is_a_qualitative_indicator(assert_valid_iati):
    project = make_project([make_country("TR", plain=True)], **SUMMARY_ONLY)
    make_result(project, statement_nl="Een netwerk van advocaten opgezet", result_type="2")
    [result] = element(project).findall("result")
    assert result.get("type") == "2"
    assert result.find("indicator").get("measure") == "5"
    assert result.find("indicator/period") is None
    assert_valid_iati(activities_document([activity_for(project, today=TODAY)]))


def test_results_of_the_organisation_are_not_an_activitys():
    project = make_project([make_country("TR", plain=True)], **SUMMARY_ONLY)
    make_result(None, statement_nl="Van de hele organisatie")
    assert element(project).findall("result") == []


# Completion and the activity status --------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({}, "2"),
        ({"start_date": datetime.date(2026, 1, 1)}, "1"),
        ({"end_date": datetime.date(2025, 5, 31)}, "3"),
        ({"end_date": datetime.date(2025, 6, 1)}, "2"),  # its last day: still running
        ({"actual_end_date": datetime.date(2025, 5, 1)}, "4"),
        ({"completed": True}, "4"),
        ({"completed": True, "activity_status": "5"}, "5"),
    ],
)
def test_the_activity_status_follows_completion(fields, status):
    project = make_project([make_country("TR", plain=True)], **SUMMARY_ONLY, **fields)
    assert element(project).find("activity-status").get("code") == status
    assert project.is_completed(TODAY) == (status in ("3", "4") or fields.get("completed", False))


def test_a_region_worked_in_as_a_whole_is_reported_as_its_region_only(assert_valid_iati):
    europe = make_area("Europa", iati_region="89", name_en="Europe")
    project = make_project([europe], **SUMMARY_ONLY, start_date=datetime.date(2024, 1, 1))
    activity = element(project)
    assert percentages(activity, "recipient-region") == {"89": Decimal(100)}
    assert activity.findall("recipient-country") == []
    assert check_project(project, today=TODAY) == []
    assert_valid_iati(activities_document([activity_for(project, today=TODAY)]))
