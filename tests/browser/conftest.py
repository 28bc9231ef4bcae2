"""Headless Chromium (Debian's, at /usr/bin/chromium) driven by Playwright against
pytest-django's live server with the seed content loaded.

Playwright never downloads a browser here: it launches the system Chromium. Without it
every browser test is skipped with the reason; CI (.ci/run) installs it with apt.
"""

import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.core.management import call_command

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PROJECT_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = PROJECT_ROOT / "test-artifacts" / "screenshots"
AXE = Path(__file__).parent / "vendor" / "axe.min.js"


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the whole session. Playwright starts it with a fresh,
    temporary user data dir (profile) and removes it afterwards."""
    if not CHROMIUM.exists():
        pytest.skip(
            f"Chromium is not installed at {CHROMIUM} (apt-get install chromium); "
            "the browser tests run in CI, where .ci/run installs it"
        )
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    # Playwright's sync API runs an event loop in this thread; Django refuses database
    # access from a thread with a running loop unless told it is safe (it is: the test
    # code and the live server use the database one after the other, never concurrently).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_api.sync_playwright().start()
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()
    playwright.stop()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_context(chromium):
    """Make a fresh browser context (no cookies, no cache); closed after the test."""
    contexts = []

    def make(**options):
        options = {
            "viewport": {"width": 1280, "height": 900},
            # The site will send a strict Content-Security-Policy; injecting axe-core is
            # the test tool's business, not the page's.
            "bypass_csp": True,
            **options,
        }
        context = chromium.new_context(**options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def site(chromium, live_server, transactional_db, settings):
    """The live server's base URL, with the seed content loaded (media is served by the
    site's own media view, as with `make serve` without a proxy). SITE_URL is the live
    server's, so the absolute addresses the site makes (share links) lead back to it."""
    settings.SITE_URL = live_server.url
    with open(os.devnull, "w") as devnull:
        call_command("load_seed_content", stdout=devnull)
    return live_server.url


@pytest.fixture
def page(new_context, site):
    """A tab that refuses every request outside the live server (nothing may load from a
    third party), recording what it refused in ``page.refused``."""
    tab = new_context().new_page()
    tab.refused = []
    local = re.compile(re.escape(site) + r"(/|$)")

    def only_local(route):
        if local.match(route.request.url) or route.request.url.startswith("data:"):
            route.continue_()
        else:
            tab.refused.append(route.request.url)
            route.abort()

    tab.route("**/*", only_local)
    return tab


@pytest.fixture
def screenshots_dir():
    """Where screenshots for reviewers go (git ignores test-artifacts/)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def public_paths(page, site):
    """Every public page in both languages as the sitemap lists it (paths only)."""
    response = page.request.get(site + "/sitemap.xml")
    assert response.ok
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [loc.text for loc in ET.fromstring(response.body()).findall("s:url/s:loc", ns)]
    return [re.sub(r"^https?://[^/]+", "", loc) for loc in locs]


@pytest.fixture
def axe_violations():
    """Run the vendored axe-core on a page, with every <details> section opened, and
    return its violations as readable lines (rule, impact, help, first elements)."""

    def run(page, tags=None):
        """``tags``: only axe's rules with these tags (["wcag2a", "wcag2aa"]); all without."""
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        page.add_script_tag(path=str(AXE))
        options = {"runOnly": {"type": "tag", "values": tags}} if tags else {}
        violations = page.evaluate(
            "async (options) => (await axe.run(document, options)).violations", options
        )
        return [
            f"{v['id']} ({v['impact']}): {v['help']} → "
            + ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
            for v in violations
        ]

    return run
