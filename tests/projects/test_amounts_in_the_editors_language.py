"""Funding amounts and result figures are written the way of the admin's language: Dutch
(``250.000``, ``25.000,50``) in the Dutch admin, English for a member of staff whose admin
is English; what could be read two ways is refused with its readings, never stored as a
number a hundred times too large."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from content.admin import LocalizedDecimalField
from projects.models import ProjectFunding, Result
from tests.admin_forms import change_form_data
from tests.factories import (
    add_funding,
    admin_url,
    make_funder,
    make_project,
    make_result,
    make_user,
)
from translations.language import choose_language

pytestmark = pytest.mark.django_db


@pytest.fixture
def funding():
    project = make_project()
    return add_funding(project, make_funder(), amount="1000")


def save_amount(client, funding, typed, **other):
    url = admin_url(funding.project)
    data = change_form_data(client.get(url))
    data["fundings-0-amount"] = typed
    for field, value in other.items():
        data[f"fundings-0-{field}"] = value
    return client.post(url, data)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("25.000,50", Decimal("25000.50")),
        ("250.000", Decimal("250000")),
        ("25000,50", Decimal("25000.50")),
        ("1.500,5", Decimal("1500.50")),
    ],
)
def test_a_dutch_amount_is_stored_as_the_number_it_says(superuser_client, funding, typed, stored):
    response = save_amount(superuser_client, funding, typed)
    assert response.status_code == 302
    funding.refresh_from_db()
    assert funding.amount == stored


def test_the_dutch_admin_shows_the_amount_the_dutch_way_in_a_text_field(superuser_client, funding):
    ProjectFunding.objects.filter(pk=funding.pk).update(amount=Decimal("25000.50"))
    other = add_funding(funding.project, make_funder(), amount="250000")
    html = superuser_client.get(admin_url(funding.project)).content.decode()
    amounts = re.findall(r'<input type="(\w+)" name="fundings-\d-amount" value="([^"]*)"', html)
    # Not a browser's number field, which reads what is typed by the browser's locale.
    assert amounts == [("text", "25.000,50"), ("text", "250.000")]
    assert other.amount == Decimal("250000")


@pytest.mark.parametrize(
    ("typed", "readings"),
    [
        # Twenty-five, or twenty-five thousand written the English way.
        ("25,000", "“25,000” kan gelezen worden als 25 of 25.000."),
        # Not a Dutch grouping: a lenient reader stored 2.500.050.
        ("25000.50", "“25000.50” kan gelezen worden als 2.500.050 of 25.000,50."),
        # The separators in the English order.
        ("1,500.50", "“1,500.50” kan gelezen worden als 1.500,50."),
    ],
)
def test_an_amount_that_reads_two_ways_is_refused_with_its_readings(
    superuser_client, funding, typed, readings
):
    response = save_amount(superuser_client, funding, typed)
    assert response.status_code == 200
    html = response.content.decode()
    assert readings in html
    assert "Schrijf het getal met “.” tussen de duizendtallen en “,” voor de decimalen" in html
    funding.refresh_from_db()
    assert funding.amount == Decimal("1000")


def test_a_refused_amount_is_not_also_called_missing(superuser_client, funding):
    response = save_amount(superuser_client, funding, "25000.50", show_amount="on")
    assert response.status_code == 200
    formset_errors = [
        form.errors
        for inline in response.context["inline_admin_formsets"]
        for form in inline.formset.forms
        if form.errors
    ]
    assert len(formset_errors) == 1
    assert list(formset_errors[0]) == ["amount"]


def test_text_that_is_no_number_says_how_to_write_one(superuser_client, funding):
    response = save_amount(superuser_client, funding, "€ 25.000")
    assert response.status_code == 200
    assert (
        "Vul een getal in met “.” tussen de duizendtallen en “,” voor de decimalen, zoals "
        "25.000,50." in response.content.decode()
    )


def test_an_english_admin_reads_and_shows_amounts_the_english_way(client, funding):
    """A member of staff who chose English (on the translators' desk) edits in English."""
    user = make_user(is_superuser=True)
    choose_language(user, "en")
    client.force_login(user)
    html = client.get(admin_url(funding.project)).content.decode()
    assert 'value="1,000"' in html

    assert save_amount(client, funding, "25,000.50").status_code == 302
    funding.refresh_from_db()
    assert funding.amount == Decimal("25000.50")

    response = save_amount(client, funding, "25.000")
    assert "“25.000” can be read as 25 or 25,000." in response.content.decode()
    funding.refresh_from_db()
    assert funding.amount == Decimal("25000.50")


def test_a_result_s_figures_are_written_the_dutch_way(superuser_client):
    result = make_result(year=2024, value=Decimal("1250"), unit="mensen", target=None)
    url = admin_url(result)
    response = superuser_client.get(url)
    assert 'value="1.250"' in response.content.decode()
    data = change_form_data(response)
    data["value"] = "1.500"
    data["target"] = "2.000,5"
    assert superuser_client.post(url, data).status_code == 302
    result.refresh_from_db()
    assert (result.value, result.target) == (Decimal("1500"), Decimal("2000.5"))

    data["target"] = "2,000"
    response = superuser_client.post(url, data)
    assert "“2,000” kan gelezen worden als 2 of 2.000." in response.content.decode()
    assert Result.objects.get(pk=result.pk).target == Decimal("2000.5")


@pytest.mark.parametrize(
    ("language", "typed", "number"),
    [
        ("nl", "1.234.567,89", Decimal("1234567.89")),
        ("nl", "0,125", Decimal("0.125")),  # a nought before the comma: no thousands
        ("en", "1,234,567.89", Decimal("1234567.89")),
        ("en", "12.5", Decimal("12.5")),
    ],
)
def test_the_field_reads_each_language_s_own_way(language, typed, number):
    field = LocalizedDecimalField(max_digits=12, decimal_places=3, required=False)
    with translation.override(language):
        assert field.to_python(typed) == number


def test_the_results_list_shows_figures_as_typed(superuser_client):
    """Not "12,00" for a count of twelve."""
    make_result(year=2024, statement_nl="partners", value=Decimal("12"), target=Decimal("1250"))
    make_result(year=2023, statement_nl="procent", value=Decimal("12.5"), unit="%")
    response = superuser_client.get(reverse("admin:projects_result_changelist"))
    html = response.content.decode()
    cells = re.findall(r'<td class="field-(value_shown|target_shown)">([^<]*)</td>', html)
    assert cells == [
        ("value_shown", "12"),
        ("target_shown", "1.250"),
        ("value_shown", "12,5"),
        ("target_shown", "-"),
    ]
