"""The admin works under the Content-Security-Policy, in a real browser."""

import pytest
from django.conf import settings as django_settings
from django.test import Client

from projects.models import Video
from tests.factories import add_funding, make_country, make_funder, make_project, make_result

# The session's Chromium (tests/browser/conftest.py) skips with a reason when absent.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH_CSP = (
    "window.__csp = [];"
    "document.addEventListener('securitypolicyviolation',"
    " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
)


def visit(chromium, url, session_cookie=None, wait_for=None, evaluate=None):
    """Open ``url`` in a fresh context of the session's headless Chromium (the CSP is
    enforced: no bypass); return what the page reported.

    Playwright runs an event loop, so all database work happens before this is called.
    """
    problems, result = [], {}
    context = chromium.new_context()
    try:
        if session_cookie:
            origin = "/".join(url.split("/")[:3])
            context.add_cookies([{**session_cookie, "url": origin + "/"}])
        page = context.new_page()
        page.on(
            "console",
            lambda m: (
                problems.append(m.text)
                if m.type == "error" or "Content Security Policy" in m.text
                else None
            ),
        )
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.add_init_script(WATCH_CSP)
        response = page.goto(url, wait_until="networkidle")
        result["status"] = response.status
        result["csp"] = response.headers.get("content-security-policy", "")
        for name, selector in (wait_for or {}).items():
            page.wait_for_selector(selector, state="attached", timeout=10_000)
            result[name] = page.locator(selector).count()
        for name, script in (evaluate or {}).items():
            result[name] = page.evaluate(script)
        result["violations"] = page.evaluate("window.__csp")
    finally:
        context.close()
    result["problems"] = problems
    return result


@pytest.fixture
def session_cookie(live_server, settings, django_user_model):
    # The live server speaks http; cookies marked Secure would not be sent back.
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    user = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    return {"name": cookie.key, "value": cookie.value}


def test_project_change_form_works_under_the_csp(chromium, live_server, session_cookie):
    project = make_project(countries=[make_country("KE")], title_nl="Kenia-project")
    Video.objects.create(project=project, url="https://youtu.be/abcdefghijk", title_nl="Film")

    result = visit(
        chromium,
        f"{live_server.url}/admin/projects/project/{project.pk}/change/",
        session_cookie,
        # The rich text editor mounted (its importmap needs the nonce) and the
        # Dutch/English tabs of django-modeltranslation were built.
        wait_for={"editors": ".prose-editor .ProseMirror", "tabs": ".ui-tabs-nav"},
    )

    assert result["status"] == 200
    assert "script-src 'self' 'nonce-" in result["csp"]
    assert result["violations"] == []
    assert result["problems"] == []
    assert result["editors"] >= 2 and result["tabs"] >= 1


def test_public_page_loads_without_csp_errors(chromium, live_server):
    make_project(countries=[make_country("KE")], title_nl="Kenia-project")

    result = visit(chromium, f"{live_server.url}/nl/")

    assert result["status"] == 200
    assert "'unsafe-inline'" not in result["csp"].split("script-src")[1].split(";")[0]
    assert result["violations"] == []
    assert result["problems"] == []


def test_the_editors_toolbar_speaks_dutch_and_the_project_form_fits_the_screen(
    chromium, live_server, session_cookie
):
    project = make_project(countries=[make_country("KE")], title_nl="Kenia-project")
    add_funding(project, make_funder(), amount="25000")
    make_result(project, statement_nl="kregen rechtshulp", value=450, unit_nl="asielzoekers")
    result = visit(
        chromium,
        f"{live_server.url}/admin/projects/project/{project.pk}/change/",
        session_cookie,
        wait_for={"editors": ".prose-editor .ProseMirror"},
        evaluate={
            "titles": "Array.from(document.querySelectorAll('.prose-menubar [title]'))"
            ".map(button => button.title)",
            "overflow": "document.documentElement.scrollWidth - window.innerWidth",
            "options": "Array.from(document.querySelectorAll('.prose-menubar__option'))"
            ".map(option => option.textContent)",
            "arrow": "getComputedStyle(document.querySelector('.prose-menubar__selected'),"
            " '::after').content",
        },
    )
    # The block-style menu's choices, and its arrow in a character every font has.
    assert set(result["options"]) == {"Kop 3", "Kop 4", "Alinea"}
    assert result["arrow"] == '"▾"'
    assert {"vet", "cursief", "link invoegen", "genummerde lijst"} <= set(result["titles"])
    assert not {"bold", "italic", "insert link"} & set(result["titles"])
    assert result["overflow"] <= 0
    assert result["problems"] == []


def test_the_country_code_picker_keeps_its_label_first(chromium, live_server, session_cookie):
    result = visit(
        chromium,
        f"{live_server.url}/admin/projects/country/add/",
        session_cookie,
        wait_for={"picker": ".field-codes .selector"},
        evaluate={
            "label_left": "document.querySelector('.field-codes label[for=id_codes]')"
            ".getBoundingClientRect().left",
            "picker_left": "document.querySelector('.field-codes .selector')"
            ".getBoundingClientRect().left",
            "help": "document.querySelector('.field-codes .selector-available-title .helptext')"
            ".textContent",
        },
    )
    assert result["label_left"] < result["picker_left"]
    assert result["help"].startswith("Kies landcodes")
    assert result["problems"] == []
