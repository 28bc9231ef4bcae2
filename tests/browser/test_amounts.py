"""A funding amount typed the Dutch way in Chromium with a Dutch locale is stored as the
number it says and shown again the Dutch way (a browser's number field once stored
25000,50 as 2,500,050)."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from projects.models import ProjectFunding
from tests.factories import add_funding, make_funder, make_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

expect = pytest.importorskip("playwright.sync_api").expect

PASSWORD = "browser-pass-123"


def test_a_dutch_amount_typed_in_a_dutch_browser_is_stored_and_shown_the_dutch_way(
    new_context, site
):
    User.objects.create_superuser("eindredactie", "eind@example.org", PASSWORD)
    funding = add_funding(make_project(title_nl="Rechtshulp in Moldavië"), make_funder())
    page = new_context(locale="nl-NL").new_page()
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", "eindredactie")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{site}/admin/")

    url = f"{site}/admin/projects/project/{funding.project_id}/change/"
    page.goto(url)
    amount = page.locator("#id_fundings-0-amount")
    amount.fill("25.000,50")
    page.click("input[name=_continue]")
    page.wait_for_load_state()
    expect(page.locator(".messagelist .success")).to_be_visible()

    assert ProjectFunding.objects.get(pk=funding.pk).amount == Decimal("25000.50")
    expect(page.locator("#id_fundings-0-amount")).to_have_value("25.000,50")

    # An amount that reads two ways is refused with its readings; nothing is stored.
    page.locator("#id_fundings-0-amount").fill("25000.50")
    page.click("input[name=_continue]")
    page.wait_for_load_state()
    expect(page.locator(".errorlist")).to_contain_text(
        "“25000.50” kan gelezen worden als 2.500.050 of 25.000,50."
    )
    assert ProjectFunding.objects.get(pk=funding.pk).amount == Decimal("25000.50")
