"""Results per year, calls to action, funding amounts and the funding sentence."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from projects.models import CallToAction, OverviewPage, ProjectFunding, Result
from tests.factories import (
    add_funding,
    add_photo,
    make_call_to_action,
    make_funder,
    make_overview,
    make_project,
    make_result,
)

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def html_of(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode().replace("\xa0", " ")


# Results ---------------------------------------------------------------------------------


@pytest.fixture
def results():
    page = make_overview(results_years="2017, 2018")
    project = make_project(title_nl="Rechtshulp")
    draft = make_project(published=False)
    make_result(project, year=2018, statement_nl="van het project", sort_order=1)
    make_result(None, year=2018, statement_nl="van de organisatie", value=Decimal("1250"))
    make_result(None, year=2017, statement_nl="een jaar eerder")
    make_result(None, year=2016, statement_nl="niet gekozen")
    make_result(draft, year=2018, statement_nl="van een concept")
    return page, project


def test_the_overview_shows_the_results_of_the_chosen_years_newest_first(client, results):
    html = html_of(client, "/nl/")
    assert html.index("Wat hebben we in 2018 bereikt?") < html.index(
        "Wat hebben we in 2017 bereikt?"
    )
    assert html.index("van de organisatie") < html.index("van het project")
    assert "een jaar eerder" in html
    assert "niet gekozen" not in html
    assert "van een concept" not in html
    assert '<span class="result__number">1.250</span>' in html


def test_the_results_block_is_in_english_with_english_numbers(client, results):
    Result.objects.filter(statement_nl="van de organisatie").update(
        statement_en="of the organisation"
    )
    html = html_of(client, "/en/")
    assert "What did we achieve in 2018?" in html
    assert "of the organisation" in html
    assert '<span class="result__number">1,250</span>' in html


def test_without_chosen_years_the_overview_shows_no_results(client, results):
    OverviewPage.objects.update(results_years="")
    assert "bereikt?" not in html_of(client, "/nl/")


def test_a_project_page_shows_its_results_per_year_with_number_unit_and_target(client):
    project = make_project()
    make_result(project, year=2018, statement_nl="kregen rechtshulp", value=450, target=500)
    Result.objects.filter(project=project).update(unit_nl="asielzoekers")
    make_result(project, year=2019, statement_nl="Een netwerk opgezet")
    html = html_of(client, project.get_absolute_url())
    assert html.index("<h3>2019</h3>") < html.index("<h3>2018</h3>")
    assert re.search(r'result__number">450</span> <span class="result__unit">asielzoekers', html)
    assert "Doel: 500" in html and "Een netwerk opgezet" in html


@pytest.mark.parametrize("years", ["2018", "2017, 2018", "2017 2018;2019"])
def test_years_of_results_are_entered_as_a_list(years):
    OverviewPage(title_nl="x", results_years=years).full_clean()


@pytest.mark.parametrize("years", ["achttien", "18", "2018, en 2019"])
def test_years_that_are_not_years_are_refused(years):
    with pytest.raises(ValidationError) as error:
        OverviewPage(title_nl="x", results_years=years).full_clean()
    assert "results_years" in error.value.message_dict


def test_a_unit_without_a_number_is_refused():
    with pytest.raises(ValidationError) as error:
        Result(year=2018, statement_nl="iets", unit_nl="asielzoekers").full_clean()
    assert "value" in error.value.message_dict


def test_results_join_the_end_of_their_projects_order():
    project = make_project()
    first = make_result(project, sort_order=40)
    second = make_result(project)
    other = make_result(make_project())
    assert second.sort_order == 50 and other.sort_order == 10
    assert first.year == second.year


# Calls to action ---------------------------------------------------------------------------


def test_a_call_to_action_on_the_overview_is_a_real_button_in_both_languages(client):
    appeal = make_call_to_action()
    make_overview().calls_to_action.add(appeal)
    make_project()
    dutch = html_of(client, "/nl/")
    english = html_of(client, "/en/")
    assert re.search(
        rf'<aside class="cta" aria-labelledby="cta-{appeal.pk}-page">.*<h2 class="cta__heading" '
        rf'id="cta-{appeal.pk}-page">{appeal.heading_nl}</h2>.*<a class="button button--cta" '
        rf'href="{appeal.url_nl}">Help en doneer direct</a>',
        dutch,
        re.S,
    )
    # No English address of its own: the Dutch one.
    assert f'href="{appeal.url_nl}">Help and donate now</a>' in english
    assert appeal.heading_en in english


def test_a_call_to_action_is_shown_only_between_its_start_and_end(client):
    page = make_overview()
    make_project()
    later = make_call_to_action(starts_at=NOW + datetime.timedelta(hours=2))
    ended = make_call_to_action(ends_at=NOW - datetime.timedelta(minutes=1))
    now = make_call_to_action(
        starts_at=NOW - datetime.timedelta(hours=1), ends_at=NOW + datetime.timedelta(hours=1)
    )
    page.calls_to_action.add(later, ended, now)
    html = html_of(client, "/nl/")
    assert now.heading_nl in html
    assert later.heading_nl not in html and ended.heading_nl not in html


def test_an_end_before_the_start_is_refused():
    appeal = make_call_to_action()
    appeal.starts_at, appeal.ends_at = NOW, NOW - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        appeal.full_clean()
    assert "ends_at" in error.value.message_dict


def test_a_projects_call_to_action_tops_its_page_and_shows_in_its_section(client):
    appeal = make_call_to_action(text_nl="Help de mensen in Kenia.")
    project = make_project()
    project.calls_to_action.add(appeal)
    page = html_of(client, project.get_absolute_url())
    assert page.index("Help de mensen in Kenia.") < page.index("Wat doet VluchtelingenWerk?")
    assert page.count("Help de mensen in Kenia.") == 1
    overview = html_of(client, "/nl/")
    assert f'<p class="cta__heading" id="cta-{appeal.pk}-{project.pk}">' in overview


def test_a_call_to_action_on_the_overview_is_not_repeated_in_its_projects(client):
    appeal = make_call_to_action()
    make_overview().calls_to_action.add(appeal)
    make_project().calls_to_action.add(appeal)
    assert html_of(client, "/nl/").count(appeal.heading_nl) == 1


def test_a_call_to_action_photo_has_its_description(client, media_root):
    appeal = add_photo(make_call_to_action(), width=800, height=600, alt="Een tent in de sneeuw")
    make_overview().calls_to_action.add(appeal)
    make_project()
    html = html_of(client, "/nl/")
    assert 'alt="Een tent in de sneeuw"' in html
    assert "/media/renditions/" in html


def test_a_call_to_action_loads_no_third_party_script(client):
    make_overview().calls_to_action.add(make_call_to_action())
    make_project()
    html = html_of(client, "/nl/")
    assert re.findall(r"<script[^>]*src=\"([^\"]+)\"", html) == ["/static/js/site.js"]


# Funding ---------------------------------------------------------------------------------


def project_with_funding(*rows):
    project = make_project(duration_months=12)
    for name, amount, currency, shown in rows:
        funding = add_funding(project, make_funder(name, name_en=None), amount, currency)
        ProjectFunding.objects.filter(pk=funding.pk).update(show_amount=shown)
    return project


def test_only_amounts_the_editor_shows_are_on_the_page_with_the_total(client):
    project = project_with_funding(
        ("de EU", "25000", "EUR", True),
        ("het fonds", "15000", "EUR", True),
        ("een geheime gever", "99999", "EUR", False),
    )
    html = html_of(client, project.get_absolute_url())
    assert '<strong class="amounts__value">€ 25.000</strong> van de EU' in html
    assert "€ 15.000" in html
    assert "Totaal: <strong" in html and "€ 40.000" in html
    assert "99.999" not in html and "99999" not in html


def test_amounts_are_formatted_for_the_pages_language(client):
    project = project_with_funding(("de EU", "25000.50", "EUR", True))
    with translation.override("en"):
        english = html_of(client, project.get_absolute_url())
    assert "€25,000.50" in english
    assert "€ 25.000,50" in html_of(client, project.get_absolute_url())


def test_one_amount_has_no_total_and_several_currencies_have_one_each(client):
    single = project_with_funding(("de EU", "25000", "EUR", True))
    assert "Totaal" not in html_of(client, single.get_absolute_url())
    mixed = project_with_funding(
        ("de EU", "25000", "EUR", True),
        ("de VS", "10000", "USD", True),
        ("het fonds", "5000", "EUR", True),
    )
    html = html_of(client, mixed.get_absolute_url())
    assert re.search(r"Totaal: <strong[^>]*>€ 30.000</strong> en <strong[^>]*>US\$ 10.000", html)


def test_amounts_are_not_on_the_overview(client):
    project_with_funding(("de EU", "25000", "EUR", True))
    assert "25.000" not in html_of(client, "/nl/")


def test_showing_an_amount_needs_an_amount():
    funding = ProjectFunding(
        project=make_project(), funder=make_funder(), show_amount=True, currency="EUR"
    )
    with pytest.raises(ValidationError) as error:
        funding.full_clean()
    assert "show_amount" in error.value.message_dict


def test_each_funding_row_chooses_its_phrasing(client):
    project = make_project(duration_months=12)
    rows = [("de EU", "by"), ("het ministerie", "by"), ("het Matra-fonds", "from")]
    for name, phrasing in rows:
        funding = add_funding(project, make_funder(name, name_en=None))
        ProjectFunding.objects.filter(pk=funding.pk).update(phrasing=phrasing)
    html = html_of(client, project.get_absolute_url())
    assert (
        "Het project wordt gefinancierd door de EU en het ministerie en vanuit het Matra-fonds "
        "en heeft een looptijd van een jaar." in html
    )


def test_an_editor_can_write_the_sentence_for_a_project_in_both_languages(client):
    project = make_project(
        funding_text_nl="Met dank aan onze trouwe donateurs.",
        funding_text_en="With thanks to our loyal donors.",
    )
    add_funding(project, make_funder("de EU"))
    html = html_of(client, project.get_absolute_url())
    assert "Met dank aan onze trouwe donateurs." in html
    assert "gefinancierd door de EU" not in html
    with translation.override("en"):
        assert "With thanks to our loyal donors." in html_of(client, project.get_absolute_url())


def test_a_sentence_without_english_shows_the_dutch_marked_as_dutch(client):
    project = make_project(funding_text_nl="Met dank aan onze trouwe donateurs.")
    with translation.override("en"):
        html = html_of(client, project.get_absolute_url())
    assert '<span lang="nl">Met dank aan onze trouwe donateurs.</span>' in html


def test_the_seed_sentences_use_the_phrasing_of_the_published_page(seed, client):
    html = html_of(client, "/nl/")
    assert html.count("gefinancierd vanuit het Matra-fonds") == 2
    assert "gefinancierd door het Nederlandse ministerie van Buitenlandse Zaken" in html
    assert CallToAction.objects.count() == 0  # the seed page had none
