"""What the organisation published later, in a real browser: the overview with results, a
call to action and a programme, a territory's page and the completed projects, without
accessibility violations, in both languages, at phone and desktop width."""

import pytest

from tests.factories import make_later_content

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect

PAGES = {
    "nl": {
        "overview": "/nl/",
        "territory": "/nl/landen/caribisch-deel-van-het-koninkrijk/",
        "completed": "/nl/afgeronde-projecten/",
        "programme": "/nl/projecten/programma-balkan-caribisch/",
        "kosovo": "/nl/landen/kosovo/",
    },
    "en": {
        "overview": "/en/",
        "territory": "/en/countries/caribbean-part-of-the-kingdom/",
        "completed": "/en/completed-projects/",
        "programme": "/en/projects/balkans-caribbean-programme/",
        "kosovo": "/en/countries/kosovo/",
    },
}
SCREENSHOTS = ("overview", "territory", "completed")


@pytest.fixture
def later(site):
    return make_later_content()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_later_content_has_no_axe_violations(page, site, later, axe_violations, language):
    found = {}
    for name, path in PAGES[language].items():
        response = page.goto(site + path)
        assert response.status == 200, path
        violations = axe_violations(page)
        if violations:
            found[name] = violations
    assert found == {}
    assert page.refused == []


@pytest.mark.parametrize("language", ["nl", "en"])
def test_screenshots_of_the_later_content_at_phone_and_desktop_width(
    page, site, later, screenshots_dir, language
):
    """For reviewers in test-artifacts/screenshots/; no page scrolls sideways."""
    for name in SCREENSHOTS:
        path = PAGES[language][name]
        for width in (360, 1440):
            page.set_viewport_size({"width": width, "height": 800})
            page.goto(site + path)
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            # A full-page screenshot does not scroll: load the lazy photos first.
            page.evaluate(
                "document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')"
            )
            page.wait_for_load_state("networkidle")
            target = screenshots_dir / f"later-{name}-{language}-{width}.png"
            page.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 0
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"


def test_the_call_to_action_is_a_button_that_leads_to_the_appeal(page, site, later):
    page.goto(site + "/nl/")
    button = page.get_by_role("link", name="Help en doneer direct").first
    expect(button).to_be_visible()
    box = button.bounding_box()
    assert box["height"] >= 40  # a real button, easy to hit, not a line of text
    assert button.get_attribute("href").startswith("https://www.vluchtelingenwerk.nl/")


def test_the_map_shows_the_territorys_islands_in_an_inset(page, site, later):
    page.goto(site + "/nl/")
    link = page.locator("svg a.project-map__country").filter(
        has=page.locator("title", has_text="Caribisch deel van het Koninkrijk")
    )
    expect(link).to_have_count(1)
    svg = page.locator("svg.project-map__svg").bounding_box()
    dots = link.locator("circle")
    assert dots.count() >= 6  # Aruba, Curaçao, Sint Maarten, Bonaire, Saba, Sint Eustatius
    for index in range(dots.count()):
        dot = dots.nth(index).bounding_box()
        assert svg["x"] <= dot["x"] and dot["x"] + dot["width"] <= svg["x"] + svg["width"]
        assert svg["y"] <= dot["y"] and dot["y"] + dot["height"] <= svg["y"] + svg["height"]
    link.click()
    expect(page).to_have_url(site + "/nl/#caribisch-deel-van-het-koninkrijk")


def test_a_long_video_title_is_shown_whole_at_phone_width(page, site):
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(site + "/nl/projecten/bescherming-vluchtelingen-kenia/")
    frame = page.locator(".video__frame").first.bounding_box()
    title = page.locator(".video__title").first.bounding_box()
    play = page.locator(".video__play").first.bounding_box()
    assert title["y"] >= frame["y"]
    assert play["y"] + play["height"] <= frame["y"] + frame["height"]
