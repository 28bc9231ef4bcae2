"""An import never loses work: each bad unit or file is refused with its reason, or
reported as a conflict; what the site has stays. CI runs these on SQLite and PostgreSQL
(which refuses NUL in text outright, so a NUL that got through would fail there)."""

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation

from content import revisions
from projects.models import Project
from tests.admin_forms import change_form_data
from tests.factories import (
    admin_url,
    make_dutch_only_project,
    make_link,
    make_translated_project,
    make_translator,
    make_user,
)
from tests.translations.exchange_files import FORMATS, export, po_file, translate
from translations.exchange import (
    CONFIRMED,
    CONFLICT,
    KEPT,
    PO,
    REFUSED,
    SKIPPED,
    UNCHANGED,
    UPDATED,
    XLIFF2,
    XLIFF12,
    MalformedFile,
    import_file,
)
from translations.exchange import importer as importer_module
from translations.exchange.units import base_id
from translations.models import TranslationImport

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


def result_of(report, unit):
    return next(r for r in report.results if base_id(r.unit_id) == unit)


def import_with_a_conflict(client):
    """A translator imports a file whose summary's English changed in the site since the
    export; the project and the stored report."""
    client.force_login(make_translator())
    project = make_dutch_only_project(summary_nl="Een korte samenvatting.")
    data = export(PO)
    Project.objects.filter(pk=project.pk).update(summary_en="From the site.")
    unit = f"projects.project.{project.pk}.summary"
    upload = SimpleUploadedFile("en.po", translate(data, PO, {unit: "From the file."}))
    response = client.post("/admin/translations/import/", {"file": upload}, follow=True)
    return project, TranslationImport.objects.get(), response


# Empty after cleaning ---------------------------------------------------------------------


def test_rich_text_that_is_only_removed_markup_is_refused_and_the_english_kept():
    project = make_translated_project(body_nl="<p>Tekst.</p>", body_en="<p>Text.</p>")
    data = po_file(
        (f"projects.project.{project.pk}.body", "<p>Tekst.</p>", "<script>alert(1)</script>")
    )
    report = import_file(data)
    assert report.results[0].outcome == REFUSED
    assert "Nothing is left" in report.results[0].message
    project.refresh_from_db()
    assert project.body_en == "<p>Text.</p>"


@pytest.mark.parametrize("file_format", FORMATS)
def test_a_segment_of_placeholders_only_is_refused(file_format):
    project = make_dutch_only_project(body_nl="<p>Met <strong>nadruk</strong>.</p>")
    unit = f"projects.project.{project.pk}.body.1"
    report = import_file(translate(export(file_format), file_format, {unit: " <1></1> "}))
    assert result_of(report, unit).outcome == REFUSED
    project.refresh_from_db()
    assert not project.body_en


# Stale English: conflicts ---------------------------------------------------------------


@pytest.mark.parametrize("file_format", FORMATS)
def test_english_changed_in_the_site_since_the_export_is_a_conflict_with_both_texts(file_format):
    project = make_dutch_only_project(summary_nl="Een korte samenvatting.")
    data = export(file_format)
    Project.objects.filter(pk=project.pk).update(summary_en="A better summary, from the site.")
    unit = f"projects.project.{project.pk}.summary"
    report = import_file(translate(data, file_format, {unit: "An older summary."}))
    result = result_of(report, unit)
    assert result.outcome == CONFLICT
    assert result.site == "A better summary, from the site."
    assert result.file == "An older summary."
    project.refresh_from_db()
    assert project.summary_en == "A better summary, from the site."


def test_a_conflict_in_one_segment_leaves_the_other_segments_to_apply():
    project = make_translated_project(
        body_nl="<p>Een.</p><p>Twee.</p>", body_en="<p>One.</p><p>Two.</p>"
    )
    project.body_nl = "<p>Een!</p><p>Twee!</p>"
    project.save()
    data = export(PO)
    project = Project.objects.get(pk=project.pk)
    project.body_en = "<p>One, improved.</p><p>Two.</p>"
    project.save()
    pk = project.pk
    report = import_file(
        translate(
            data,
            PO,
            {f"projects.project.{pk}.body.1": "One!", f"projects.project.{pk}.body.2": "Two!"},
        )
    )
    assert result_of(report, f"projects.project.{pk}.body.1").outcome == CONFLICT
    assert result_of(report, f"projects.project.{pk}.body.2").outcome == UPDATED
    project.refresh_from_db()
    assert project.body_en == "<p>One, improved.</p><p>Two!</p>"


def test_a_unit_without_fingerprint_never_overwrites_english():
    """Files from before fingerprints (or a tool that dropped them) cannot prove which
    English they started from."""
    project = make_translated_project(title_nl="Titel", title_en="Title in the site")
    report = import_file(po_file((f"projects.project.{project.pk}.title", "Titel", "Old title")))
    assert report.results[0].outcome == CONFLICT
    project.refresh_from_db()
    assert project.title_en == "Title in the site"


def test_a_conflict_is_settled_on_the_report_page_with_the_files_english(client):
    project, stored, response = import_with_a_conflict(client)
    html = response.content.decode()
    assert "From the site." in html and "From the file." in html
    conflict = next(r for r in stored.results if r["outcome"] == CONFLICT)
    response = client.post(
        f"/admin/translations/imports/{stored.pk}/", {f"choice:{conflict['unit_id']}": "file"}
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.summary_en == "From the file."
    stored.refresh_from_db()
    assert stored.counts[CONFLICT] == 0
    assert stored.counts[UPDATED] >= 1


def test_keeping_the_sites_english_settles_a_conflict_without_a_change(client):
    project, stored, _response = import_with_a_conflict(client)
    client.post(f"/admin/translations/imports/{stored.pk}/", {"all": "site"})
    stored.refresh_from_db()
    assert stored.counts[CONFLICT] == 0 and stored.counts[KEPT] == 1
    project.refresh_from_db()
    assert project.summary_en == "From the site."


def test_a_conflict_whose_site_english_changed_again_stays_a_conflict(client):
    project, stored, _response = import_with_a_conflict(client)
    Project.objects.filter(pk=project.pk).update(summary_en="Changed once more.")
    client.post(f"/admin/translations/imports/{stored.pk}/", {"all": "file"})
    stored.refresh_from_db()
    assert stored.counts[CONFLICT] == 1
    project.refresh_from_db()
    assert project.summary_en == "Changed once more."


def test_the_command_reports_a_conflict_and_settles_it_when_told(tmp_path, capsys):
    project = make_dutch_only_project(summary_nl="Een korte samenvatting.")
    data = export(PO)
    Project.objects.filter(pk=project.pk).update(summary_en="From the site.")
    unit = f"projects.project.{project.pk}.summary"
    path = tmp_path / "en.po"
    path.write_bytes(translate(data, PO, {unit: "From the file."}))
    call_command("import_translations", str(path))
    output = capsys.readouterr().out
    assert "site: From the site." in output and "file: From the file." in output
    assert Project.objects.get(pk=project.pk).summary_en == "From the site."
    call_command("import_translations", str(path), "--use-file-english", unit)
    assert Project.objects.get(pk=project.pk).summary_en == "From the file."


# Control characters, NUL, markup, length ------------------------------------------------


@pytest.mark.parametrize("bad", ["Protection\x00 in Kenya", "Protection\x07 in Kenya", "A\x1bB"])
def test_control_characters_in_plain_text_are_refused(bad):
    project = make_dutch_only_project(title_nl="Bescherming")
    report = import_file(
        po_file((f"projects.project.{project.pk}.title:e3b0c44298fc", "Bescherming", bad))
    )
    assert report.results[0].outcome == REFUSED
    assert "U+00" in report.results[0].message or "null" in report.results[0].message.lower()
    project.refresh_from_db()
    assert not project.title_en


def test_control_characters_in_a_segment_are_refused():
    project = make_dutch_only_project(body_nl="<p>Tekst.</p>")
    report = import_file(
        po_file((f"projects.project.{project.pk}.body.1:e3b0c44298fc", "Tekst.", "Te\x00xt\x07."))
    )
    assert report.results[0].outcome == REFUSED
    project.refresh_from_db()
    assert not project.body_en


def test_an_xliff_file_with_a_control_character_is_refused_as_a_whole():
    make_dutch_only_project(title_nl="Bescherming")
    data = export(XLIFF12).replace(b">Bescherming</target>", b">Protection&#7;</target>")
    with pytest.raises(MalformedFile, match="not valid XML"):
        import_file(data)


@pytest.mark.parametrize("character", ["\x07", "\u202e", "\u200b", "\ufeff"])
def test_the_admin_form_refuses_the_control_characters_the_import_refuses(client, character):
    client.force_login(make_translator())
    project = make_dutch_only_project()
    data = change_form_data(client.get(admin_url(project)))
    data["title_en"] = f"Protection{character} in Kenya"
    response = client.post(admin_url(project), data)
    assert response.status_code == 200
    assert "title_en" in response.context["adminform"].form.errors
    project.refresh_from_db()
    assert not project.title_en


@pytest.mark.parametrize(
    "markup", ["<b>Protection</b>", "Protection<br>in Kenya", "R&amp;D", "<!-- x -->"]
)
def test_markup_in_a_plain_text_unit_is_refused(markup):
    project = make_dutch_only_project(title_nl="Bescherming")
    report = import_file(
        po_file((f"projects.project.{project.pk}.title:e3b0c44298fc", "Bescherming", markup))
    )
    assert report.results[0].outcome == REFUSED
    assert "plain text" in report.results[0].message
    project.refresh_from_db()
    assert not project.title_en


def test_a_less_than_sign_between_words_is_plain_text():
    project = make_dutch_only_project(title_nl="Bescherming")
    report = import_file(
        po_file(
            (
                f"projects.project.{project.pk}.title:e3b0c44298fc",
                "Bescherming",
                "Children < 5 & parents",
            )
        )
    )
    assert report.results[0].outcome == UPDATED
    project.refresh_from_db()
    assert project.title_en == "Children < 5 & parents"


def test_a_line_break_in_a_one_line_field_is_refused():
    project = make_dutch_only_project(title_nl="Bescherming")
    report = import_file(
        po_file((f"projects.project.{project.pk}.title:e3b0c44298fc", "Bescherming", "Two\nlines"))
    )
    assert report.results[0].outcome == REFUSED


def test_plain_text_over_the_fields_length_is_refused():
    project = make_dutch_only_project(title_nl="Bescherming")
    report = import_file(
        po_file((f"projects.project.{project.pk}.title:e3b0c44298fc", "Bescherming", "x" * 201))
    )
    assert report.results[0].outcome == REFUSED
    assert "200" in report.results[0].message


# Addresses ------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["Not a slug!", "kenia/../admin", "x" * 201])
def test_an_invalid_english_slug_is_refused(slug):
    project = make_dutch_only_project(slug="bescherming")
    report = import_file(
        po_file((f"projects.project.{project.pk}.slug:e3b0c44298fc", "bescherming", slug))
    )
    assert report.results[0].outcome == REFUSED
    project.refresh_from_db()
    assert not project.slug_en


def test_an_english_slug_another_project_has_is_refused():
    make_dutch_only_project(slug="protection")
    project = make_dutch_only_project(slug="bescherming")
    report = import_file(
        po_file((f"projects.project.{project.pk}.slug:e3b0c44298fc", "bescherming", "protection"))
    )
    assert report.results[0].outcome == REFUSED
    assert "already used" in report.results[0].message


def test_one_english_slug_for_two_projects_in_one_file_is_refused_for_both():
    one = make_dutch_only_project(slug="een")
    two = make_dutch_only_project(slug="twee")
    report = import_file(
        po_file(
            (f"projects.project.{one.pk}.slug:e3b0c44298fc", "een", "same"),
            (f"projects.project.{two.pk}.slug:e3b0c44298fc", "twee", "same"),
        )
    )
    assert [r.outcome for r in report.results] == [REFUSED, REFUSED]


def test_a_valid_english_slug_is_saved():
    project = make_dutch_only_project(slug="bescherming")
    report = import_file(
        po_file((f"projects.project.{project.pk}.slug:e3b0c44298fc", "bescherming", "protection"))
    )
    assert report.results[0].outcome == UPDATED
    project.refresh_from_db()
    assert project.slug_en == "protection"


def test_a_link_address_is_checked_like_the_form_does():
    link = make_link(make_translated_project(), url_nl="https://example.org/nl/")
    unit = f"projects.projectlink.{link.pk}.url:e3b0c44298fc"
    bad = import_file(po_file((unit, "https://example.org/nl/", "javascript:alert(1)")))
    assert bad.results[0].outcome == REFUSED
    good = import_file(po_file((unit, "https://example.org/nl/", "example.org/en/")))
    assert good.results[0].outcome == UPDATED
    link.refresh_from_db()
    assert link.url_en == "https://example.org/en/"


def test_a_link_address_of_another_kind_than_web_mail_or_phone_is_refused():
    link = make_link(make_translated_project(), url_nl="https://example.org/nl/")
    unit = f"projects.projectlink.{link.pk}.url:e3b0c44298fc"
    report = import_file(po_file((unit, "https://example.org/nl/", "ftp://example.org/en/")))
    assert report.results[0].outcome == REFUSED
    assert "http://, https://, mailto: or tel:" in report.results[0].message
    link.refresh_from_db()
    assert not link.url_en


# Whole files ----------------------------------------------------------------------------


@pytest.mark.parametrize("file_format", FORMATS)
def test_a_file_naming_a_unit_twice_is_refused_as_a_whole(file_format):
    project = make_dutch_only_project(title_nl="Bescherming")
    data = export(file_format)
    unit = f"projects.project.{project.pk}.title"
    if file_format == PO:
        catalogue = polib.pofile(data.decode())
        entry = next(e for e in catalogue if base_id(e.msgctxt) == unit)
        twin = polib.POEntry(msgctxt=entry.msgctxt.split(":")[0], msgid=entry.msgid, msgstr="Twin")
        catalogue.append(twin)
        data = str(catalogue).encode()
    else:
        tag = b"<trans-unit" if file_format == XLIFF12 else b"<unit"
        start = data.rindex(tag, 0, data.index(b' id="' + unit.encode()))
        end_tag = b"</trans-unit>" if file_format == XLIFF12 else b"</unit>"
        end = data.index(end_tag, start) + len(end_tag)
        data = data[:end] + data[start:end] + data[end:]
    with pytest.raises(MalformedFile, match=unit.replace(".", r"\.")):
        import_file(translate(data, file_format, {unit: "Protection"}))
    project.refresh_from_db()
    assert not project.title_en


def test_a_file_over_the_size_limit_is_refused(monkeypatch):
    monkeypatch.setattr(importer_module, "MAX_IMPORT_BYTES", 1000)
    make_dutch_only_project()
    data = export(PO)
    assert len(data) > 1000
    with pytest.raises(MalformedFile, match="larger than"):
        import_file(data)


def test_a_file_over_the_unit_limit_is_refused(monkeypatch):
    monkeypatch.setattr(importer_module, "MAX_IMPORT_UNITS", 2)
    project = make_dutch_only_project()
    data = translate(export(PO), PO, lambda unit, dutch: "English")
    with pytest.raises(MalformedFile, match="more than the 2"):
        import_file(data)
    project.refresh_from_db()
    assert not project.title_en


def test_the_upload_form_refuses_a_file_over_the_limit(client, monkeypatch):
    from translations import forms

    monkeypatch.setattr(forms, "MAX_IMPORT_BYTES", 10)
    client.force_login(make_translator())
    upload = SimpleUploadedFile("en.po", b"x" * 100)
    response = client.post("/admin/translations/import/", {"file": upload})
    assert response.status_code == 400
    assert not TranslationImport.objects.exists()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('msgctxt "x"\nmsgid "Caf\xe9"\nmsgstr "Caf\xe9"\n'.encode("latin-1"), "not UTF-8"),
        ('\ufeffmsgid "x"'.encode("utf-16"), "XML"),
        (b'<?xml version="1.0"?><html/>', "not XLIFF"),
        (b'<xliff version="3.0" xmlns="urn:x"/>', "not supported"),
        (b"", "empty"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_the_reason(content, reason):
    with pytest.raises(MalformedFile, match=reason):
        import_file(content)


def test_an_xliff_file_for_another_language_is_refused():
    make_dutch_only_project()
    data = export(XLIFF12).replace(b'target-language="en"', b'target-language="de"')
    with pytest.raises(MalformedFile, match="de"):
        import_file(data)


def test_an_xliff_file_with_entities_is_not_expanded():
    """No entity expansion (billion laughs) and no external entities (XXE)."""
    data = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c SYSTEM "file:///etc/passwd">]>'
        b'<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file '
        b'source-language="nl" target-language="en" datatype="html" original="x"><body>'
        b'<trans-unit id="projects.project.1.title"><source>&b;&c;</source>'
        b"<target>&b;</target></trans-unit></body></file></xliff>"
    )
    with pytest.raises(MalformedFile, match="document type"):
        import_file(data)


@pytest.mark.parametrize("file_format", [XLIFF12, XLIFF2])
def test_a_text_written_with_an_entity_is_refused_not_published_without_its_words(file_format):
    """An entity is never expanded: the whole file is refused, instead of the English
    being saved with the entity's words missing."""
    project = make_dutch_only_project(title_nl="Samen de Bosnische asielketen versterken")
    unit = f"projects.project.{project.pk}.title"
    data = translate(export(file_format), file_format, {unit: "Strengthening ORG chain"})
    declaration = b'<!DOCTYPE xliff [<!ENTITY org "the Bosnian">]>'
    data = data.replace(b"?>", b"?>" + declaration, 1).replace(b"ORG", b"&org;")
    with pytest.raises(MalformedFile, match="document type"):
        import_file(data)
    project.refresh_from_db()
    assert not project.title_en


# Rights, and nothing lost ---------------------------------------------------------------


def test_a_user_who_may_not_change_the_content_is_refused_per_unit():
    project = make_dutch_only_project(title_nl="Bescherming")
    report = import_file(
        po_file((f"projects.project.{project.pk}.title:e3b0c44298fc", "Bescherming", "Protection")),
        user=make_user(),
    )
    assert report.results[0].outcome == REFUSED
    assert "may not change" in report.results[0].message


def test_an_applied_import_keeps_the_previous_english_in_the_history():
    translator = make_translator()
    project = make_translated_project(summary_nl="Samenvatting.", summary_en="Summary.")
    project.summary_nl = "Een nieuwe samenvatting."
    project.save()
    unit = f"projects.project.{project.pk}.summary"
    data = translate(export(PO), PO, {unit: "A new summary."})
    assert result_of(import_file(data, user=translator), unit).outcome == UPDATED
    versions = list(revisions.history_of(project))
    fields = [version.content["item"]["fields"] for version in versions]
    assert fields[0]["summary_en"] == "A new summary."
    assert versions[0].user == translator
    assert versions[0].comment
    assert any(version["summary_en"] == "Summary." for version in fields[1:])
    assert fields[0]["countries"] == sorted(project.countries.values_list("pk", flat=True))


def test_unchanged_and_confirmed_units_write_nothing_but_the_record():
    project = make_translated_project(summary_nl="Oud.", summary_en="Old.")
    project.summary_nl = "Nieuw."
    project.save()
    versions = revisions.history_of(project).count()
    data = translate(export(PO, "all"), PO, lambda unit, dutch: None)
    catalogue = polib.pofile(data.decode())
    for entry in catalogue:
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    report = import_file(str(catalogue).encode())
    outcomes = {base_id(r.unit_id): r.outcome for r in report.results}
    assert outcomes[f"projects.project.{project.pk}.summary"] == CONFIRMED
    assert outcomes[f"projects.project.{project.pk}.title"] == UNCHANGED
    assert revisions.history_of(project).count() == versions


def test_a_dry_run_of_a_bad_file_reports_the_same_and_changes_nothing():
    project = make_translated_project(title_nl="Titel", title_en="Title")
    data = po_file(
        (f"projects.project.{project.pk}.title:e3b0c44298fc", "Titel", "Other"),
        (
            f"projects.project.{project.pk}.summary:e3b0c44298fc",
            "Een korte samenvatting.",
            "<b>x</b>",
        ),
    )
    report = import_file(data, dry_run=True)
    assert [r.outcome for r in report.results] == [CONFLICT, REFUSED]
    project.refresh_from_db()
    assert project.title_en == "Title"


def test_the_import_command_refuses_an_unreadable_file(tmp_path):
    path = tmp_path / "broken.xlf"
    path.write_bytes(b"<xliff version='1.2'><unclosed>")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_translations", str(path))


def test_a_skipped_unit_changes_nothing_and_shows_the_files_text():
    project = make_translated_project(title_en="Title", summary_en="")
    data = translate(
        export(PO, "all"), PO, {f"projects.project.{project.pk}.summary": " "}, fuzzy=True
    )
    report = import_file(data)
    result = result_of(report, f"projects.project.{project.pk}.summary")
    assert result.outcome == SKIPPED
    assert result.source == "Een korte samenvatting."
    project.refresh_from_db()
    assert project.summary_en == ""


@pytest.mark.parametrize("file_format", [XLIFF12, XLIFF2])
def test_formatting_codes_in_a_plain_text_unit_are_refused(file_format):
    """A CAT tool's <g>/<pc> around words of a title would be shown as "<1>…</1>"."""
    project = make_dutch_only_project(title_nl="Bescherming")
    unit = f"projects.project.{project.pk}.title"
    data = translate(export(file_format), file_format, {unit: "<1>Protection</1> in Kenya"})
    report = import_file(data)
    result = next(r for r in report.results if r.unit_id.startswith(unit))
    assert result.outcome == REFUSED
    assert "plain text" in result.message and "<1> </1>" in result.message
    project.refresh_from_db()
    assert not project.title_en


@pytest.mark.parametrize("file_format", [XLIFF12, XLIFF2])
def test_an_ampersand_in_a_plain_text_unit_of_xliff_is_text(file_format):
    """XLIFF holds text: "R&D" there is the three characters, not markup to refuse."""
    project = make_dutch_only_project(title_nl="Onderzoek & ontwikkeling")
    unit = f"projects.project.{project.pk}.title"
    report = import_file(translate(export(file_format), file_format, {unit: "R&amp;D in Kenya"}))
    assert [r.outcome for r in report.results if r.unit_id.startswith(unit)] == [UPDATED]
    project.refresh_from_db()
    assert project.title_en == "R&D in Kenya"


@pytest.mark.parametrize("character", ["\u202e", "\u2066", "\u200b", "\u200d", "\u2060", "\ufeff"])
def test_invisible_characters_that_reverse_or_hide_text_are_refused(character):
    project = make_dutch_only_project(title_nl="Bescherming")
    unit = f"projects.project.{project.pk}.title"
    data = translate(export(PO), PO, {unit: f"Protection{character} in Kenya"})
    result = result_of(import_file(data), unit)
    assert result.outcome == REFUSED
    assert f"U+{ord(character):04X}" in result.message
    project.refresh_from_db()
    assert not project.title_en
