"""A translator's day in a real browser: the desk in English, a rich text translated per
segment next to its Dutch, an import with a conflict settled on its report page."""

import pytest
from django.conf import settings as django_settings
from django.test import Client

from projects.models import Project
from tests.browser.conftest import AXE
from tests.factories import make_translated_project, make_translator
from tests.translations.exchange_files import export, translate
from translations.exchange import PO

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY_NL = "<p>Wij werken met <strong>lokale partners</strong>.</p><p>Tweede alinea.</p>"
BODY_EN = "<p>We work with <strong>local partners</strong>.</p><p>Second paragraph.</p>"


@pytest.fixture
def translator_page(chromium, live_server, settings):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    client = Client()
    client.force_login(make_translator())
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    # axe-core is injected by the test, not the page: the page's CSP would refuse it.
    context = chromium.new_context(viewport={"width": 1440, "height": 900}, bypass_csp=True)
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url + "/"}])
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
    yield page
    context.close()


def test_a_translator_translates_a_changed_paragraph_beside_its_dutch(
    translator_page, live_server, screenshots_dir
):
    project = make_translated_project(body_nl=BODY_NL, body_en=BODY_EN, title_nl="Kenia")
    project.body_nl = BODY_NL.replace("Tweede alinea.", "Tweede korte alinea.")
    project.save()
    page = translator_page
    page.goto(f"{live_server.url}/admin/projects/project/{project.pk}/change/")
    assert page.locator("html").get_attribute("lang") == "en"
    rows = page.locator(".translation-segments__table > tbody > tr")
    assert rows.count() == 2
    assert rows.nth(1).locator(".translation-badge--outdated").is_visible()
    assert rows.nth(1).locator(".translation-changes ins").inner_text().strip() == "korte"
    for width in (1440, 360):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(
            path=str(screenshots_dir / f"translator-segments-{width}.png"), full_page=True
        )
    assert axe_violations_in(page, ".translation-segments") == []
    rows.nth(1).locator("textarea").fill("Second, new paragraph.")
    page.locator("input[name=_save]").first.click()
    page.wait_for_url("**/admin/projects/project/")
    assert page.problems == []
    project.refresh_from_db()
    assert project.body_en == (
        "<p>We work with <strong>local partners</strong>.</p><p>Second, new paragraph.</p>"
    )


def axe_violations_in(page, selector):
    """axe-core's violations inside ``selector`` only (the admin around it is Django's)."""
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("async (selector) => (await axe.run(selector)).violations", selector)
    return [f"{v['id']}: {v['help']} → {v['nodes'][0]['target']}" for v in violations]


def test_a_conflict_is_settled_on_the_report_page(
    translator_page, live_server, screenshots_dir, tmp_path
):
    project = make_translated_project(summary_nl="Een samenvatting.", summary_en="A summary.")
    Project.objects.filter(pk=project.pk).update(summary_nl="Een nieuwe samenvatting.")
    data = export(PO)
    Project.objects.filter(pk=project.pk).update(summary_en="A summary, improved in the site.")
    path = tmp_path / "en.po"
    path.write_bytes(
        translate(data, PO, {f"projects.project.{project.pk}.summary": "A new summary."})
    )
    page = translator_page
    page.goto(f"{live_server.url}/admin/translations/import/")
    page.set_input_files("input[type=file]", str(path))
    page.get_by_role("button", name="Import", exact=True).click()
    page.wait_for_url("**/admin/translations/imports/*/")
    conflicts = page.locator(".translation-conflicts tbody tr")
    assert conflicts.count() == 1
    for width in (1440, 360):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(
            path=str(screenshots_dir / f"translator-report-{width}.png"), full_page=True
        )
    conflicts.first.locator("input[value=file]").check()
    page.get_by_role("button", name="Settle the chosen conflicts").click()
    page.wait_for_load_state()
    assert "1 conflict settled." in page.content()
    project.refresh_from_db()
    assert project.summary_en == "A new summary."
