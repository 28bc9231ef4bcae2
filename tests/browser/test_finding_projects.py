"""Finding projects in a real browser, at a phone's and a desktop's width, with
JavaScript off: the search box finds a project by another form of a word in both
languages; the list's filters combine and its pages follow, announced to screen readers."""

import pytest

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect

WIDTHS = [360, 1440]


@pytest.fixture
def no_script_page(new_context, site):
    def make(width):
        context = new_context(java_script_enabled=False, viewport={"width": width, "height": 900})
        return context.new_page()

    return make


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    ("language", "word", "title"),
    [
        ("nl", "vluchteling", "Bescherming van vluchtelingen in Kenia"),
        ("en", "refugee", "Protecting refugees in Kenya"),
    ],
)
def test_the_search_box_finds_a_project_by_another_form_of_a_word(
    no_script_page, site, screenshots_dir, axe_violations, width, language, word, title
):
    page = no_script_page(width)
    page.goto(f"{site}/{language}/")
    box = page.get_by_role("search").first.get_by_role("searchbox")
    box.fill(word)
    box.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator(".search-summary")).to_be_visible()
    result = page.get_by_role("link", name=title)
    expect(result).to_be_visible()
    expect(result.locator("mark").first).to_be_visible()
    page.screenshot(path=screenshots_dir / f"search-{language}-{width}.png", full_page=True)
    result.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


@pytest.mark.parametrize("width", WIDTHS)
def test_filters_combine_and_paginate_without_javascript(
    no_script_page, site, screenshots_dir, width
):
    from tests.factories import add_funding, make_country, make_funder, make_project

    place = make_country(name_nl="Griekenland", name_en="Greece", slug_nl="griekenland")
    funder = make_funder("het Egeïsch fonds", slug="egeisch-fonds")
    for number in range(24):
        project = make_project(countries=[place], title_nl=f"Opvang op Lesbos {number:02d}")
        if number % 2:
            add_funding(project, funder)
    page = no_script_page(width)
    page.goto(site + "/nl/projecten/")
    page.get_by_label("Land of gebied", exact=True).select_option(label="Griekenland (24)")
    page.get_by_role("button", name="Projecten tonen").click()
    expect(page.locator("#results-heading")).to_have_text("24 projecten · pagina 1 van 2")
    page.get_by_label("Financier", exact=True).select_option(label="het Egeïsch fonds (12)")
    page.get_by_role("button", name="Projecten tonen").click()
    expect(page.locator("#results-heading")).to_have_text("12 projecten")
    assert "place=griekenland" in page.url and "funder=egeisch-fonds" in page.url
    expect(page).to_have_title(
        "Projecten: Griekenland, het Egeïsch fonds (12 projecten) · VluchtelingenWerk Nederland"
    )
    # Remove one filter, then page on.
    page.get_by_role("link", name="Filter Financier weghalen: het Egeïsch fonds").click()
    expect(page.locator("#results-heading")).to_have_text("24 projecten · pagina 1 van 2")
    page.get_by_role("navigation", name="Pagina's met resultaten").get_by_role(
        "link", name="Volgende pagina"
    ).click()
    expect(page.locator("#results-heading")).to_have_text("24 projecten · pagina 2 van 2")
    expect(page.locator(".project-list__item")).to_have_count(4)
    page.screenshot(path=screenshots_dir / f"projects-list-nl-{width}.png", full_page=True)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_search_and_filtered_lists_have_no_axe_violations(page, site, axe_violations, language):
    paths = {
        "nl": [
            "/nl/zoeken/?q=vluchtelingen",
            "/nl/zoeken/?q=onbekend",
            "/nl/projecten/?region=westelijke-balkan&page=1",
        ],
        "en": ["/en/search/?q=refugees", "/en/projects/?place=kenya&status=current"],
    }[language]
    found = {}
    for path in paths:
        response = page.goto(site + path)
        assert response.status == 200, path
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    assert found == {}
