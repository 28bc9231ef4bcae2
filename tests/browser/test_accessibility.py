"""axe-core finds no accessibility violations on any public page, in either language.

axe-core is vendored in tests/browser/vendor/ (MPL-2.0, see its licence there) so the
check runs offline.
"""

import pytest

pytestmark = pytest.mark.browser

NOT_FOUND = {"nl": "/nl/projecten/bestaat-niet/", "en": "/en/projects/does-not-exist/"}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_public_page_has_no_axe_violations(
    page, site, public_paths, axe_violations, language
):
    paths = [path for path in public_paths if path.startswith(f"/{language}/")]
    # overview, 5 countries, 5 projects, 7 partners, the projects list, 3 funders, a theme,
    # the open-data page and the work at a glance: every page the sitemap lists
    assert len(paths) == 25
    found = {}
    for path in [*paths, NOT_FOUND[language]]:
        response = page.goto(site + path)
        assert response.status == (404 if path == NOT_FOUND[language] else 200), path
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    assert found == {}


def test_an_overview_listing_a_busy_countrys_projects_has_no_axe_violations(
    page, site, axe_violations
):
    """The compact listing does not occur in the seed content: a country gets more
    projects than the overview shows in full."""
    from projects.models import Country
    from projects.public import OVERVIEW_FULL_PROJECTS
    from tests.factories import make_project

    turkey = Country.objects.get(slug_nl="turkije")
    for number in range(OVERVIEW_FULL_PROJECTS):
        make_project(countries=[turkey], summary_nl=f"Samenvatting {number}.")
    for language in ("nl", "en"):
        page.goto(f"{site}/{language}/")
        assert page.locator(".project-list__item").count() == OVERVIEW_FULL_PROJECTS + 1
        assert axe_violations(page) == []


def test_axe_reports_a_page_with_a_problem(page, site, axe_violations):
    """The check above can fail: a form field without a label is reported."""
    page.goto(site + "/nl/")
    page.evaluate("document.querySelector('main').append(document.createElement('input'))")
    assert any(line.startswith("label ") for line in axe_violations(page))
