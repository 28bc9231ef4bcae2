"""A visitor's way through the site in a real browser (headless Chromium)."""

import re

import pytest

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect

MONTENEGRO_NL = "/nl/projecten/bescherming-vluchtelingen-montenegro/"
MONTENEGRO_EN = "/en/projects/refugee-protection-montenegro/"
TURKEY_NL = "/nl/projecten/rechtshulp-asielzoekers-turkije/"
KENYA_NL = "/nl/projecten/bescherming-vluchtelingen-kenia/"


def country_section(page, name):
    """The <details> of a country on the overview, found by its <summary> text."""
    return page.locator("details").filter(has=page.locator(":scope > summary", has_text=name))


def test_overview_opens_a_country_follows_a_project_and_switches_to_english(page, site):
    page.goto(site + "/nl/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1)).to_have_text("Onze projecten buiten Nederland")

    montenegro = country_section(page, "Montenegro")
    summary = montenegro.locator(":scope > summary")
    if montenegro.get_attribute("open") is not None:  # start from a closed section
        summary.click()
    expect(montenegro).not_to_have_attribute("open", "")
    summary.click()
    expect(montenegro).to_have_attribute("open", "")
    expect(montenegro.get_by_role("heading", name="De situatie in Montenegro")).to_be_visible()

    montenegro.locator(f'a[href="{MONTENEGRO_NL}"]').first.click()
    expect(page).to_have_url(site + MONTENEGRO_NL)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Betere bescherming van vluchtelingen in Montenegro"
    )

    page.locator('a[hreflang="en"]').first.click()
    expect(page).to_have_url(site + MONTENEGRO_EN)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Better protection for refugees in Montenegro"
    )
    assert page.refused == []


def test_country_section_opens_and_closes_with_javascript_turned_off(new_context, site):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(site + "/nl/")
    serbia = country_section(page, "Servië")
    summary = serbia.locator(":scope > summary")
    if serbia.get_attribute("open") is not None:
        summary.click()
    expect(serbia).not_to_have_attribute("open", "")
    summary.click()
    expect(serbia).to_have_attribute("open", "")
    expect(serbia.get_by_role("heading", name="De situatie in Servië")).to_be_visible()
    summary.click()
    expect(serbia).not_to_have_attribute("open", "")


def test_report_download_link_serves_the_pdf(page, site):
    page.goto(site + TURKEY_NL)
    report = page.locator('a[href$=".pdf"]').first
    expect(report).to_be_visible()
    expect(report).to_contain_text(re.compile("pdf", re.IGNORECASE))
    response = page.request.get(site + report.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")


def test_video_placeholder_loads_nothing_from_the_provider_until_played(page, site):
    page.goto(site + KENYA_NL)
    video = page.locator(".video").first
    play = video.locator("button.video__play")
    expect(play).to_be_visible(timeout=2_000)
    expect(video.locator("iframe")).to_have_count(0)
    assert page.refused == [], "nothing may load from the video provider before a click"

    play.click()
    frame = video.locator("iframe")
    expect(frame).to_have_count(1)
    assert frame.get_attribute("src").startswith("https://www.youtube-nocookie.com/embed/")
    expect(page.get_by_role("link", name=re.compile("YouTube")).first).to_be_visible()


def test_map_links_to_a_country(page, site):
    page.goto(site + "/nl/")
    # Any <a> inside the inline SVG map that leads to Kenya's section or page.
    kenya = page.locator('svg a[href$="#kenia"], svg a[href$="/landen/kenia/"]').first
    expect(kenya).to_be_attached(timeout=2_000)
    href = kenya.get_attribute("href")
    kenya.click()
    if "#" in href:  # the country's section on the overview
        expect(page).to_have_url(site + "/nl/" + href[href.index("#") :])
        expect(page.locator(href[href.index("#") :])).to_contain_text("Kenia")
    else:  # the country's own page
        expect(page).to_have_url(site + "/nl/landen/kenia/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Kenia")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_screenshots_of_overview_and_project_at_phone_and_desktop_width(
    page, site, screenshots_dir, language
):
    """Full-page screenshots for reviewers in test-artifacts/screenshots/; the page never
    needs sideways scrolling."""
    project = MONTENEGRO_NL if language == "nl" else MONTENEGRO_EN
    for name, path in (("overview", f"/{language}/"), ("project", project)):
        for width in (360, 1440):
            page.set_viewport_size({"width": width, "height": 800})
            page.goto(site + path)
            target = screenshots_dir / f"{name}-{language}-{width}.png"
            page.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 0
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
