"""The glossary (termbase): terms shown to translators, exported, and checked on import."""

import csv
import io
import zipfile

import pytest
from django.utils import translation
from translate.storage.tbx import tbxfile

from tests.factories import admin_url, make_dutch_only_project, make_translator
from tests.translations.exchange_files import export, translate
from translations.exchange import PO, UPDATED, XLIFF12, export_bundle, import_file
from translations.exchange.units import base_id
from translations.models import GlossaryTerm

pytestmark = pytest.mark.django_db


@pytest.fixture
def glossary():
    GlossaryTerm.objects.create(dutch="ECRE")
    GlossaryTerm.objects.create(dutch="Matra-fonds", note="a fund's name: keep it")
    GlossaryTerm.objects.create(dutch="Nationale Postcode Loterij")
    GlossaryTerm.objects.create(dutch="=HYPERLINK(1)", english="-bad")


def test_a_translation_that_drops_a_required_term_is_applied_with_a_warning(glossary):
    project = make_dutch_only_project(
        body_nl="<p>Met steun van de Nationale Postcode Loterij en het Matra-fonds.</p>"
    )
    unit = f"projects.project.{project.pk}.body.1"
    data = translate(
        export(PO), PO, {unit: "With support from the Dutch Postcode Lottery and Matra-fonds."}
    )
    with translation.override("en"):
        result = next(r for r in import_file(data).results if base_id(r.unit_id) == unit)
    assert result.outcome == UPDATED
    assert result.message == "Glossary: the English lacks “Nationale Postcode Loterij”."
    assert "Matra-fonds" not in result.message


def test_a_translation_that_keeps_the_terms_has_no_warning(glossary):
    project = make_dutch_only_project(title_nl="Samen met ECRE")
    unit = f"projects.project.{project.pk}.title"
    data = translate(export(PO), PO, {unit: "Together with ecre"})
    result = next(r for r in import_file(data).results if base_id(r.unit_id) == unit)
    assert (result.outcome, result.message) == (UPDATED, "")


def test_exported_units_name_their_terms_in_the_note(glossary):
    project = make_dutch_only_project(title_nl="Samen met ECRE")
    data = export(XLIFF12).decode()
    assert "Glossary: ECRE → ECRE" in data
    assert str(project.pk) in data


def test_the_translators_form_shows_the_terms_beside_the_segment(glossary, client):
    project = make_dutch_only_project(body_nl="<p>Het Matra-fonds betaalt.</p>")
    client.force_login(make_translator())
    page = client.get(admin_url(project)).content.decode()
    assert '<span lang="nl">Matra-fonds</span> → <strong lang="en">Matra-fonds</strong>' in page


def test_the_glossary_is_exported_as_tbx_and_as_csv_without_formulas(glossary, client):
    client.force_login(make_translator())
    tbx = tbxfile.parsestring(client.get("/admin/translations/glossary.tbx").content)
    assert {(unit.source, unit.target) for unit in tbx.units} >= {
        ("ECRE", "ECRE"),
        ("Nationale Postcode Loterij", "Nationale Postcode Loterij"),
    }
    rows = list(
        csv.reader(io.StringIO(client.get("/admin/translations/glossary.csv").content.decode()))
    )
    assert ["Matra-fonds", "Matra-fonds", "a fund's name: keep it"] in rows
    assert ["'=HYPERLINK(1)", "'-bad", ""] in rows
    bundle = zipfile.ZipFile(io.BytesIO(export_bundle(file_format=XLIFF12)[0]))
    assert "vwn-glossary.tbx" in bundle.namelist()


def test_terms_are_added_and_removed_on_the_desk(client):
    client.force_login(make_translator())
    response = client.post(
        "/admin/translations/glossary/", {"dutch": "Matra-fonds", "english": ""}, follow=True
    )
    assert GlossaryTerm.objects.get().target == "Matra-fonds"
    assert "Matra-fonds" in response.content.decode()
    response = client.post(
        "/admin/translations/glossary/", {"dutch": "Matra-fonds\u0007"}, follow=True
    )
    assert response.status_code == 200 and GlossaryTerm.objects.count() == 1
    client.post("/admin/translations/glossary/", {"delete": GlossaryTerm.objects.get().pk})
    assert not GlossaryTerm.objects.exists()


def test_the_form_warns_beside_english_that_lacks_a_term(glossary, client):
    from tests.factories import make_translated_project

    project = make_translated_project(
        body_nl="<p>Het Matra-fonds betaalt.</p>", body_en="<p>The Matra Fund pays.</p>"
    )
    client.force_login(make_translator())
    page = client.get(admin_url(project)).content.decode()
    assert 'The English lacks a glossary term: <strong lang="en">Matra-fonds</strong>' in page
