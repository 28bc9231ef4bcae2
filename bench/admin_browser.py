"""How long an editor waits for the project change form, in headless Chromium.

    python bench/admin_browser.py                       # bench/data/db-1000.sqlite3
    python bench/admin_browser.py --database some.sqlite3 --rounds 15

On a copy of a bench database (``make bench`` builds ``bench/data/db-<size>.sqlite3``;
``bench/content.py`` fills any), with a superuser of its own, the production server as
bench/run.py starts it (gunicorn, production settings, ``BENCH_PORT``), and Debian's
Chromium (/usr/bin/chromium, never a downloaded one) with a fresh user data directory,
logged in through the admin's login page. The change form of the first project and of the
project with the most rows (if another) are loaded ``--rounds`` times in turn in one tab,
the browser's cache warm after a first round that is not counted, as an editor's is.

"Ready" is the page's ``load`` event from the moment the navigation started (Navigation
Timing): the HTML parsed and every script run, the admin's inline rows, search fields
(select2), translation tabs and rich text editors set up. Also the server's part (until
the first byte of the response), the HTML's size and the number of existing inline rows.
Prints one JSON line with the medians in ms.
"""

import argparse
import json
import secrets
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import DATA, HOST, Server, log, manage  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
USER = "bench-admin"
# Run by manage.py shell on the copy: the superuser, and the projects to open.
SETUP = """
import json
from django.contrib.auth import get_user_model
from django.db.models import Count
from projects.models import Project
user, _ = get_user_model().objects.get_or_create(
    username={user!r}, defaults={{"is_staff": True, "is_superuser": True}}
)
user.set_password({password!r})
user.save()
first = Project.objects.order_by("pk").values_list("pk", flat=True).first()
fullest = (
    Project.objects.annotate(
        rows=Count("workshops", distinct=True)
        + Count("partnerships", distinct=True)
        + Count("fundings", distinct=True)
        + Count("results", distinct=True)
    )
    .order_by("-rows", "pk")
    .values_list("pk", flat=True)
    .first()
)
print(json.dumps([first, fullest]))
"""
TIMING = """() => {
    const nav = performance.getEntriesByType("navigation")[0];
    return {
        ready: nav.loadEventEnd,
        dom: nav.domContentLoadedEventEnd,
        first_byte: nav.responseStart,
        bytes: nav.decodedBodySize,
        rows: document.querySelectorAll(".has_original").length,
    };
}"""


def measure(base, password, pages, rounds):
    """{page: medians} of the change forms ``pages`` ({name: project id})."""
    from playwright.sync_api import sync_playwright

    samples = {name: [] for name in pages}
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1280, "height": 900},
        )
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(f"{base}/admin/login/")
        page.fill("#id_username", USER)
        page.fill("#id_password", password)
        page.click("input[type=submit]")
        page.wait_for_url(f"{base}/admin/")
        for _ in range(rounds + 1):
            for name, pk in pages.items():
                page.goto(f"{base}/admin/projects/project/{pk}/change/", wait_until="load")
                samples[name].append(page.evaluate(TIMING))
        context.close()
    results = {}
    for name, runs in samples.items():
        runs = runs[1:]  # the first round filled the browser's cache
        results[name] = {
            key: round(statistics.median(run[key] for run in runs), 1)
            for key in ("ready", "dom", "first_byte")
        }
        results[name].update(KB=round(runs[-1]["bytes"] / 1024), rows=runs[-1]["rows"])
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, default=DATA / "db-1000.sqlite3")
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    if not args.database.exists():
        parser.error(f"{args.database} does not exist: run make bench or bench/content.py")
    copy = DATA / "admin-browser.sqlite3"
    shutil.copyfile(args.database, copy)
    if not (DATA / "static").exists():
        manage(copy, "collectstatic", "--no-input", "-v0")
    password = secrets.token_urlsafe()
    first, fullest = json.loads(
        manage(copy, "shell", "-c", SETUP.format(user=USER, password=password))
        .strip()
        .splitlines()[-1]
    )
    pages = {"first project": first}
    if fullest != first:
        pages["project with the most rows"] = fullest
    log(f"Timing the change form of {pages} in Chromium ...")
    with Server(copy, cached=False):
        print(json.dumps(measure(HOST, password, pages, args.rounds)))


if __name__ == "__main__":
    main()
