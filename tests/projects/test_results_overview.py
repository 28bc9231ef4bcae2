"""The work at a glance: figures, projects per year and theme as SVG charts with their
tables, the published projects' results per year; drafts never counted."""

import datetime
import re
from decimal import Decimal

import pytest

from tests.factories import make_country, make_project, make_result

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects():
    place = make_country(name_nl="Kenia", name_en="Kenya")
    first = make_project(
        countries=[place], sector="15130", start_date=datetime.date(2021, 1, 1),
        end_date=datetime.date(2022, 12, 31), title_nl="Rechtshulp",
    )  # fmt: skip
    make_project(countries=[place], start_date=datetime.date(2022, 3, 1), title_nl="Opvang")
    draft = make_project(
        countries=[place], published=False, start_date=datetime.date(2019, 1, 1), sector="15160"
    )
    make_result(first, year=2022, statement_nl="advocaten opgeleid", value=Decimal(12))
    make_result(draft, year=2022, statement_nl="geheim resultaat")
    return first


def table(html, chart):
    figure = re.search(
        rf'<figure class="chart" aria-labelledby="{chart}-caption">(.*?)</figure>', html, re.S
    )
    assert figure, chart
    rows = re.findall(r'<tr><th scope="row">(.*?)</th><td>(.*?)</td></tr>', figure.group(1))
    bars = re.findall(r'<rect class="chart__bar"[^>]*width="([\d.]+)"', figure.group(1))
    assert len(bars) == len(rows)
    return dict(rows), [float(width) for width in bars]


def test_the_charts_count_published_projects_per_year_and_theme(client, projects):
    html = client.get("/nl/in-een-oogopslag/").content.decode()
    years, widths = table(html, "per-year")
    # The project without an end runs on to this year; the draft's 2019 is not counted.
    assert years["2021"] == "1" and years["2022"] == "2" and "2019" not in years
    assert max(widths) == widths[list(years).index("2022")]
    themes, _widths = table(html, "per-theme")
    assert themes == {"immigratie": "1", "juridische en rechterlijke ontwikkeling": "1"}
    assert 'role="img" aria-labelledby="per-year-caption"' in html


def test_the_figures_and_results_leave_out_drafts(client, projects):
    html = client.get("/nl/in-een-oogopslag/").content.decode()
    numbers = dict(
        (label, int(value))
        for value, label in re.findall(
            r'<span class="figures__number">(\d+)</span> <span class="figures__label">(.*?)</span>',
            html,
        )
    )
    assert numbers["projecten"] == 2 and numbers["landen en gebieden"] == 1
    assert "advocaten opgeleid" in html and "geheim resultaat" not in html
    english = client.get("/en/at-a-glance/").content.decode()
    assert "Projects per theme" in english and "legal and judicial development" in english


@pytest.mark.parametrize("size", [3, 30])
def test_the_page_takes_a_fixed_number_of_queries(
    client, django_assert_num_queries, settings, size
):
    settings.PAGE_CACHE_ENABLED = False
    place = make_country()
    for number in range(size):
        project = make_project(countries=[place], start_date=datetime.date(2020 + number % 5, 1, 1))
        make_result(project, year=2022)
    # The results' years, the results shown with their projects; the first time also the
    # content clock's four, the list's facet index's seven (tests/projects/
    # test_project_list.py), the results of those years as rows (in the pages' order, with
    # their figures per unit for the charts) and the overview's texts, which the next page
    # uses while the clock says nothing they were read from has changed.
    with django_assert_num_queries(4 + 7 + 1 + 1 + 2):
        assert client.get("/nl/in-een-oogopslag/").status_code == 200
    with django_assert_num_queries(2):
        assert client.get("/nl/in-een-oogopslag/").status_code == 200


def test_a_chart_without_figures_says_so(client):
    make_project()  # no dates: no year to count it in
    html = client.get("/nl/in-een-oogopslag/").content.decode()
    assert "Nog geen cijfers" in html
    assert 'aria-labelledby="per-year-caption"' not in html
    assert 'aria-labelledby="per-theme-caption"' in html


def test_only_the_newest_three_years_and_twelve_results_a_year_are_shown(client):
    project = make_project()
    for year in (2019, 2020, 2021, 2022):
        make_result(project, year=year, statement_nl=f"resultaat van {year}")
    for number in range(14):
        make_result(project, year=2022, statement_nl=f"extra {number}")
    html = client.get("/nl/in-een-oogopslag/").content.decode()
    assert "resultaat van 2020" in html and "resultaat van 2019" not in html
    assert "En nog 3 resultaten van 2022" in html
