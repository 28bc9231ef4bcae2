"""Programmes across countries on the overview, and completed projects that stay public."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from projects.models import Project, planned_end
from projects.public import OVERVIEW_FULL_PROJECTS, completed_projects, overview_countries
from tests.factories import make_country, make_project

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)
NEXT_YEAR = timezone.localdate() + datetime.timedelta(days=365)


def html_of(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


# Programmes -------------------------------------------------------------------------------


@pytest.fixture
def programme():
    places = [make_country(name_nl=name) for name in ("Albanië", "Kosovo", "Servië")]
    project = make_project(places, body_nl="<p>Het programma in drie landen.</p>")
    make_project([places[2]], body_nl="<p>Alleen in Servië.</p>")
    return project


def test_a_programme_is_shown_in_full_once_and_referred_to_from_each_place(client, programme):
    html = html_of(client, "/nl/")
    assert html.count("Het programma in drie landen.") == 1
    assert html.count(f'href="#programme-{programme.pk}"') == 3
    assert "Programma in Albanië, Kosovo en Servië:" in html
    assert "Programma&#39;s in meerdere landen" in html
    assert "Alleen in Servië." in html


def test_the_programmes_section_is_in_english_too(client, programme):
    html = html_of(client, "/en/")
    assert "Programmes in several countries" in html
    assert html.count("What we do in project") == 2  # the programme once, Serbia's once


def test_a_place_whose_only_project_is_a_programme_keeps_its_section(client, programme):
    html = html_of(client, "/nl/")
    kosovo = programme.countries.get(name_nl="Kosovo")
    section = html.split(f'id="{kosovo.slug}"')[1].split("</section>")[0]
    assert "De situatie in Kosovo" in section
    assert f'href="#programme-{programme.pk}"' in section


def test_programmes_do_not_count_towards_a_places_projects_in_full(programme):
    serbia = programme.countries.get(name_nl="Servië")
    for _ in range(OVERVIEW_FULL_PROJECTS - 1):
        make_project([serbia])
    places = {country.pk: country for country in overview_countries()}
    assert len(places[serbia.pk].own_projects) == OVERVIEW_FULL_PROJECTS
    assert places[serbia.pk].shows_projects_in_full
    assert [p.pk for p in places[serbia.pk].programmes] == [programme.pk]


def test_a_country_page_shows_the_programme_in_full_with_its_places(client, programme):
    html = html_of(client, programme.countries.get(name_nl="Kosovo").get_absolute_url())
    assert "Het programma in drie landen." in html
    assert "Programma in Albanië, Kosovo en Servië." in html


# Completed projects ------------------------------------------------------------------------


def test_a_project_past_its_end_date_leaves_the_overview_but_keeps_its_page(client):
    country = make_country(name_nl="Griekenland")
    ended = make_project([country], body_nl="<p>Afgelopen werk.</p>", end_date=YESTERDAY)
    make_project([country], body_nl="<p>Lopend werk.</p>", end_date=NEXT_YEAR)
    overview = html_of(client, "/nl/")
    assert "Afgelopen werk." not in overview and "Lopend werk." in overview
    page = html_of(client, ended.get_absolute_url())
    assert f"Dit project is afgerond in {YESTERDAY.year}." in page
    with translation.override("en"):
        english = html_of(client, ended.get_absolute_url())
    assert f"This project was completed in {YESTERDAY.year}." in english


def test_a_project_marked_completed_is_completed_whatever_its_dates(client):
    project = make_project(completed=True, end_date=NEXT_YEAR)
    assert project.is_completed()
    assert list(Project.objects.completed()) == [project]
    assert list(Project.objects.current()) == []
    assert "Dit project is afgerond" in html_of(client, project.get_absolute_url())


def test_an_actual_end_date_still_to_come_keeps_the_project_current():
    project = make_project(end_date=YESTERDAY, actual_end_date=NEXT_YEAR)
    assert not project.is_completed()
    assert list(Project.objects.current()) == [project]


def test_a_project_past_its_duration_is_completed_as_one_past_its_end_date(client):
    """Start date and duration, no end date: the work ends the day before the start date
    plus the duration, also for the completed projects' query and the open data."""
    country = make_country(name_nl="Palestijnse Gebieden")
    start = timezone.localdate() - datetime.timedelta(days=600)
    ended = make_project([country], body_nl="<p>Afgelopen werk.</p>", start_date=start)
    ended.duration_months = 18  # as an editor would change it: one field, one save
    ended.save(update_fields=["duration_months"])
    running = make_project(
        [country], body_nl="<p>Lopend werk.</p>", start_date=start, duration_months=24
    )
    assert ended.is_completed() and not running.is_completed()
    assert list(Project.objects.completed()) == [ended]
    assert list(Project.objects.current()) == [running]
    assert "Afgelopen werk." not in html_of(client, "/nl/")
    assert ended.get_absolute_url() in html_of(client, reverse("projects:completed_projects"))
    xml = html_of(client, reverse("iati:activities"))
    # Finalisation for the ended one (no actual end date yet), implementation for the other.
    assert re.findall(r'<activity-status code="(\d)"/>', xml) == ["3", "2"]


def test_the_planned_end_counts_the_duration_from_the_start_date():
    assert planned_end(datetime.date(2024, 6, 1), None, 18) == datetime.date(2025, 11, 30)
    assert planned_end(datetime.date(2024, 1, 31), None, 1) == datetime.date(2024, 2, 28)
    assert planned_end(datetime.date(2024, 6, 1), datetime.date(2024, 9, 1), 18) == (
        datetime.date(2024, 9, 1)
    )  # the end date an editor gave wins
    assert planned_end(None, None, 18) is None
    assert planned_end(datetime.date(2024, 6, 1), None, None) is None


def test_the_listing_groups_completed_projects_per_year_newest_first(client):
    old = make_project(end_date=datetime.date(2017, 3, 1), title_nl="Oud")
    older = make_project(end_date=datetime.date(2016, 3, 1), title_nl="Ouder")
    recent = make_project(actual_end_date=datetime.date(2019, 6, 30), title_nl="Recent")
    undated = make_project(completed=True, title_nl="Zonder datum")
    make_project(published=False, completed=True, title_nl="Concept")
    make_project(end_date=NEXT_YEAR, title_nl="Lopend")
    assert [(year, [p.pk for p in group]) for year, group in completed_projects()] == [
        (2019, [recent.pk]),
        (2017, [old.pk]),
        (2016, [older.pk]),
        (None, [undated.pk]),
    ]
    html = html_of(client, reverse("projects:completed_projects"))
    assert html.index("Afgerond in 2019") < html.index("Afgerond in 2017")
    assert "Andere afgeronde projecten" in html
    assert "Concept" not in html and "Lopend" not in html
    assert recent.get_absolute_url() in html


def test_the_listing_has_its_address_in_both_languages(client):
    make_project(completed=True, title_nl="Afgerond", title_en="Completed one")
    assert html_of(client, "/nl/afgeronde-projecten/").count("Afgerond") >= 1
    assert "Completed one" in html_of(client, "/en/completed-projects/")


def test_the_overview_links_to_the_listing_only_when_there_are_completed_projects(client):
    make_project()
    assert "/nl/afgeronde-projecten/" not in html_of(client, "/nl/")
    make_project(completed=True)
    assert 'href="/nl/afgeronde-projecten/"' in html_of(client, "/nl/")


def test_a_country_page_lists_its_completed_projects_apart(client):
    country = make_country(name_nl="Griekenland")
    make_project([country], title_nl="Nog bezig", body_nl="<p>Nog bezig.</p>")
    make_project([country], title_nl="Klaar", body_nl="<p>Klaar werk.</p>", completed=True)
    html = html_of(client, country.get_absolute_url())
    assert "Afgeronde projecten in Griekenland" in html
    completed = html.split("Afgeronde projecten in Griekenland")[1]
    assert "Klaar" in completed and "Klaar werk." not in completed


def test_a_place_with_only_completed_projects_keeps_its_page(client):
    country = make_country(name_nl="Griekenland")
    make_project([country], completed=True)
    assert client.get(country.get_absolute_url()).status_code == 200
    assert country.slug not in html_of(client, "/nl/")


def test_the_sitemap_lists_the_listing_while_there_are_completed_projects(client):
    make_project()
    assert b"afgeronde-projecten" not in client.get("/sitemap.xml").content
    make_project(completed=True)
    assert b"/nl/afgeronde-projecten/" in client.get("/sitemap.xml").content
