"""The overview of a large organisation and the result charts in Chromium (issue 27): axe
finds no violations in either language, and screenshots at a phone's and a wide screen's
width go to test-artifacts/screenshots/ for review. The seed has neither (a small
organisation, no results), so the audit through the sitemap does not reach them."""

from decimal import Decimal

import pytest

pytestmark = pytest.mark.browser

WIDTHS = (360, 1440)


@pytest.fixture
def busy_site(site):
    """The seed, 300 more projects in 150 places with results of 2019 and 2020, the
    overview showing those years, and a project with results against targets."""
    from projects.models import OverviewPage
    from tests.factories import make_many_projects, make_result
    from website.page_cache import bump_content_version

    projects = make_many_projects(300)
    OverviewPage.objects.update(results_years="2019, 2020")
    charted = projects[0]
    make_result(
        charted, year=2019, statement_nl="advocaten opgeleid in asielrecht", value=Decimal(18),
        target=Decimal(20), unit_nl="advocaten", unit_en="lawyers",
    )  # fmt: skip
    make_result(
        charted, year=2020, statement_nl="advocaten opgeleid in asielrecht", value=Decimal(26),
        target=Decimal(20), unit_nl="advocaten", unit_en="lawyers",
    )  # fmt: skip
    bump_content_version()  # bulk inserts send no signals
    return charted


def pages(project):
    from django.utils import translation

    found = {}
    for language in ("nl", "en"):
        with translation.override(language):
            found[language] = {
                "overview": f"/{language}/",
                "project": project.get_absolute_url(),
                "glance": "/nl/in-een-oogopslag/" if language == "nl" else "/en/at-a-glance/",
            }
    return found


def test_a_large_overview_and_the_charts_have_no_axe_violations(
    page, site, busy_site, axe_violations, screenshots_dir
):
    found = {}
    for language, paths in pages(busy_site).items():
        for name, path in paths.items():
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                response = page.goto(site + path)
                assert response.status == 200, path
                target = screenshots_dir / f"light-{name}-{language}-{width}.png"
                page.screenshot(path=str(target), full_page=True)
            assert page.locator("figure.chart svg[role=img]").count() >= 1, path
            violations = axe_violations(page)
            if violations:
                found[path] = violations
    assert found == {}


def test_the_large_overview_leads_into_the_list_without_javascript(new_context, site, busy_site):
    tab = new_context(java_script_enabled=False).new_page()
    tab.goto(site + "/nl/")
    assert tab.locator("section.country").count() == 8
    tab.get_by_role("link", name="Alle projecten, te filteren op plaats").click()
    assert tab.url.endswith("/nl/projecten/")
    assert tab.locator("h1").first.is_visible()
