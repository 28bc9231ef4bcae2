"""How a project's content maps onto IATI elements."""

import datetime
from decimal import Decimal

import pytest
from lxml import etree

from iati.activity import budget_periods
from iati.builder import activity_element
from iati.codelists import ActivityDateType, ActivityStatus
from projects.open_data import activity_for
from tests.factories import (
    SUMMARY_ONLY,
    add_funding,
    add_partner,
    make_country,
    make_funder,
    make_partner,
    make_project,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 1)


def element(project):
    return activity_element(activity_for(project, today=TODAY))


def test_recipient_country_percentages_sum_to_100(full_project):
    countries = element(full_project).findall("recipient-country")
    # In the places' order: each new place joined the end.
    assert [(c.get("code"), c.get("percentage")) for c in countries] == [
        ("RS", "33.33"),
        ("BA", "33.33"),
        ("ME", "33.34"),
    ]
    assert sum(Decimal(c.get("percentage")) for c in countries) == 100


def test_budgets_cover_the_project_in_periods_of_at_most_a_year(full_project):
    # Actual start 2024-03-15, planned end 2026-08-31, 250,000 EUR.
    budgets = element(full_project).findall("budget")
    periods = [
        (b.find("period-start").get("iso-date"), b.find("period-end").get("iso-date"))
        for b in budgets
    ]
    assert periods == [
        ("2024-03-15", "2025-03-14"),
        ("2025-03-15", "2026-03-14"),
        ("2026-03-15", "2026-08-31"),
    ]
    values = [Decimal(b.findtext("value")) for b in budgets]
    assert sum(values) == Decimal("250000.00")
    assert values[0] > values[2]
    assert {b.find("value").get("currency") for b in budgets} == {"EUR"}


def test_budget_periods_never_exceed_a_year_across_a_leap_day():
    periods = budget_periods(datetime.date(2024, 2, 29), datetime.date(2026, 1, 1))
    assert periods[0] == (datetime.date(2024, 2, 29), datetime.date(2025, 2, 28))
    assert periods[-1][1] == datetime.date(2026, 1, 1)


def test_no_budget_without_amounts(db):
    project = make_project(
        [make_country("TR", plain=True)],
        **SUMMARY_ONLY,
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2024, 12, 31),
    )
    add_funding(
        project, make_funder("het ministerie van Buitenlandse Zaken", plain=True), amount=None
    )
    assert element(project).findall("budget") == []


def test_activity_dates_come_from_planned_and_actual_dates(full_project):
    dates = {
        d.get("type"): d.get("iso-date") for d in element(full_project).findall("activity-date")
    }
    assert dates == {"1": "2024-03-01", "2": "2024-03-15", "3": "2026-08-31"}


def test_planned_end_follows_from_start_and_duration(db):
    project = make_project(
        (), **SUMMARY_ONLY, start_date=datetime.date(2024, 9, 1), duration_months=12
    )
    activity = activity_for(project, today=TODAY)
    assert activity.dates[ActivityDateType.PLANNED_END] == datetime.date(2025, 8, 31)


def test_project_without_dates_uses_its_first_publication_as_planned_start(db):
    project = make_project([make_country("TR", plain=True)], **SUMMARY_ONLY)
    dates = element(project).findall("activity-date")
    assert [(d.get("type"), d.get("iso-date")) for d in dates] == [
        ("1", project.first_published_at.astimezone().date().isoformat())
    ]


@pytest.mark.parametrize(
    ("dates", "status"),
    [
        ({"start_date": datetime.date(2025, 9, 1)}, ActivityStatus.PIPELINE),
        ({"start_date": datetime.date(2025, 1, 1)}, ActivityStatus.IMPLEMENTATION),
        (
            {"start_date": datetime.date(2024, 1, 1), "end_date": datetime.date(2024, 12, 31)},
            ActivityStatus.FINALISATION,
        ),
        (
            {"start_date": datetime.date(2024, 1, 1), "duration_months": 12},
            ActivityStatus.FINALISATION,
        ),
        (
            {"start_date": datetime.date(2024, 1, 1), "actual_end_date": datetime.date(2025, 5, 1)},
            ActivityStatus.CLOSED,
        ),
        ({}, ActivityStatus.IMPLEMENTATION),
    ],
)
def test_activity_status_is_derived_from_the_dates(db, dates, status):
    project = make_project((), **SUMMARY_ONLY, **dates)
    assert element(project).find("activity-status").get("code") == status


def test_editor_can_set_the_activity_status_for_a_cancelled_project(db):
    project = make_project(
        (),
        **SUMMARY_ONLY,
        start_date=datetime.date(2025, 1, 1),
        activity_status=ActivityStatus.CANCELLED,
    )
    assert element(project).find("activity-status").get("code") == "5"


def test_sector_is_the_projects_or_the_configured_default(db, settings):
    settings.IATI_DEFAULT_SECTOR = "15190"
    default = element(make_project((), **SUMMARY_ONLY)).find("sector")
    chosen = element(make_project((), **SUMMARY_ONLY, sector="15160")).find("sector")
    assert (default.get("vocabulary"), default.get("code")) == ("1", "15190")
    assert chosen.get("code") == "15160"


def test_organisation_type_comes_from_the_kind_unless_chosen(db):
    project = make_project((), **SUMMARY_ONLY)
    add_partner(project, make_partner("Lokale ngo", plain=True, kind="local_ngo"))
    add_partner(
        project,
        make_partner(
            "Universiteit",
            plain=True,
            kind="local_ngo",
            iati_org_type="80",
            iati_identifier="RS-MB-1234",
        ),
    )
    orgs = element(project).findall("participating-org[@role='4']")
    assert [(o.findtext("narrative"), o.get("type"), o.get("ref")) for o in orgs] == [
        ("Lokale ngo", "24", None),
        ("Universiteit", "80", "RS-MB-1234"),
    ]


def test_funder_name_drops_the_article_and_fund_inherits_ministry_identifier(db):
    ministry = make_funder(
        "het ministerie van Buitenlandse Zaken",
        plain=True,
        name_en="the Ministry of Foreign Affairs",
        iati_identifier="XM-DAC-7",
        kind="national_government",
    )
    project = make_project((), **SUMMARY_ONLY)
    add_funding(
        project, make_funder("het Matra-fonds", plain=True, parent=ministry, kind="embassy_fund")
    )
    funder = element(project).find("participating-org[@role='1']")
    assert funder.get("ref") == "XM-DAC-7"
    assert funder.get("type") == "10"
    assert [n.text for n in funder.findall("narrative")] == ["Matra-fonds"]


def test_english_narratives_only_where_translated(db):
    project = make_project((), plain=True, title_nl="Alleen Nederlands", summary_nl="Tekst.")
    activity = element(project)
    xml = etree.tostring(activity, encoding="unicode")
    assert activity.xpath("title/narrative/@xml:lang") == []
    assert 'xml:lang="en"' not in xml
    assert activity.get("{http://www.w3.org/XML/1998/namespace}lang") == "nl"


def test_document_links_use_the_configured_site_address(full_project, settings):
    settings.SITE_URL = "https://open.example.net"
    links = element(full_project).findall("document-link")
    assert links and all(link.get("url").startswith("https://open.example.net/") for link in links)
    report = links[0]
    assert report.get("format") == "application/pdf"
    assert [n.text for n in report.findall("title/narrative")] == [
        "Asielprocedures",
        "Asylum procedures",
    ]
    assert report.find("language").get("code") == "nl"
    assert report.find("document-date").get("iso-date") == "2024-06-03"
