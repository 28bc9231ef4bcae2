"""Export to and import from PO files for external translators."""

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation

from projects.models import Project
from tests.factories import (
    make_dutch_only_project,
    make_editor,
    make_translated_project,
    make_translator,
    make_video,
    make_workshop,
)
from tests.translations.exchange_files import po_file
from translations.exchange import (
    ALL,
    CONFIRMED,
    NEEDS_WORK,
    REFUSED,
    SKIPPED,
    UNCHANGED,
    UPDATED,
    MalformedFile,
    export_catalogue,
    import_catalogue,
)
from translations.exchange.units import base_id
from translations.state import COMPLETE, MISSING, OUTDATED, item_status

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages():
    """The exchange's reports are read here in English (the suite starts each test in
    Dutch, the admin's language); the admin shows the same reports in Dutch."""
    with translation.override("en"):
        yield


def units(catalogue):
    """The entries of a PO export by unit ID (without the fingerprint)."""
    return {base_id(entry.msgctxt): entry for entry in catalogue}


def as_bytes(catalogue):
    return str(catalogue).encode("utf-8")


def outcomes(report):
    return {base_id(result.unit_id): result.outcome for result in report.results}


def test_export_unit_has_stable_id_dutch_source_english_and_context():
    project = make_translated_project(title_nl="Bescherming in Kenia", title_en="Old title")
    entry = units(export_catalogue(ALL))[f"projects.project.{project.pk}.title"]
    assert entry.msgid == "Bescherming in Kenia"
    assert entry.msgstr == "Old title"
    assert "Field: title" in entry.comment
    with translation.override("en"):
        assert f"Page: {project.get_absolute_url()}" in entry.comment  # the English page


def test_the_notes_of_an_export_are_english_through_and_through():
    """A help text that quotes the Dutch page ("De situatie in …") quotes the English one
    in the translator's notes."""
    from tests.factories import make_country

    place = make_country(situation_nl="<p>Vluchtelingen komen aan.</p>")
    notes = " ".join(
        entry.comment
        for unit_id, entry in units(export_catalogue(ALL)).items()
        if unit_id.startswith(f"projects.country.{place.pk}.situation")
    )
    assert "“The situation in …”" in notes and "De situatie" not in notes


def test_export_of_missing_and_outdated_leaves_complete_fields_out():
    project = make_translated_project(summary_en="")
    project.body_nl = "<p>Nieuw.</p>"
    project.save()
    exported = units(export_catalogue(NEEDS_WORK))
    assert set(exported) == {
        f"projects.project.{project.pk}.summary",
        f"projects.project.{project.pk}.body.1",  # the body's first (and only) segment
    }


def test_export_scope_missing_and_outdated_separately():
    project = make_translated_project(summary_en="")
    project.body_nl = "<p>Nieuw.</p>"
    project.save()
    assert set(units(export_catalogue(MISSING))) == {f"projects.project.{project.pk}.summary"}
    assert set(units(export_catalogue(OUTDATED))) == {f"projects.project.{project.pk}.body.1"}


def test_outdated_unit_is_fuzzy_with_the_previous_dutch():
    project = make_translated_project(body_nl="<p>Oud.</p>")
    project.body_nl = "<p>Nieuw.</p>"
    project.save()
    entry = units(export_catalogue(OUTDATED))[f"projects.project.{project.pk}.body.1"]
    assert "fuzzy" in entry.flags
    assert entry.previous_msgid == "Oud."  # a segment: the paragraph's text
    assert entry.msgstr == "What VluchtelingenWerk does."


def test_inline_content_is_exported_with_its_own_id():
    video = make_video(make_translated_project(), title_nl="Werk in Kakuma")
    entry = units(export_catalogue(MISSING))[f"projects.video.{video.pk}.title"]
    assert entry.msgid == "Werk in Kakuma"


def test_round_trip_changes_the_english_page(client):
    project = make_dutch_only_project(title_nl="Bescherming in Kenia", body_nl="<p>Wij helpen.</p>")
    page = client.get(f"/en/projects/{project.slug_nl}/").content.decode()
    assert '<span lang="nl">Bescherming in Kenia</span>' in page

    catalogue = polib.pofile(str(export_catalogue(NEEDS_WORK)))  # as a tool reads it
    for entry in catalogue:
        entry.msgstr = {
            "Bescherming in Kenia": "Protection in Kenya",
            "Wij helpen.": "We help.",
            "Een korte samenvatting.": "A short summary.",
        }.get(entry.msgid, entry.msgstr)
    report = import_catalogue(as_bytes(catalogue))
    assert report.count(UPDATED) == 3

    page = client.get(f"/en/projects/{project.slug_nl}/").content.decode()
    assert "<h1>Protection in Kenya</h1>" in page
    assert "<p>We help.</p>" in page
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    assert 'lang="nl"' not in main
    project.refresh_from_db()
    assert project.title_nl == "Bescherming in Kenia"
    assert item_status(project).state == COMPLETE


def test_import_refuses_a_unit_whose_dutch_changed_since_export():
    project = make_dutch_only_project(title_nl="Eerste titel")
    catalogue = export_catalogue(NEEDS_WORK)
    project.title_nl = "Tweede titel"
    project.save()
    for entry in catalogue:
        entry.msgstr = "Translated"
    report = import_catalogue(as_bytes(catalogue))
    assert outcomes(report)[f"projects.project.{project.pk}.title"] == REFUSED
    project.refresh_from_db()
    assert not project.title_en


@pytest.mark.parametrize(
    "unit_id",
    [
        "projects.project.999999.title",  # no such object
        "projects.project.{pk}.status",  # not a translated field
        "projects.project.{pk}.title.2",  # plain text has no segments
        "auth.user.1.password",  # not content at all
        "projects.project.{pk}.title.extra",
        "",
    ],
)
def test_import_refuses_unknown_unit_ids(unit_id):
    project = make_dutch_only_project()
    report = import_catalogue(po_file((unit_id.format(pk=project.pk), "x", "y")))
    assert [result.outcome for result in report.results] == [REFUSED]
    assert "Unknown unit ID" in report.results[0].message


def test_import_never_changes_dutch_even_when_the_file_edits_it():
    project = make_dutch_only_project(title_nl="Bescherming in Kenia")
    catalogue = export_catalogue(NEEDS_WORK)
    for entry in catalogue:
        entry.msgstr = "English"
    text = str(catalogue).replace('msgid "Bescherming in Kenia"', 'msgid "Gewijzigd"')
    import_catalogue(text.encode())
    project.refresh_from_db()
    assert project.title_nl == "Bescherming in Kenia"
    assert project.title_en is None or project.title_en == ""


def test_import_refuses_html_in_a_rich_text_segment():
    project = make_dutch_only_project(body_nl="<p>Tekst.</p>")
    catalogue = export_catalogue(NEEDS_WORK)
    for entry in catalogue:
        if entry.msgid == "Tekst.":
            entry.msgstr = '<p onclick="steal()">Text.<script>alert(1)</script></p>'
    report = import_catalogue(as_bytes(catalogue))
    assert outcomes(report)[f"projects.project.{project.pk}.body.1"] == REFUSED
    result = next(r for r in report.results if ".body.1" in r.unit_id)
    assert "HTML tags are not allowed" in result.message
    project.refresh_from_db()
    assert not project.body_en


def test_import_of_a_whole_rich_text_unit_from_an_older_export_sanitises_it():
    """Files exported before segments name a rich-text field as one unit, in HTML."""
    project = make_dutch_only_project(body_nl="<p>Tekst.</p>")
    report = import_catalogue(
        po_file(
            (
                f"projects.project.{project.pk}.body",
                "<p>Tekst.</p>",
                '<p onclick="steal()">Text.<script>alert(1)</script></p>',
            )
        )
    )
    assert [r.outcome for r in report.results] == [UPDATED]
    assert "removed" in report.results[0].message
    project.refresh_from_db()
    assert project.body_en == "<p>Text.</p>"


def test_import_refuses_a_value_too_long_for_the_field():
    project = make_dutch_only_project()
    catalogue = export_catalogue(NEEDS_WORK)
    for entry in catalogue:
        entry.msgstr = "x" * 500
    report = import_catalogue(as_bytes(catalogue))
    assert outcomes(report)[f"projects.project.{project.pk}.title"] == REFUSED


def test_import_applies_the_translators_own_english_even_fuzzy_and_skips_empty_units():
    """English the site did not offer is the translator's work, whatever the mark says."""
    project = make_dutch_only_project()
    catalogue = export_catalogue(NEEDS_WORK)
    for entry in catalogue:
        if base_id(entry.msgctxt).endswith(".title"):
            entry.msgstr = "Title"
            entry.flags.append("fuzzy")
    report = import_catalogue(as_bytes(catalogue))
    assert outcomes(report)[f"projects.project.{project.pk}.title"] == UPDATED
    assert outcomes(report)[f"projects.project.{project.pk}.summary"] == SKIPPED


def test_import_confirms_outdated_english_kept_unchanged_and_no_longer_fuzzy():
    project = make_translated_project(summary_nl="Oud.")
    project.summary_nl = "Nieuw."
    project.save()
    catalogue = export_catalogue(OUTDATED)
    for entry in catalogue:
        entry.flags.remove("fuzzy")
    report = import_catalogue(as_bytes(catalogue))
    assert outcomes(report)[f"projects.project.{project.pk}.summary"] == CONFIRMED
    assert item_status(project).state == COMPLETE


def test_import_of_current_english_reports_unchanged():
    project = make_translated_project()
    report = import_catalogue(as_bytes(export_catalogue(ALL)))
    assert set(outcomes(report).values()) == {UNCHANGED}
    assert f"projects.project.{project.pk}.title" in outcomes(report)


def test_file_with_a_unit_twice_is_refused_as_a_whole_naming_it():
    project = make_dutch_only_project()
    catalogue = export_catalogue(NEEDS_WORK)
    first = next(e for e in catalogue if base_id(e.msgctxt).endswith(".title"))
    first.msgstr = "One"
    text = str(catalogue) + "\n" + str(first).replace('"One"', '"Two"')
    with pytest.raises(MalformedFile, match=rf"projects\.project\.{project.pk}\.title"):
        import_catalogue(text.encode())
    project.refresh_from_db()
    assert not project.title_en  # whichever came first, neither was applied


def test_dry_run_changes_nothing():
    project = make_dutch_only_project()
    catalogue = export_catalogue(NEEDS_WORK)
    for entry in catalogue:
        entry.msgstr = "Something"
    report = import_catalogue(as_bytes(catalogue), dry_run=True)
    assert report.count(UPDATED) == 4  # title, summary, body and the English address
    project.refresh_from_db()
    assert not project.title_en


@pytest.mark.parametrize(
    "content",
    [
        b"this is not a po file\n",
        b'<?xml version="1.0"?><xliff version="1.2"></xliff>\n',
        b"\xff\xfe\x00garbage",
        b"",
    ],
)
def test_malformed_file_is_refused_as_a_whole(content):
    with pytest.raises(MalformedFile):
        import_catalogue(content)


def test_file_with_a_syntax_error_changes_nothing():
    project = make_dutch_only_project()
    catalogue = export_catalogue(NEEDS_WORK)
    for entry in catalogue:
        entry.msgstr = "Something"
    text = str(catalogue) + '\nmsgctxt "x"\nthis line is broken\n'
    with pytest.raises(MalformedFile, match="line"):
        import_catalogue(text.encode())
    project.refresh_from_db()
    assert not project.title_en


def test_file_for_another_language_is_refused():
    make_dutch_only_project()
    text = str(export_catalogue(NEEDS_WORK)).replace('"Language: en\\n"', '"Language: de\\n"')
    with pytest.raises(MalformedFile, match="de"):
        import_catalogue(text.encode())


def test_path_like_content_is_never_read_as_a_file(tmp_path):
    secret = tmp_path / "secret.po"
    secret.write_text('msgctxt "projects.project.1.title"\nmsgid "x"\nmsgstr "y"\n')
    with pytest.raises(MalformedFile):
        import_catalogue(str(secret).encode())


# Admin --------------------------------------------------------------------------------


def test_admin_export_downloads_a_po_file_for_the_chosen_scope(client):
    client.force_login(make_translator())
    project = make_dutch_only_project()
    response = client.get("/admin/translations/export/?scope=missing")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith('.po"')
    exported = units(polib.pofile(response.content.decode()))
    assert f"projects.project.{project.pk}.title" in exported


def test_admin_export_refuses_an_unknown_scope(client):
    client.force_login(make_translator())
    assert client.get("/admin/translations/export/?scope=everything").status_code == 400


def test_admin_import_shows_a_report_per_unit(client):
    client.force_login(make_translator())
    project = make_dutch_only_project(title_nl="Bescherming in Kenia")
    catalogue = export_catalogue(NEEDS_WORK)
    for entry in catalogue:
        if base_id(entry.msgctxt).endswith(".title"):
            entry.msgstr = "Protection in Kenya"
    upload = SimpleUploadedFile("translated.po", as_bytes(catalogue))
    response = client.post("/admin/translations/import/", {"file": upload}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[0][0].startswith("/admin/translations/imports/")
    html = response.content.decode()
    assert f"projects.project.{project.pk}.title" in html
    assert f"projects.project.{project.pk}.summary" in html  # skipped, still reported
    project.refresh_from_db()
    assert project.title_en == "Protection in Kenya"


def test_admin_import_of_a_malformed_file_says_why_and_changes_nothing(client):
    client.force_login(make_editor())
    upload = SimpleUploadedFile("broken.po", b"this is not a po file\n")
    response = client.post("/admin/translations/import/", {"file": upload})
    assert response.status_code == 400
    assert "Nothing was imported" in response.content.decode() or "Er is niets" in (
        response.content.decode()
    )


# Management commands ------------------------------------------------------------------


def test_commands_round_trip(tmp_path, capsys):
    project = make_dutch_only_project(title_nl="Bescherming in Kenia")
    path = tmp_path / "export.po"
    call_command("export_translations", "--scope", "missing", "--output", str(path))
    catalogue = polib.pofile(str(path))
    for entry in catalogue:
        entry.msgstr = "Protection in Kenya" if entry.msgid == "Bescherming in Kenia" else ""
    catalogue.save(str(path))
    call_command("import_translations", str(path))
    output = capsys.readouterr().out
    assert f"projects.project.{project.pk}.title:e3b0c44298fc: English filled in" in output
    assert Project.objects.get(pk=project.pk).title_en == "Protection in Kenya"


def test_import_command_refuses_a_malformed_file(tmp_path):
    path = tmp_path / "broken.po"
    path.write_text("not a po file\n")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_translations", str(path))


def test_workshop_unit_names_the_page_of_its_project():
    project = make_translated_project()
    workshop = make_workshop(project)
    entry = units(export_catalogue(MISSING))[f"projects.workshop.{workshop.pk}.title"]
    with translation.override("en"):
        assert f"Page: {project.get_absolute_url()}" in entry.comment


def test_each_units_note_says_whether_it_is_new_or_outdated():
    project = make_translated_project(body_nl="<p>Een.</p>", body_en="<p>One.</p>")
    project.body_nl = "<p>Een!</p><p>Twee.</p>"
    project.save()
    entries = units(export_catalogue(NEEDS_WORK))
    assert "State: outdated" in entries[f"projects.project.{project.pk}.body.1"].comment
    assert "State: new" in entries[f"projects.project.{project.pk}.body.2"].comment
