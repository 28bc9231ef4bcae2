"""A real CAT tool reads the XLIFF export and its file imports cleanly: OmegaT (Debian
package ``omegat``) translates an exported XLIFF 1.2 file in console mode from a
translation memory (TMX) written here, and the file it writes back is imported. The round
trip with the desk's download (the file and the site's memory as TMX for OmegaT's tm/auto
folder) brings every unit home: new, filled from the site's memory, and outdated.

Runs where OmegaT and Java are installed (``.ci/run`` installs ``omegat``); skipped with the
reason elsewhere. Notes on OmegaT's console mode: /work/shared/notes/omegat.md.
"""

import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from translate.storage.tmx import tmxfile

from projects.models import Project
from tests.factories import (
    make_dutch_only_project,
    make_link,
    make_translated_project,
    make_video,
)
from translations.exchange import (
    NEEDS_WORK,
    PO,
    UNCONFIRMED,
    UPDATED,
    XLIFF2,
    XLIFF12,
    export_bundle,
    export_file,
    import_file,
    reports,
)
from translations.exchange.units import base_id
from translations.segments import tokens
from translations.state import COMPLETE, item_status

OMEGAT_JAR = Path(os.environ.get("OMEGAT_JAR", "/usr/share/omegat/OmegaT.jar"))

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("java") is None, reason="Java is not installed"),
    pytest.mark.skipif(
        not OMEGAT_JAR.exists(),
        reason=f"OmegaT is not installed ({OMEGAT_JAR} missing; apt-get install omegat)",
    ),
]

PROJECT_FILE = """<?xml version="1.0" encoding="UTF-8"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <source_dir_excludes/>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>nl</source_lang>
    <target_lang>en</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneDutchTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
    <sentence_seg>false</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""

# What the translator's memory says, in the exchange notation of segments.py.
ENGLISH = {
    "Bescherming in Kenia": "Protection in Kenya",
    "Een korte samenvatting.": "A short summary.",
    "Wij werken met <1>lokale partners</1> in <2>Kenia</2>.<3/>Sinds 2020.": (
        "We work with <1>local partners</1> in <2>Kenya</2>.<3/>Since 2020."
    ),
    "Met <1>nadruk</1> gezegd.": "Said <1>emphatically</1>.",
    "Werk in Kakuma": "Work in Kakuma",
    "Lees meer": "Read more",
    "bescherming-in-kenia": "protection-in-kenya",
}


def to_omegat(notation, order):
    """The notation as OmegaT shows it: codes as short tags numbered in the order they
    appear in the Dutch (<g0>…</g0>, <x2/>); ``order`` maps our code numbers to theirs."""
    parts = []
    for kind, value in tokens(notation):
        if kind == "text":
            parts.append(value.replace("&lt;", "<").replace("&amp;", "&"))
        elif kind == "open":
            parts.append(f"<g{order[value]}>")
        elif kind == "close":
            parts.append(f"</g{order[value]}>")
        else:
            parts.append(f"<x{order[value]}/>")
    return "".join(parts)


def code_order(notation):
    order = {}
    for kind, value in tokens(notation):
        if kind in ("open", "empty") and value not in order:
            order[value] = len(order)
    return order


def run_omegat(project_dir, config_dir):
    return subprocess.run(
        [
            "java",
            "-jar",
            str(OMEGAT_JAR),
            str(project_dir),
            "--mode=console-translate",
            f"--config-dir={config_dir}",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_omegat_translates_an_xliff_export_that_then_imports_cleanly(tmp_path):
    project = make_dutch_only_project(
        title_nl="Bescherming in Kenia",
        slug="bescherming-in-kenia",
        body_nl=(
            '<p>Wij werken met <strong>lokale partners</strong> in <a href="https://kenia.example.org/">'
            "Kenia</a>.<br>Sinds 2020.</p><ul><li><p>Met <em>nadruk</em> gezegd.</p></li></ul>"
        ),
    )
    make_video(project, title_nl="Werk in Kakuma")
    make_link(project, label_nl="Lees meer")
    content, _name, _type = export_file(NEEDS_WORK, XLIFF12)

    root = tmp_path / "omegat-project"
    for folder in ("source", "target", "tm", "glossary", "dictionary", "omegat"):
        (root / folder).mkdir(parents=True)
    (root / "omegat.project").write_text(PROJECT_FILE, encoding="utf-8")
    (root / "source" / "vwn-projects.xlf").write_bytes(content)
    memory = tmxfile(sourcelanguage="nl", targetlanguage="en")
    for dutch, english in ENGLISH.items():
        order = code_order(dutch)
        memory.addtranslation(to_omegat(dutch, order), "nl", to_omegat(english, order), "en")
    # The project's own memory is what console mode applies (tm/ would only be fuzzy).
    (root / "omegat" / "project_save.tmx").write_bytes(bytes(memory))

    result = run_omegat(root, tmp_path / "omegat-config")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    stats = (root / "omegat" / "project_stats.txt").read_text(encoding="utf-8")
    total = int(re.search(r"Total:\s+(\d+)", stats).group(1))
    assert total >= len(ENGLISH), stats  # OmegaT understood the file
    translated = (root / "target" / "vwn-projects.xlf").read_bytes()
    assert translated != content

    report = import_file(translated)
    outcomes = {base_id(r.unit_id): (r.outcome, r.message) for r in report.results}
    pk = project.pk
    for unit in (
        f"projects.project.{pk}.title",
        f"projects.project.{pk}.summary",
        f"projects.project.{pk}.body.1",
        f"projects.project.{pk}.body.2",
        f"projects.project.{pk}.slug",
    ):
        assert outcomes[unit][0] == UPDATED, (unit, outcomes[unit])
    assert report.count(UPDATED) == len(ENGLISH)
    assert {outcome for outcome, _message in outcomes.values()} == {UPDATED, "skipped"}

    project.refresh_from_db()
    assert project.title_en == "Protection in Kenya"
    assert project.slug_en == "protection-in-kenya"
    assert project.body_en == (
        '<p>We work with <strong>local partners</strong> in <a href="https://kenia.example.org/" '
        'rel="noopener noreferrer">Kenya</a>.<br>Since 2020.</p>'
        "<ul><li><p>Said <em>emphatically</em>.</p></li></ul>"
    )
    assert project.videos.get().title_en == "Work in Kakuma"
    assert project.links.get().label_en == "Read more"


def omegat_project(root, source_name, content):
    for folder in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
        (root / folder).mkdir(parents=True)
    (root / "omegat.project").write_text(PROJECT_FILE, encoding="utf-8")
    (root / "source" / source_name).write_bytes(content)


@pytest.mark.parametrize("file_format", [XLIFF12, PO])
def test_omegat_fills_new_remembered_and_outdated_units_and_every_unit_lands(tmp_path, file_format):
    """The desk's download unpacked into an OmegaT project: the site's memory (TMX) in
    tm/auto fills the units it knows, the translator's own memory the rest (new units, an
    outdated one, and a suggestion the translator reworded); the import applies the
    translator's work, lists the memory's English OmegaT left unmarked for one click, and
    after it every unit is in the site."""
    # The memory knows two paragraphs (a project since deleted) and a summary.
    make_translated_project(
        summary_nl="Samen sterker.",
        summary_en="Stronger together.",
        body_nl="<p>Wij werken met <strong>lokale</strong> partners.</p><p>Tot slot.</p>",
        body_en="<p>We work with <strong>local</strong> partners.</p><p>Finally.</p>",
    ).delete()
    new = make_dutch_only_project(
        title_nl="Hulp in Oeganda",
        summary_nl="Samen sterker.",  # from the site's memory
        body_nl=(
            "<p>Wij werken met <strong>lokale</strong> partners.</p>"  # from the site's memory
            "<p>Tot slot.</p>"  # the memory's English, reworded by the translator
            "<p>Een nieuwe alinea.</p>"
        ),
    )
    outdated = make_translated_project(title_nl="Oude titel", title_en="Old title")
    Project.objects.filter(pk=outdated.pk).update(title_nl="Nieuwe titel")
    bundle, _name = export_bundle(NEEDS_WORK, file_format)
    files = zipfile.ZipFile(io.BytesIO(bundle))
    export_name = next(n for n in files.namelist() if n.startswith("vwn-projects-"))

    root = tmp_path / "omegat-project"
    omegat_project(root, export_name, files.read(export_name))
    (root / "tm" / "auto" / "vwn-memory.tmx").write_bytes(
        files.read("omegat/tm/auto/vwn-memory.tmx")
    )
    translators = {
        "Hulp in Oeganda": "Help in Uganda",
        "Tot slot.": "To conclude.",
        "Een nieuwe alinea.": "A new paragraph.",
        "Nieuwe titel": "New title",
    }
    memory = tmxfile(sourcelanguage="nl", targetlanguage="en")
    for dutch, english in translators.items():
        memory.addtranslation(dutch, "nl", english, "en")
    (root / "omegat" / "project_save.tmx").write_bytes(bytes(memory))

    result = run_omegat(root, tmp_path / "omegat-config")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    stats = (root / "omegat" / "project_stats.txt").read_text(encoding="utf-8")
    assert int(re.search(r"Total:\s+(\d+)", stats).group(1)) >= 7, stats
    translated = (root / "target" / export_name).read_bytes()

    report = import_file(translated)
    outcomes = {base_id(r.unit_id): r for r in report.results}
    pk = new.pk
    for unit in (
        f"projects.project.{pk}.title",
        f"projects.project.{pk}.body.2",  # the reworded suggestion
        f"projects.project.{pk}.body.3",
        f"projects.project.{outdated.pk}.title",
    ):
        assert outcomes[unit].outcome == UPDATED, (unit, outcomes[unit])
    remembered = [f"projects.project.{pk}.summary", f"projects.project.{pk}.body.1"]
    if file_format == PO:
        # OmegaT drops "fuzzy" from what it fills: the file marks it done.
        assert [outcomes[unit].outcome for unit in remembered] == [UPDATED, UPDATED]
    else:
        # OmegaT leaves state="needs-translation": listed, with the English to accept.
        assert [outcomes[unit].outcome for unit in remembered] == [UNCONFIRMED, UNCONFIRMED]
        assert outcomes[remembered[0]].file == "Stronger together."
        stored = reports.store(report)
        assert reports.accept(stored, "all") == 2

    new.refresh_from_db()
    assert new.title_en == "Help in Uganda"
    assert new.summary_en == "Stronger together."
    assert new.body_en == (
        "<p>We work with <strong>local</strong> partners.</p><p>To conclude.</p>"
        "<p>A new paragraph.</p>"
    )
    outdated.refresh_from_db()
    assert outdated.title_en == "New title"
    assert item_status(outdated).state == COMPLETE


def test_omegat_finds_no_unit_in_xliff_2_as_the_desk_tells_translators(tmp_path, client):
    """OmegaT 3.6 (Debian's; no newer one nor the Okapi filters plugin is packaged) reads
    XLIFF 1.x only: the desk must not send OmegaT users to XLIFF 2.0."""
    from tests.factories import make_translator

    make_dutch_only_project(title_nl="Hulp in Oeganda")
    root = tmp_path / "omegat-project"
    omegat_project(root, "vwn-projects.xlf", export_file(NEEDS_WORK, XLIFF2)[0])
    result = run_omegat(root, tmp_path / "omegat-config")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    stats = (root / "omegat" / "project_stats.txt").read_text(encoding="utf-8")
    assert int(re.search(r"Total:\s+(\d+)", stats).group(1)) == 0, stats

    client.force_login(make_translator())
    page = " ".join(client.get("/admin/translations/").content.decode().split())
    assert "XLIFF 1.2 for CAT tools such as OmegaT" in page
    assert "OmegaT 3.6 on its own finds no unit in it" in page
