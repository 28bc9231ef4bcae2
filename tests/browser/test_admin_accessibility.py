"""axe-core finds no accessibility violations (WCAG 2 A and AA) on the admin pages the
site adds or changes, for each role: the project list and form, a place's form, the
translators' desk and a project's history, logged in as editor, publisher and translator.

The same vendored axe-core as the public pages' audit (tests/browser/vendor/), run offline.
"""

import pytest
from django.contrib.auth.models import Group, User

from content import revisions
from content.recording import recording
from projects.models import Country, Project

# The live server's database: `site` (tests/browser/conftest.py) commits, like the public audit.
pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect

PASSWORD = "browser-pass-123"
ROLES = {"editor": "editors", "publisher": "publishers", "translator": "translators"}
# Only the WCAG 2 A and AA rules: axe's best practices are advice, not the standard.
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def admin_pages():
    project = Project.objects.get(slug_nl="versterking-asielsysteem-servie")
    place = Country.objects.get(slug_nl="turkije")
    with recording():
        project.title_nl += " (bijgewerkt)"
        project.save()
    version = revisions.history_of(project).last()
    return {
        "project list": "/admin/projects/project/",
        "project form": f"/admin/projects/project/{project.pk}/change/",
        "place form": f"/admin/projects/country/{place.pk}/change/",
        "translators' desk": "/admin/translations/",
        "history": f"/admin/projects/project/{project.pk}/history/",
        # A version of the project, with what restoring it would change.
        "version": f"/admin/projects/project/{project.pk}/history/{version.pk}/",
    }


def log_in(new_context, site, role):
    user = User.objects.create_user(role, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=ROLES[role]))
    page = new_context(viewport={"width": 1440, "height": 900}).new_page()
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", role)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{site}/admin/")
    return page


@pytest.mark.parametrize("role", list(ROLES))
def test_the_sites_admin_pages_have_no_wcag_violations(new_context, site, axe_violations, role):
    page = log_in(new_context, site, role)
    found = {}
    for name, path in admin_pages().items():
        response = page.goto(site + path)
        assert response.status == 200, (role, name)
        violations = axe_violations(page, tags=WCAG)
        if violations:
            found[name] = violations
    assert found == {}, "\n".join(
        f"{name}: {line}" for name, lines in found.items() for line in lines
    )


def test_the_language_tabs_are_a_tab_list_used_with_the_keyboard(new_context, site):
    page = log_in(new_context, site, "editor")
    place = Country.objects.get(slug_nl="turkije")
    page.goto(f"{site}/admin/projects/country/{place.pk}/change/")
    tabs = page.get_by_role("tablist", name="Naam", exact=True)
    expect(tabs).to_have_count(1)
    dutch, english = tabs.get_by_role("tab").nth(0), tabs.get_by_role("tab").nth(1)
    expect(dutch).to_have_attribute("aria-selected", "true")
    # One control per tab, named in full: the link inside is no longer one of its own.
    assert tabs.locator("a[href]").count() == 0
    expect(english).to_have_accessible_name("en (Engels)")
    dutch.focus()
    page.keyboard.press("ArrowRight")
    expect(english).to_have_attribute("aria-selected", "true")
    expect(english).to_be_focused()
    expect(page.locator("#id_name_en")).to_be_visible()  # the panel follows the tab
    dutch.click()  # and the mouse still works
    expect(page.locator("#id_name_nl")).to_be_visible()
    expect(page.locator("#id_name_en")).to_be_hidden()
    english.click()
    expect(page.locator("#id_name_en")).to_be_visible()
    english.focus()
    page.keyboard.press("Tab")
    expect(page.locator("#id_name_en")).to_be_focused()
    page.keyboard.press("End")  # tabbing into a box selects its text
    page.keyboard.type(" (country)")
    page.keyboard.press("Enter")  # submits the form, as a browser does from a text box
    expect(page.locator(".messagelist .success")).to_be_visible()
    place.refresh_from_db()
    assert place.name_en.endswith(" (country)")


def test_the_sites_own_inputs_are_labelled_in_the_admins_language(
    new_context, site, screenshots_dir
):
    page = log_in(new_context, site, "editor")
    project = Project.objects.get(slug_nl="versterking-asielsysteem-servie")
    page.goto(f"{site}/admin/projects/project/")
    expect(page.get_by_label(f"Volgorde: {project.title_nl}")).to_have_count(1)
    page.goto(f"{site}/admin/projects/project/{project.pk}/change/")
    page.screenshot(path=str(screenshots_dir / "admin-project-form-nl-1440.png"), full_page=True)
    expect(page.get_by_role("combobox", name="Taal van alle velden")).to_have_count(1)
    page.click("summary:has-text('Publicatie')")
    expect(page.get_by_label("Datum").first).to_be_visible()
    editor = page.locator(".prose-editor [contenteditable]").first
    assert editor.get_attribute("aria-labelledby")
    expect(page.get_by_role("textbox", name="Samenvatting")).to_have_count(1)
