import datetime

import pytest
from lxml import etree

from iati.schema import schema_errors, schema_path
from projects.models import ProjectPartner
from tests.factories import (
    SUMMARY_ONLY,
    add_funding,
    add_partner,
    add_workshop_with_report,
    make_country,
    make_funder,
    make_partner,
    make_project,
)

SITE_URL = "https://projecten.example.org"


@pytest.fixture(autouse=True)
def iati_settings(settings):
    settings.SITE_URL = SITE_URL
    settings.IATI_REPORTING_ORG_IDENTIFIER = "NL-KVK-99999999"
    settings.IATI_REPORTING_ORG_NAME = "VluchtelingenWerk Nederland"
    settings.IATI_REPORTING_ORG_TYPE = "22"
    settings.IATI_DEFAULT_SECTOR = "15136"
    settings.IATI_DEFAULT_CURRENCY = "EUR"
    return settings


@pytest.fixture
def assert_valid_iati():
    """Validate an lxml document or XML bytes against the official IATI 2.03 schema."""
    if schema_path() is None:
        pytest.skip(
            "IATI 2.03 XSD not found: set IATI_SCHEMA_DIR or put the schema in "
            "../shared/iati/2.03 next to the repository"
        )

    def check(document):
        if isinstance(document, bytes):
            document = etree.fromstring(document).getroottree()
        errors = schema_errors(document)
        assert errors == [], "\n".join(errors)

    return check


@pytest.fixture
def full_project(db):
    """A project that uses every part of the mapping."""
    project = make_project(
        [
            make_country("RS", plain=True, name_en="Serbia"),
            make_country("BA", plain=True),
            make_country("ME", plain=True),
        ],
        **SUMMARY_ONLY,
        title_en="Strengthening the asylum system",
        summary_en="A short summary.",
        body_nl="<p>Wat <strong>wij</strong> doen &amp; waarom.</p><p>Tweede alinea.</p>",
        start_date=datetime.date(2024, 3, 1),
        end_date=datetime.date(2026, 8, 31),
        actual_start_date=datetime.date(2024, 3, 15),
        sector="15160",
    )
    add_funding(
        project,
        make_funder(
            "het ministerie van Buitenlandse Zaken",
            plain=True,
            name_en="the Dutch Ministry of Foreign Affairs",
            iati_identifier="XM-DAC-7",
        ),
        amount="250000.00",
    )
    add_partner(
        project, make_partner("Centre for Democracy and Human Rights", plain=True, acronym="CEDEM")
    )
    add_partner(
        project, make_partner("IND", plain=True, kind="government"), ProjectPartner.Role.TRAINER
    )
    add_workshop_with_report(project, title_en="Asylum procedures", date=datetime.date(2024, 6, 3))
    return project
