"""The report of an import stays readable for a large file: a summary first, the units
grouped by outcome (what needs action open, the rest folded), the whole as a CSV."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_dutch_only_project, make_editor, make_translator, make_user
from tests.translations.exchange_files import export, translate
from translations.exchange import PO, import_file, reports
from translations.models import TranslationImport

pytestmark = pytest.mark.django_db


def upload(client, data, **extra):
    return client.post(
        "/admin/translations/import/", {"file": SimpleUploadedFile("en.po", data), **extra}
    )


def many_projects(count):
    return [make_dutch_only_project(title_nl=f"Project nummer {n}") for n in range(count)]


def test_an_import_leads_to_its_report_with_the_summary_first(client):
    client.force_login(make_translator())
    many_projects(2)
    data = translate(
        export(PO), PO, lambda unit, dutch: "English" if unit.endswith(".title") else None
    )
    response = upload(client, data)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    summary = page.index("translation-report__counts")
    assert summary < page.index("<details")
    assert "English filled in: <strong>2</strong>" in page
    assert '<details class="translation-report__group translation-report__group--updated">' in page


def test_refusals_and_conflicts_are_open_and_the_rest_folded(client):
    client.force_login(make_translator())
    (project,) = many_projects(1)
    data = translate(export(PO), PO, {f"projects.project.{project.pk}.title": "<b>x</b>"})
    page = client.get(upload(client, data)["Location"]).content.decode()
    assert 'translation-report__group--refused" open>' in page
    assert 'translation-report__group--skipped">' in page


def test_a_large_report_shows_a_page_of_each_group_and_the_csv_has_all(client, monkeypatch):
    monkeypatch.setattr(reports, "PAGE_ROWS", 3)
    client.force_login(make_translator())
    many_projects(5)
    data = translate(
        export(PO), PO, lambda unit, dutch: "English" if unit.endswith(".title") else None
    )
    location = upload(client, data)["Location"]
    page = client.get(location).content.decode()
    assert "The first 3 are shown" in page
    stored = TranslationImport.objects.get()
    response = client.get(f"/admin/translations/imports/{stored.pk}/report.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert len(rows) == 1 + len(stored.results)
    assert sum(1 for row in rows if row[0].split(":")[0].endswith(".title")) == 5


def test_a_check_only_import_is_reported_and_changes_nothing(client):
    client.force_login(make_translator())
    (project,) = many_projects(1)
    data = translate(export(PO), PO, {f"projects.project.{project.pk}.title": "English"})
    page = client.get(upload(client, data, dry_run="on")["Location"]).content.decode()
    assert "Check result (nothing was changed)" in page
    project.refresh_from_db()
    assert not project.title_en


def test_only_the_importer_and_superusers_see_a_report(client, superuser):
    translator = make_translator()
    make_dutch_only_project()
    report = import_file(translate(export(PO), PO, lambda unit, dutch: "English"))
    stored = reports.store(report, user=translator)
    url = f"/admin/translations/imports/{stored.pk}/"
    client.force_login(make_editor())
    assert client.get(url).status_code == 403
    assert client.get(url + "report.csv").status_code == 403
    client.force_login(translator)
    assert client.get(url).status_code == 200
    client.force_login(superuser)
    assert client.get(url).status_code == 200
    client.force_login(make_user())
    assert client.get(url).status_code == 403


def test_the_report_page_queries_do_not_grow_with_its_units(client):
    translator = make_translator()
    client.force_login(translator)
    make_dutch_only_project()
    small = reports.store(
        import_file(translate(export(PO), PO, lambda u, d: "English")), user=translator
    )
    many_projects(10)
    large = reports.store(
        import_file(translate(export(PO), PO, lambda u, d: "English")), user=translator
    )
    assert len(large.results) > 5 * len(small.results)
    with CaptureQueriesContext(connection) as few:
        client.get(f"/admin/translations/imports/{small.pk}/")
    with CaptureQueriesContext(connection) as many:
        client.get(f"/admin/translations/imports/{large.pk}/")
    assert len(many) == len(few)


def test_old_reports_are_forgotten_after_a_month():
    from datetime import timedelta

    from django.utils import timezone

    make_dutch_only_project()
    old = reports.store(import_file(translate(export(PO), PO, {})))
    TranslationImport.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=reports.KEEP_DAYS + 1)
    )
    reports.store(import_file(translate(export(PO), PO, {})))
    assert not TranslationImport.objects.filter(pk=old.pk).exists()


def test_the_import_page_lists_ones_own_recent_imports(client):
    translator = make_translator()
    make_dutch_only_project()
    mine = reports.store(
        import_file(translate(export(PO), PO, {})), user=translator, file_name="mine.po"
    )
    theirs = reports.store(
        import_file(translate(export(PO), PO, {})), user=make_editor(), file_name="theirs.po"
    )
    client.force_login(translator)
    html = client.get("/admin/translations/import/").content.decode()
    assert f"/admin/translations/imports/{mine.pk}/" in html and "mine.po" in html
    assert f"/admin/translations/imports/{theirs.pk}/" not in html


def test_unconfirmed_suggestions_are_listed_with_their_english_and_accepted_in_one_click(client):
    from tests.factories import make_translated_project

    client.force_login(make_translator())
    make_translated_project(title_nl="Bescherming", title_en="Protection").delete()
    project = make_dutch_only_project(title_nl="Bescherming")
    unit = f"projects.project.{project.pk}.title"
    data = translate(export(PO), PO, {unit: "Protection"}, fuzzy=True)
    location = upload(client, data)["Location"]
    page = client.get(location).content.decode()
    assert 'translation-report__group--unconfirmed" open>' in page
    assert "Protection" in page and 'name="unit"' in page
    client.post(location, {"accept": "all"})
    project.refresh_from_db()
    assert project.title_en == "Protection"
    stored = TranslationImport.objects.get()
    assert stored.counts["unconfirmed"] == 0
    assert next(r for r in reports.results(stored) if r.unit_id.startswith(unit)).outcome == (
        "updated"
    )


def test_the_reports_csv_never_hands_a_spreadsheet_a_formula():
    from projects.models import Project
    from tests.factories import make_translated_project

    project = make_translated_project(title_nl="Bescherming", title_en="Protection")
    unit = f"projects.project.{project.pk}.title"
    data = translate(export(PO, "all"), PO, {unit: '=HYPERLINK("https://evil.example","x")'})
    Project.objects.filter(pk=project.pk).update(title_en="Safety")  # a conflict: shown
    report = import_file(data)
    assert any(r.file and r.file.startswith("=") for r in report.results)
    stored = reports.store(report)
    rows = list(csv.reader(io.StringIO(reports.as_csv(stored))))
    cells = [cell for row in rows for cell in row]
    assert not any(cell[:1] in ("=", "+", "-", "@") for cell in cells)


def test_a_check_only_report_shows_the_english_it_would_apply(client):
    client.force_login(make_translator())
    (project,) = many_projects(1)
    data = translate(export(PO), PO, {f"projects.project.{project.pk}.title": "Number one"})
    page = client.get(upload(client, data, dry_run="on")["Location"]).content.decode()
    assert "Number one" in page
    project.refresh_from_db()
    assert not project.title_en


def test_a_refused_unit_is_reported_with_the_files_english(client):
    client.force_login(make_translator())
    (project,) = many_projects(1)
    data = translate(export(PO), PO, {f"projects.project.{project.pk}.title": "<b>Bold</b>"})
    page = client.get(upload(client, data)["Location"]).content.decode()
    assert "&lt;b&gt;Bold&lt;/b&gt;" in page
