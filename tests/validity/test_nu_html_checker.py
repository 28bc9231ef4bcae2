"""The Nu Html Checker (vnu.jar, from the vnu-jar npm package) finds no errors on any
public page in either language, nor on the error pages.

.ci/run installs the jar with npm into .cache/vnu/ (not committed: it is ~30 MB); set
VNU_JAR to use another copy. Without the jar or Java the test is skipped, with the reason.
"""

import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

PROJECT_ROOT = Path(__file__).resolve().parents[2]
JAR_CANDIDATES = [
    PROJECT_ROOT / ".cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar",
    PROJECT_ROOT / "node_modules/vnu-jar/build/dist/vnu.jar",
]
NOT_FOUND = ["/nl/projecten/bestaat-niet/", "/en/projects/does-not-exist/"]


def vnu_jar():
    configured = os.environ.get("VNU_JAR")
    candidates = [Path(configured)] if configured else JAR_CANDIDATES
    jar = next((path for path in candidates if path.is_file()), None)
    if jar is None:
        pytest.skip(
            "vnu.jar not found (run .ci/run, or `npm install --no-save --ignore-scripts "
            "--prefix .cache/vnu vnu-jar`, or set VNU_JAR)"
        )
    if shutil.which("java") is None:
        pytest.skip("Java is not installed; the Nu Html Checker needs it")
    return jar


def check_html(jar, documents, tmp_path):
    """Validate {name: html} in one JVM; return the errors as readable lines."""
    files = []
    for number, (name, html) in enumerate(documents.items()):
        path = tmp_path / f"{number:02d}.html"
        path.write_text(html, encoding="utf-8")
        files.append((path, name))
    result = subprocess.run(
        ["java", "-jar", str(jar), "--format", "json", "--stdout", *(str(p) for p, _ in files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    names = {path.as_uri(): name for path, name in files}
    messages = json.loads(result.stdout)["messages"]
    return [
        f"{names.get(m.get('url'), m.get('url'))}:{m.get('lastLine')}: {m['message']}"
        f" [{m.get('extract', '').strip()}]"
        for m in messages
        if m["type"] in ("error", "non-document-error")
    ]


def public_pages(client):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    sitemap = ET.fromstring(client.get("/sitemap.xml").content)
    locs = sitemap.findall("s:url/s:loc", ns)
    paths = [loc.text.removeprefix("http://testserver") for loc in locs]
    documents = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        documents[path] = response.content.decode()
    for path in NOT_FOUND:
        response = client.get(path)
        assert response.status_code == 404, path
        documents[path] = response.content.decode()
    for name in ERROR_PAGES:
        documents[name] = render_to_string(name)
    return documents


ERROR_PAGES = ("400.html", "403.html", "403_csrf.html", "500.html", "503.html")


@pytest.mark.django_db
def test_every_public_page_is_valid_html(client, tmp_path):
    jar = vnu_jar()
    with open(os.devnull, "w") as devnull:
        call_command("load_seed_content", stdout=devnull)
    documents = public_pages(client)
    # 36 pages, and the projects list, 3 funders' pages, a theme's page, the open-data page
    # and the work at a glance in each language.
    assert len(documents) == 50 + len(NOT_FOUND) + len(ERROR_PAGES)
    assert check_html(jar, documents, tmp_path) == []


@pytest.mark.django_db
def test_the_overview_that_lists_a_busy_countrys_projects_is_valid_html(client, tmp_path):
    """The compact listing (a country with more projects than the overview shows in full)
    does not occur in the seed content, so it is checked here."""
    from projects.public import OVERVIEW_FULL_PROJECTS
    from tests.factories import make_country, make_full_project

    jar = vnu_jar()
    busy = make_country()
    for _ in range(OVERVIEW_FULL_PROJECTS + 1):
        make_full_project(countries=[busy], summary_nl="Samenvatting.", summary_en="Summary.")
    make_full_project(countries=[make_country()])
    documents = {path: client.get(path).content.decode() for path in ("/nl/", "/en/")}
    assert all('class="project-list"' in html for html in documents.values())
    assert check_html(jar, documents, tmp_path) == []


def test_the_checker_reports_invalid_html(tmp_path):
    """The check above can fail: a document with an error is reported."""
    jar = vnu_jar()
    broken = "<!DOCTYPE html><html lang=en><title>x</title><p><div>block in p</p>"
    assert check_html(jar, {"broken": broken}, tmp_path)


@pytest.mark.django_db
def test_the_later_content_is_valid_html(client, tmp_path):
    """What the organisation published later (places of several codes, a programme,
    results, calls to action, amounts, a completed project) is not in the seed."""
    from tests.factories import make_later_content

    jar = vnu_jar()
    with open(os.devnull, "w") as devnull:
        call_command("load_seed_content", stdout=devnull)
    programme, territory, completed = make_later_content()
    paths = []
    for language in ("nl", "en"):
        with translation.override(language):
            paths += [
                f"/{language}/",
                reverse("projects:completed_projects"),
                programme.get_absolute_url(),
                territory.get_absolute_url(),
                completed.get_absolute_url(),
            ]
    documents = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        documents[path] = response.content.decode()
    assert check_html(jar, documents, tmp_path) == []
