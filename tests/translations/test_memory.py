"""The translation memory: the same Dutch translated before is offered again as a
suggestion, which a translator confirms before it counts."""

import polib
import pytest
from django.core.management import call_command
from lxml import etree

from projects.models import Project
from tests.admin_forms import change_form_data
from tests.factories import (
    admin_url,
    make_dutch_only_project,
    make_translated_project,
    make_translator,
)
from tests.translations.exchange_files import export, segment_inputs
from translations.exchange import (
    PO,
    SKIPPED,
    UNCONFIRMED,
    UPDATED,
    XLIFF2,
    XLIFF12,
    import_file,
)
from translations.exchange.formats import XLIFF2_MATCHES_NS, XLIFF2_NS, XLIFF12_NS
from translations.exchange.units import base_id
from translations.memory import suggestions
from translations.models import MemorySegment

pytestmark = pytest.mark.django_db

SHARED = "<p>Wij werken samen met <strong>lokale</strong> organisaties.</p>"
SHARED_EN = "<p>We work with <strong>local</strong> organisations.</p>"
NOTATION = "Wij werken samen met <1>lokale</1> organisaties."


def translated_elsewhere():
    """A project whose English of a paragraph the memory now knows, then deleted: only
    the memory remembers it."""
    make_translated_project(
        body_nl=SHARED + "<p>Anders.</p>", body_en=SHARED_EN + "<p>Other.</p>"
    ).delete()


def test_saving_english_teaches_the_memory_per_segment():
    translated_elsewhere()
    assert suggestions([NOTATION]) == {NOTATION: "We work with <1>local</1> organisations."}
    assert MemorySegment.objects.filter(source="Anders.", english="Other.").exists()


def test_a_repeated_dutch_segment_is_a_fuzzy_suggestion_in_po():
    translated_elsewhere()
    project = make_dutch_only_project(body_nl=SHARED)
    entry = next(
        e
        for e in polib.pofile(export(PO).decode())
        if base_id(e.msgctxt) == f"projects.project.{project.pk}.body.1"
    )
    assert entry.msgstr == "We work with <1>local</1> organisations."
    assert "fuzzy" in entry.flags


def test_an_unconfirmed_suggestion_is_not_imported_a_confirmed_one_is():
    translated_elsewhere()
    project = make_dutch_only_project(body_nl=SHARED)
    data = export(PO)
    unit = f"projects.project.{project.pk}.body.1"
    report = import_file(data)
    result = next(r for r in report.results if base_id(r.unit_id) == unit)
    assert result.outcome == UNCONFIRMED
    assert result.file == "We work with <1>local</1> organisations."  # shown in the report
    project.refresh_from_db()
    assert not project.body_en
    catalogue = polib.pofile(data.decode())
    for entry in catalogue:
        if base_id(entry.msgctxt) == unit:
            entry.flags.remove("fuzzy")  # the translator's "confirm"
    report = import_file(str(catalogue).encode())
    assert next(r for r in report.results if base_id(r.unit_id) == unit).outcome == UPDATED
    project.refresh_from_db()
    assert project.body_en == SHARED_EN


@pytest.mark.parametrize("file_format", [XLIFF12, XLIFF2])
def test_a_suggestion_in_xliff_is_offered_beside_the_target_never_as_it(file_format):
    """A tool that keeps the target as it found it (OmegaT) must not make a suggestion look
    like the translator's work: the target is the copy of the Dutch (1.2) or absent (2.0);
    the suggestion is an <alt-trans> (1.2) or a match of the matches module (2.0)."""
    translated_elsewhere()
    project = make_dutch_only_project(body_nl=SHARED)
    root = etree.fromstring(export(file_format))
    ns = XLIFF12_NS if file_format == XLIFF12 else XLIFF2_NS
    tag = "trans-unit" if file_format == XLIFF12 else "unit"
    unit = next(
        u
        for u in root.iter(f"{{{ns}}}{tag}")
        if base_id(u.get("id")) == f"projects.project.{project.pk}.body.1"
    )
    if file_format == XLIFF12:
        target = unit.find(f"{{{ns}}}target")
        assert etree.tostring(target, method="text", encoding="unicode", with_tail=False) == (
            "Wij werken samen met lokale organisaties."
        )
        assert target.get("state") == "needs-translation"
        match = unit.find(f"{{{ns}}}alt-trans")
        assert (match.get("origin"), match.get("match-quality")) == ("vwn-memory", "100")
    else:
        assert unit.find(f"{{{ns}}}segment/{{{ns}}}target") is None
        match = unit.find(f"{{{XLIFF2_MATCHES_NS}}}matches/{{{XLIFF2_MATCHES_NS}}}match")
        assert (match.get("origin"), match.get("similarity")) == ("vwn-memory", "100.0")
    english = match.find(f"{{{ns}}}target")
    assert etree.tostring(english, method="text", encoding="unicode", with_tail=False) == (
        "We work with local organisations."
    )
    assert {r.outcome for r in import_file(etree.tostring(root)).results} == {SKIPPED}


def test_up_to_date_english_elsewhere_suggests_even_before_the_memory_learnt_it():
    make_translated_project(body_nl=SHARED, body_en=SHARED_EN)
    MemorySegment.objects.all().delete()  # as on a site from before the memory
    project = make_dutch_only_project(body_nl=SHARED)
    entry = next(
        e
        for e in polib.pofile(export(PO).decode())
        if base_id(e.msgctxt) == f"projects.project.{project.pk}.body.1"
    )
    assert entry.msgstr == "We work with <1>local</1> organisations."


def test_the_translators_form_offers_the_suggestion_to_take(client):
    translated_elsewhere()
    project = make_dutch_only_project(body_nl=SHARED)
    client.force_login(make_translator())
    response = client.get(admin_url(project))
    html = response.content.decode()
    assert "We work with &lt;1&gt;local&lt;/1&gt; organisations." in html
    data = {**change_form_data(response), **segment_inputs(response, "body_en")}
    data["body_en__use"] = "1"
    assert client.post(admin_url(project), data).status_code == 302
    project.refresh_from_db()
    assert project.body_en == SHARED_EN


def test_rebuilding_the_memory_reads_all_up_to_date_english(capsys):
    make_translated_project(body_nl=SHARED, body_en=SHARED_EN)
    MemorySegment.objects.all().delete()
    call_command("rebuild_translation_memory")
    assert "pairs" in capsys.readouterr().out
    assert suggestions([NOTATION])


def test_outdated_english_is_not_learnt():
    project = make_translated_project(summary_nl="Oud.", summary_en="Old.")
    MemorySegment.objects.all().delete()
    Project.objects.filter(pk=project.pk).update(summary_nl="Nieuw.")
    call_command("rebuild_translation_memory")
    assert not suggestions(["Nieuw."])
