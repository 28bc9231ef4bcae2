"""XLIFF 1.2 and 2.0 beside PO: the files as CAT tools expect them, and round trips
(export, translate, import) for every kind of content with inline markup intact."""

import pytest
from django.core.management import call_command
from lxml import etree

from content.registry import desk_options
from tests.factories import (
    make_country,
    make_dutch_only_project,
    make_funder,
    make_link,
    make_overview,
    make_partner,
    make_translated_project,
    make_video,
    make_workshop,
)
from tests.testapp.models import Leaflet
from tests.translations.exchange_files import FORMATS, export, translate
from translations.desk import missing_slug
from translations.exchange import (
    REFUSED,
    SKIPPED,
    UNCONFIRMED,
    UPDATED,
    XLIFF2,
    XLIFF12,
    import_file,
)
from translations.exchange.formats import XLIFF2_NS, XLIFF12_NS
from translations.exchange.units import base_id
from translations.state import COMPLETE, item_statuses

pytestmark = pytest.mark.django_db

RICH = (
    '<p>Wij werken met <strong>lokale partners</strong> in <a href="https://kenia.example.org/">'
    "Kenia</a>.<br>Sinds 2020.</p><ul><li><p>Rechtshulp in <em>Nairobi</em></p></li>"
    "<li><p>Opvang</p></li></ul>"
)
RICH_EN = (
    '<p>EN Wij werken met <strong>lokale partners</strong> in <a href="https://kenia.example.org/"'
    ' rel="noopener noreferrer">Kenia</a>.<br>Sinds 2020.</p><ul><li><p>EN Rechtshulp in '
    "<em>Nairobi</em></p></li><li><p>EN Opvang</p></li></ul>"
)


def every_kind_of_content():
    """One item of every kind on the desk, all in Dutch only."""
    make_overview(title_en=None, intro_nl=RICH, meta_description_nl="Wat we doen.")
    country = make_country(english=False, situation_nl=RICH)
    project = make_dutch_only_project(countries=[country], body_nl=RICH, photo_alt_nl="Foto")
    make_video(project, title_nl="Werk in Kakuma", caption_nl="Een bijschrift")
    make_link(project, label_nl="Lees meer", url_nl="https://example.org/nl/")
    make_workshop(project, description_nl=RICH, location_nl="Nairobi")
    make_partner("Lokale partner", plain=True, description_nl=RICH)
    make_funder("het fonds", plain=True, description_nl=RICH)
    Leaflet.objects.create(title_nl="Folder", body_nl=RICH, photo_caption_nl="Bijschrift")
    return project


def english(unit, dutch):
    if unit.endswith(".slug"):
        return f"{dutch}-en"
    if unit.endswith(".url"):
        return dutch.replace("/nl/", "/en/")
    return f"EN {dutch}"


@pytest.mark.parametrize("file_format", FORMATS)
def test_round_trip_of_every_kind_of_content(file_format):
    project = every_kind_of_content()
    data = translate(export(file_format), file_format, english)
    report = import_file(data)
    refused = [(r.unit_id, r.message) for r in report.results if r.outcome == REFUSED]
    assert refused == []
    assert {r.outcome for r in report.results} == {UPDATED}
    for kind in desk_options():
        for status in item_statuses(kind.model).values():
            assert status.state == COMPLETE, (kind.key, status.obj, status.missing)
            assert missing_slug(status.obj, True) is None, status.obj
    project.refresh_from_db()
    assert project.body_en == RICH_EN
    assert project.links.get().url_en == "https://example.org/en/"
    assert project.slug_en == f"{project.slug_nl}-en"
    assert Leaflet.objects.get().body_en == RICH_EN


@pytest.mark.parametrize("file_format", [XLIFF12, XLIFF2])
def test_an_untouched_export_imports_as_nothing_to_do(file_format):
    every_kind_of_content()
    report = import_file(export(file_format))
    assert {r.outcome for r in report.results} == {SKIPPED}


def xml(data):
    return etree.fromstring(data)


def test_xliff_12_is_the_oasis_format_with_inline_codes():
    project = make_dutch_only_project(body_nl=RICH)
    root = xml(export(XLIFF12))
    assert root.get("version") == "1.2"
    assert etree.QName(root).namespace == XLIFF12_NS
    file_node = root[0]
    assert (file_node.get("source-language"), file_node.get("target-language")) == ("nl", "en")
    unit = next(
        u
        for u in root.iter(f"{{{XLIFF12_NS}}}trans-unit")
        if base_id(u.get("id")) == f"projects.project.{project.pk}.body.1"
    )
    source = unit.find(f"{{{XLIFF12_NS}}}source")
    codes = [(etree.QName(e).localname, e.get("id"), e.get("ctype")) for e in source]
    assert codes == [("g", "1", "bold"), ("g", "2", "link"), ("x", "3", "lb")]
    target = unit.find(f"{{{XLIFF12_NS}}}target")
    # A copy of the Dutch to write over, as CAT tools expect, marked as still to translate.
    assert target.get("state") == "needs-translation"
    assert etree.tostring(target, method="text") == etree.tostring(source, method="text")
    assert "Keep the placeholders" in unit.find(f"{{{XLIFF12_NS}}}note").text


def test_xliff_2_has_pc_and_ph_codes_and_notes_on_the_unit():
    project = make_dutch_only_project(body_nl=RICH)
    root = xml(export(XLIFF2))
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.0", "nl", "en")
    unit = next(
        u
        for u in root.iter(f"{{{XLIFF2_NS}}}unit")
        if base_id(u.get("id")) == f"projects.project.{project.pk}.body.1"
    )
    assert etree.QName(unit[0]).localname == "notes"  # before the segment, as 2.0 wants
    segment = unit.find(f"{{{XLIFF2_NS}}}segment")
    assert segment.get("state") == "initial"
    assert segment.find(f"{{{XLIFF2_NS}}}target") is None
    source = segment.find(f"{{{XLIFF2_NS}}}source")
    codes = [
        (etree.QName(e).localname, e.get("id"), e.get("subType") or e.get("type"))
        for e in source.iter()
        if e is not source
    ]
    assert codes == [("pc", "1", "xlf:b"), ("pc", "2", "link"), ("ph", "3", "xlf:lb")]


def test_an_xliff_2_unit_split_into_segments_by_a_tool_is_joined_again():
    project = make_dutch_only_project(summary_nl="Eerste zin. Tweede zin.")
    data = export(XLIFF2)
    root = xml(data)
    unit = next(
        u
        for u in root.iter(f"{{{XLIFF2_NS}}}unit")
        if base_id(u.get("id")) == f"projects.project.{project.pk}.summary"
    )
    old = unit.find(f"{{{XLIFF2_NS}}}segment")
    unit.remove(old)
    for source_text, target_text, tag in [
        ("Eerste zin.", "First sentence.", "segment"),
        (" ", " ", "ignorable"),
        ("Tweede zin.", "Second sentence.", "segment"),
    ]:
        part = etree.SubElement(unit, f"{{{XLIFF2_NS}}}{tag}")
        if tag == "segment":
            part.set("state", "translated")
        etree.SubElement(part, f"{{{XLIFF2_NS}}}source").text = source_text
        etree.SubElement(part, f"{{{XLIFF2_NS}}}target").text = target_text
    import_file(etree.tostring(root))
    project.refresh_from_db()
    assert project.summary_en == "First sentence. Second sentence."


def emphasis_in_xliff12():
    """(project, unit ID, XLIFF 1.2 with the English of its one bold segment filled in)."""
    project = make_dutch_only_project(body_nl="<p>Met <strong>nadruk</strong>.</p>")
    unit = f"projects.project.{project.pk}.body.1"
    return project, unit, translate(export(XLIFF12), XLIFF12, {unit: "With <1>emphasis</1>."})


def test_markers_of_a_segmenting_tool_are_read_through():
    project, unit, data = emphasis_in_xliff12()
    data = data.replace(b"With <g", b'<mrk mtype="seg" mid="1">With <g').replace(
        b"</g>.</target>", b"</g>.</mrk></target>"
    )
    report = import_file(data)
    assert next(r for r in report.results if base_id(r.unit_id) == unit).outcome == UPDATED
    project.refresh_from_db()
    assert project.body_en == "<p>With <strong>emphasis</strong>.</p>"


def test_an_inline_element_this_site_does_not_write_is_refused_with_the_reason():
    project, unit, data = emphasis_in_xliff12()
    data = data.replace(
        b'<g id="1">emphasis</g>',
        b'<bpt id="1">&lt;b&gt;</bpt>emphasis<ept id="1">&lt;/b&gt;</ept>',
    )
    report = import_file(data)
    result = next(r for r in report.results if base_id(r.unit_id) == unit)
    assert result.outcome == REFUSED
    assert "<bpt>" in result.message
    project.refresh_from_db()
    assert not project.body_en


@pytest.mark.parametrize("file_format", FORMATS)
def test_a_suggestion_needs_a_done_mark_the_translators_own_english_does_not(file_format):
    """The memory's English unmarked is reported unconfirmed; marked done (translated, not
    fuzzy) it is applied; reworded it is the translator's work, applied whatever the mark."""
    make_translated_project(title_nl="Bescherming", title_en="Protection").delete()
    project = make_dutch_only_project(title_nl="Bescherming")
    unit = f"projects.project.{project.pk}.title"

    def outcome(data):
        return next(r for r in import_file(data).results if base_id(r.unit_id) == unit).outcome

    assert outcome(
        translate(export(file_format), file_format, {unit: "Protection"}, fuzzy=True)
    ) == (UNCONFIRMED)
    reworded = translate(export(file_format), file_format, {unit: "Safety"}, fuzzy=True)
    assert outcome(reworded) == UPDATED
    project.refresh_from_db()
    assert project.title_en == "Safety"


@pytest.mark.parametrize("file_format", FORMATS)
def test_a_suggestion_marked_done_is_applied(file_format):
    make_translated_project(title_nl="Bescherming", title_en="Protection").delete()
    project = make_dutch_only_project(title_nl="Bescherming")
    unit = f"projects.project.{project.pk}.title"
    done = translate(export(file_format), file_format, {unit: "Protection"})
    assert next(r for r in import_file(done).results if base_id(r.unit_id) == unit).outcome == (
        UPDATED
    )


def test_commands_export_and_import_xliff(tmp_path, capsys):
    project = make_dutch_only_project(title_nl="Bescherming")
    path = tmp_path / "en.xlf"
    call_command("export_translations", "--format", "xliff2", "--scope", "missing", "-o", str(path))
    unit = f"projects.project.{project.pk}.title"
    path.write_bytes(translate(path.read_bytes(), XLIFF2, {unit: "Protection"}))
    call_command("import_translations", str(path), "--dry-run")
    assert "Dry run" in capsys.readouterr().out
    project.refresh_from_db()
    assert not project.title_en
    call_command("import_translations", str(path))
    project.refresh_from_db()
    assert project.title_en == "Protection"


def test_the_desk_exports_xliff_for_download(client):
    from tests.factories import make_translator

    client.force_login(make_translator())
    make_dutch_only_project()
    response = client.get(
        "/admin/translations/export/", {"scope": "missing", "file_format": "xliff12"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xliff+xml")
    assert response["Content-Disposition"].endswith('.xlf"')
    assert xml(response.content).get("version") == "1.2"


@pytest.mark.parametrize("file_format", [XLIFF12, XLIFF2])
def test_old_dutch_with_a_control_character_still_exports_and_is_refused_on_import(file_format):
    from projects.models import Project

    project = make_dutch_only_project()
    Project.objects.filter(pk=project.pk).update(title_nl="Bescherming\x07 in Kenia")
    data = export(file_format)
    unit = f"projects.project.{project.pk}.title"
    report = import_file(translate(data, file_format, {unit: "Protection in Kenya"}))
    assert next(r for r in report.results if base_id(r.unit_id) == unit).outcome == REFUSED


@pytest.mark.parametrize("mark", [{"state": "final"}, {"state": "signed-off"}, {"approved": "yes"}])
def test_a_suggestion_marked_done_in_any_common_xliff_way_is_applied(mark):
    """Trados, memoQ and others confirm with a state or approved="yes"."""
    make_translated_project(title_nl="Bescherming", title_en="Protection").delete()
    project = make_dutch_only_project(title_nl="Bescherming")
    unit = f"projects.project.{project.pk}.title"
    root = etree.fromstring(
        translate(export(XLIFF12), XLIFF12, {unit: "Protection"}, state="needs-translation")
    )
    element = next(
        u for u in root.iter(f"{{{XLIFF12_NS}}}trans-unit") if base_id(u.get("id")) == unit
    )
    if "approved" in mark:
        element.set("approved", "yes")
    else:
        element.find(f"{{{XLIFF12_NS}}}target").set("state", mark["state"])
    result = next(
        r for r in import_file(etree.tostring(root)).results if base_id(r.unit_id) == unit
    )
    assert result.outcome == UPDATED
