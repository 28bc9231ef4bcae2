"""A Europe-wide initiative in a real browser: an editor enters the region without picking
a single country, and the overview map and the region's page show one area, paint no
country without work and stretch no inset; screenshots at 360 and 1440 px."""

import pytest
from django.contrib.auth.models import Group, User

from projects.models import Country
from tests.factories import make_later_content, make_project

# The live server's database: `site` (tests/browser/conftest.py) commits, like the public audit.
pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect

PASSWORD = "browser-pass-123"


def log_in_as_editor(new_context, site):
    user = User.objects.create_user("redactie", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="editors"))
    page = new_context(locale="nl-NL").new_page()
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", "redactie")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{site}/admin/")
    return page


def test_an_editor_enters_a_europe_wide_initiative_without_picking_countries(
    new_context, site, screenshots_dir
):
    make_later_content()  # the Caribbean territory, whose inset is on the same map
    admin = log_in_as_editor(new_context, site)
    admin.goto(f"{site}/admin/projects/country/add/")
    admin.fill("#id_name_nl", "Europa")
    admin.fill("#id_name_with_article_nl", "Europa")
    admin.fill("#id_slug_nl", "europa")
    admin.select_option("#id_kind", "region")
    admin.select_option("#id_iati_region", "89")
    admin.click("input[name=_save]")
    expect(admin.locator(".messagelist .success")).to_be_visible()
    europe = Country.objects.get(slug_nl="europa")
    assert europe.code_list == [] and europe.iati_region == "89"
    make_project(
        [europe],
        title_nl="Europees netwerk voor rechtshulp",
        title_en="European legal aid network",
        body_nl="<p>Advocaten in heel Europa wisselen kennis uit.</p>",
    )
    # Busy enough to be among the places the overview shows (those with the most work).
    for number in range(4):
        make_project([europe], title_nl=f"Europese training {number + 1}")

    page = new_context(locale="nl-NL").new_page()
    for name, path in (("overview", "/nl/"), ("place", "/nl/landen/europa/")):
        page.goto(site + path)
        svg = page.locator("svg.project-map__svg").first
        area = svg.locator("a.project-map__country", has=page.locator("circle.project-map__area"))
        expect(area).to_have_count(1)
        expect(area.locator("text")).to_have_text("Europa")
        # The Netherlands and the other countries of Europe are land, not places with work.
        expect(area.locator("path")).to_have_count(0)
        assert page.locator('svg[preserveAspectRatio="none"]').count() == 0
        for width in (360, 1440):
            page.set_viewport_size({"width": width, "height": 900})
            box = svg.bounding_box()
            assert box["width"] <= width
            circle = area.locator("circle.project-map__area").bounding_box()
            assert circle["width"] == pytest.approx(circle["height"], rel=0.02)  # not stretched
            page.screenshot(
                path=str(screenshots_dir / f"europe-wide-{name}-nl-{width}.png"), full_page=True
            )
            assert page.evaluate("document.documentElement.scrollWidth") <= width
    expect(page.locator(".country-page__parts")).to_have_text(
        "Werk in Europa als geheel, niet in afzonderlijke landen."
    )
