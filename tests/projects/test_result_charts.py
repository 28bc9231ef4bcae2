"""Results at a glance as charts drawn on the server (issue 27): a project's results on its
page, the organisation's "Wat hebben we in … bereikt?" on the overview and the work at a
glance from the same figures; each chart one image named by its caption with the table
of its figures behind it; drafts never counted."""

import re
from decimal import Decimal

import pytest
from django.utils import translation

from projects.models import Result
from tests.factories import make_overview, make_project, make_result

pytestmark = pytest.mark.django_db


def english(project):
    with translation.override("en"):
        return project.get_absolute_url()


def html_of(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def chart(html, chart_id):
    """(caption, {label: shown} of its table, [bar widths]) of the chart ``chart_id``."""
    figure = re.search(
        rf'<figure class="chart" aria-labelledby="{chart_id}-caption">(.*?)</figure>', html, re.S
    )
    assert figure, chart_id
    body = figure.group(1)
    caption = re.search(r'<figcaption id="[^"]+" class="chart__caption">(.*?)</figcaption>', body)
    assert f'role="img" aria-labelledby="{chart_id}-caption"' in body
    rows = re.findall(r'<tr><th scope="row"[^>]*>(.*?)</th><td>(.*?)</td></tr>', body)
    bars = re.findall(r'<rect class="chart__bar"[^>]*width="([\d.]+)"', body)
    assert len(bars) == len(rows)
    return caption.group(1), dict(rows), [float(width) for width in bars]


@pytest.fixture
def project():
    project = make_project(title_nl="Rechtshulp")
    make_result(
        project, year=2018, statement_nl="kregen rechtshulp", value=450, target=500,
        unit_nl="asielzoekers", unit_en="asylum seekers",
    )  # fmt: skip
    make_result(
        project, year=2019, statement_nl="kregen rechtshulp", value=600, target=400,
        unit_nl="asielzoekers", unit_en="asylum seekers",
    )  # fmt: skip
    make_result(project, year=2019, statement_nl="Een netwerk opgezet")
    return project


def test_a_project_page_charts_its_results_against_their_targets(client, project):
    html = html_of(client, project.get_absolute_url())
    caption, rows, widths = chart(html, "project-targets")
    assert caption == "Behaald ten opzichte van het doel"
    assert rows == {
        "2018: kregen rechtshulp": "450 van 500 (90%)",
        "2019: kregen rechtshulp": "600 van 400 (150%)",
    }
    assert widths[0] / widths[1] == pytest.approx(90 / 150, abs=0.01)


def test_a_project_page_charts_each_units_figures_per_year(client, project):
    html = html_of(client, project.get_absolute_url())
    caption, rows, widths = chart(html, "project-figures-1")
    assert caption == "Asielzoekers per jaar"
    assert rows == {"2018": "450", "2019": "600"}
    caption, rows, _widths = chart(html_of(client, english(project)), "project-figures-1")
    assert caption == "Asylum seekers per year"


def test_a_unit_without_english_is_marked_dutch_on_the_english_page(client):
    project = make_project()
    make_result(project, year=2019, statement_nl="opgeleid", value=12, unit_nl="advocaten")
    caption, _rows, _widths = chart(html_of(client, english(project)), "project-figures-1")
    assert caption == '<span lang="nl">Advocaten</span> per year'


def test_a_project_without_numbers_has_no_chart(client):
    project = make_project()
    make_result(project, year=2019, statement_nl="Een netwerk opgezet")
    html = html_of(client, project.get_absolute_url())
    assert "Een netwerk opgezet" in html and 'class="chart"' not in html


@pytest.fixture
def organisation(project):
    make_overview(results_years="2018, 2019")
    make_result(None, year=2019, statement_nl="kregen advies", value=100, unit_nl="asielzoekers")
    make_result(None, year=2019, statement_nl="wacht nog", value=1000, unit_nl="asielzoekers",
                status=Result.Status.DRAFT)  # fmt: skip
    make_result(None, year=2017, statement_nl="niet gekozen", value=5, unit_nl="asielzoekers")
    draft = make_project(published=False)
    make_result(draft, year=2019, statement_nl="van een concept", value=70, unit_nl="asielzoekers")
    make_result(None, year=2019, statement_nl="tevreden", value=Decimal(80), unit_nl="%")
    return project


def test_the_overview_charts_the_figures_of_its_years(client, organisation):
    html = html_of(client, "/nl/")
    assert "Onze resultaten in cijfers" in html
    assert html.index("Wat hebben we in 2018 bereikt?") < html.index("Onze resultaten in cijfers")
    caption, rows, _widths = chart(html, "overview-figures-1")
    # The project's and the organisation's added up; drafts, other years and percentages not.
    assert caption == "Asielzoekers per jaar"
    assert rows == {"2018": "450", "2019": "700"}
    assert html.count('class="chart"') == 1


def test_the_figures_follow_a_change_of_a_result_and_of_its_project(
    client, organisation, project, settings
):
    """The results' rows are kept by the process with the facet index: a result changed,
    or its project unpublished, is seen at the next page."""
    settings.PAGE_CACHE_ENABLED = False  # rendered every time: only the kept rows count
    assert chart(html_of(client, "/nl/"), "overview-figures-1")[1]["2019"] == "700"
    result = project.results.get(year=2019, value=600)
    result.value = 650
    result.save()
    html = html_of(client, "/nl/")
    assert chart(html, "overview-figures-1")[1] == {"2018": "450", "2019": "750"}
    assert "kregen rechtshulp" in html
    project.status = project.Status.DRAFT
    project.save()
    html = html_of(client, "/nl/")
    assert "kregen rechtshulp" not in html
    assert chart(html, "overview-figures-1")[1] == {"2019": "100"}


def test_the_work_at_a_glance_charts_the_same_figures(client, organisation):
    html = html_of(client, "/nl/in-een-oogopslag/")
    caption, rows, _widths = chart(html, "result-figures-1")
    assert caption == "Asielzoekers per jaar"
    # The newest three years with results: 2017 too, with the organisation's result.
    assert rows == {"2017": "5", "2018": "450", "2019": "700"}
    assert "kregen advies" in html  # the organisation's results are listed there too


def test_without_numbers_the_overview_has_no_figures(client, project):
    make_overview(results_years="2019")
    Result.objects.update(value=None)
    assert "Onze resultaten in cijfers" not in html_of(client, "/nl/")
