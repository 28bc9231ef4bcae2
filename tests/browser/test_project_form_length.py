"""The project form as an editor sees it at 1440 px: a project with three workshops fits in
at most four screens with its rows folded, every folded row says in one line what it
holds, and a row opens with one click. Screenshots in test-artifacts/screenshots/."""

import datetime
import math

import pytest
from django.contrib.auth.models import Group, User

from projects.open_data import check_project
from tests.factories import (
    add_funding,
    add_partner,
    make_full_project,
    make_funder,
    make_partner,
    make_result,
    make_workshop,
)

# The live server's database: `site` (tests/browser/conftest.py) commits, like the public audit.
pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect

PASSWORD = "browser-pass-123"
SCREEN = {"width": 1440, "height": 900}
MOST_SCREENS = 4


def three_workshop_project():
    # Complete for the open data too: nothing there for the editor to fix, so it is folded.
    project = make_full_project(
        title_nl="Versterking van het asielsysteem",
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2025, 12, 31),
    )
    add_partner(project, make_partner("CEDEM", plain=True))
    add_funding(project, make_funder("het Matra-fonds", plain=True), amount="25000.50")
    make_workshop(project, title_nl="Asielprocedures", location_nl="Belgrado")
    make_workshop(project, title_nl="Rechtshulp", location_nl="Novi Sad")
    for year in (2018, 2019):
        make_result(project, year=year, value=450, unit_nl="asielzoekers")
    assert check_project(project) == []
    return project


def log_in(new_context, site):
    user = User.objects.create_user("redactie", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="editors"))
    page = new_context(viewport=SCREEN).new_page()
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", "redactie")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{site}/admin/")
    return page


def screens(page):
    return page.evaluate("document.documentElement.scrollHeight") / SCREEN["height"]


def test_a_project_with_three_workshops_fits_in_four_screens(new_context, site, screenshots_dir):
    project = three_workshop_project()
    page = log_in(new_context, site)
    page.goto(f"{site}/admin/projects/project/{project.pk}/change/")
    page.wait_for_selector(".ui-tabs-nav")
    measured = screens(page)
    page.screenshot(path=str(screenshots_dir / "admin-project-form-after-1440.png"), full_page=True)
    print(f"project form with three workshops: {measured:.2f} screens of 1440×900")
    assert math.ceil(measured) <= MOST_SCREENS, f"{measured:.2f} screens"


def test_a_folded_row_says_what_it_holds_and_opens_with_one_click(new_context, site):
    project = three_workshop_project()
    page = log_in(new_context, site)
    page.goto(f"{site}/admin/projects/project/{project.pk}/change/")
    row = page.locator(".inline-related", has_text="Workshop: Asielprocedures")
    title = row.locator("input[name$='-title_nl']")
    expect(title).to_be_hidden()
    row.locator("summary").click()
    expect(title).to_be_visible()
    expect(title).to_have_value("Asielprocedures")
    # A new row is there to be filled in: it opens by itself.
    page.locator("#workshops-group .add-row a").click()
    new_row = page.locator("#workshops-group .inline-related.last-related.dynamic-workshops")
    expect(new_row.locator("input[name$='-title_nl']").last).to_be_visible()
