"""IATI rules the schema does not enforce, checked in Python as warnings for editors."""

import datetime
from dataclasses import replace
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from iati.activity import Budget
from iati.rules import check_activity, check_site
from projects.open_data import activity_for, check_project
from tests.factories import SUMMARY_ONLY, add_funding, make_country, make_funder, make_project

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 1)


def codes(warnings):
    return {warning.code for warning in warnings}


@pytest.fixture
def sound_project(db):
    return make_project(
        [make_country("TR", plain=True)],
        **SUMMARY_ONLY,
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2025, 12, 31),
    )


def test_a_complete_project_has_no_warnings(sound_project):
    assert check_project(sound_project, today=TODAY) == []


def test_missing_start_date_is_flagged(db):
    project = make_project([make_country("TR", plain=True)], **SUMMARY_ONLY)
    with translation.override("en"):
        warnings = check_project(project, today=TODAY)
    assert codes(warnings) == {"start_date_missing"}
    assert "no start date" in warnings[0].message


def test_identifier_must_start_with_the_reporting_organisation(sound_project, settings):
    activity = activity_for(sound_project, today=TODAY)
    wrong = replace(activity, identifier="XM-DAC-7-P0001")
    assert codes(check_activity(wrong, today=TODAY)) == {"identifier_prefix"}


def test_reporting_organisation_identifier_must_be_well_formed(settings):
    settings.IATI_REPORTING_ORG_IDENTIFIER = "VluchtelingenWerk"
    assert codes(check_site()) == {"reporting_org_identifier_invalid"}


def test_placeholder_reporting_organisation_identifier_is_flagged(settings):
    settings.IATI_REPORTING_ORG_IDENTIFIER = "NL-KVK-00000000"
    assert codes(check_site()) == {"reporting_org_identifier_placeholder"}


def test_the_sites_settings_are_not_a_projects_warnings(sound_project, settings):
    """Editors cannot change settings: their project's checks leave them out."""
    settings.IATI_REPORTING_ORG_IDENTIFIER = "NL-KVK-00000000"
    settings.SITE_URL = ""
    assert check_site() != []
    assert check_project(sound_project, today=TODAY) == []


def test_a_well_configured_site_has_no_site_warnings():
    assert check_site() == []


def test_country_percentages_must_sum_to_100(sound_project):
    activity = activity_for(sound_project, today=TODAY)
    wrong = replace(activity, countries=[("TR", Decimal("50")), ("RS", Decimal("40"))])
    assert codes(check_activity(wrong, today=TODAY)) == {"country_percentages"}


def test_project_without_country_is_flagged(db):
    project = make_project((), **SUMMARY_ONLY, start_date=datetime.date(2025, 1, 1))
    assert codes(check_project(project, today=TODAY)) == {"country_missing"}


def test_budget_period_longer_than_a_year_is_flagged(sound_project):
    activity = activity_for(sound_project, today=TODAY)
    too_long = Budget(datetime.date(2024, 1, 1), datetime.date(2025, 1, 1), Decimal(10), "EUR")
    one_year = Budget(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), Decimal(10), "EUR")
    assert codes(check_activity(replace(activity, budgets=[one_year]), today=TODAY)) == set()
    assert codes(check_activity(replace(activity, budgets=[too_long]), today=TODAY)) == {
        "budget_period_too_long"
    }


def test_amounts_without_project_period_are_flagged(db):
    project = make_project(
        [make_country("TR", plain=True)], **SUMMARY_ONLY, start_date=datetime.date(2025, 1, 1)
    )
    add_funding(
        project, make_funder("het ministerie van Buitenlandse Zaken", plain=True), amount="1000"
    )
    assert codes(check_project(project, today=TODAY)) == {"budget_without_period"}


def test_end_before_start_is_flagged(db):
    project = make_project(
        [make_country("TR", plain=True)],
        **SUMMARY_ONLY,
        actual_start_date=datetime.date(2025, 3, 1),
        actual_end_date=datetime.date(2025, 2, 1),
    )
    assert codes(check_project(project, today=TODAY)) == {"end_before_start"}


def test_actual_date_in_the_future_is_flagged(db):
    project = make_project(
        [make_country("TR", plain=True)],
        **SUMMARY_ONLY,
        start_date=datetime.date(2025, 1, 1),
        actual_start_date=datetime.date(2025, 7, 1),
    )
    warnings = check_project(project, today=TODAY)
    assert codes(warnings) == {"actual_date_in_future"}
    assert "2025-07-01" in warnings[0].message


def test_values_outside_the_codelists_are_flagged(sound_project, settings):
    settings.IATI_DEFAULT_SECTOR = "99999"
    settings.IATI_DEFAULT_CURRENCY = "EURO"
    add_funding(
        sound_project,
        make_funder("het ministerie van Buitenlandse Zaken", plain=True),
        amount="10",
        currency="XYZ",
    )
    warnings = check_project(sound_project, today=TODAY)
    assert codes(warnings) == {"codelist"}
    messages = " ".join(w.message for w in warnings)
    for value in ("99999", "EURO", "XYZ"):
        assert value in messages


def test_local_site_address_is_flagged(settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert codes(check_site()) == {"site_url_local"}


def test_warnings_are_in_the_editors_language(db):
    project = make_project([make_country("TR", plain=True)], **SUMMARY_ONLY)
    with translation.override("nl"):
        message = check_project(project, today=TODAY)[0].message
    assert "startdatum" in message


def test_a_missing_start_date_of_a_draft_is_not_said_to_be_its_publication_day(db):
    """A draft was never published: the warning says what will stand in, not that it was."""
    project = make_project([make_country("TR", plain=True)], published=False, **SUMMARY_ONLY)
    with translation.override("en"):
        (warning,) = check_project(project, today=TODAY)
    assert warning.code == "start_date_missing"
    assert "was first published" not in warning.message
    assert "the day the project is first published" in warning.message
    with translation.override("nl"):
        (warning,) = check_project(project, today=TODAY)
    assert "voor het eerst werd gepubliceerd" not in warning.message
    assert "voor het eerst wordt gepubliceerd" in warning.message


def test_a_missing_start_date_of_a_published_project_names_its_publication_day(db):
    project = make_project([make_country("TR", plain=True)], **SUMMARY_ONLY)
    with translation.override("en"):
        (warning,) = check_project(project, today=TODAY)
    day = timezone.localdate(project.first_published_at).isoformat()
    assert f"the day it was first published ({day})" in warning.message
