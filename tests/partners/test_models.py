"""Partner organisations and funding sources: names, logo alt text and their IATI codes."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from partners.models import FundingSource, PartnerOrganisation
from tests.factories import make_funder, make_partner

pytestmark = pytest.mark.django_db


def test_a_partner_reads_as_its_name_and_acronym():
    partner = make_partner("Centre for Democracy and Human Rights", acronym="CEDEM")

    assert str(partner) == "Centre for Democracy and Human Rights (CEDEM)"


def test_a_partner_without_an_acronym_reads_as_its_name():
    assert str(make_partner("Helsinki Citizens Assembly")) == "Helsinki Citizens Assembly"


def test_a_funder_reads_as_its_name_as_in_a_sentence():
    assert str(make_funder("het ministerie van Buitenlandse Zaken")) == (
        "het ministerie van Buitenlandse Zaken"
    )


def test_the_logo_alt_text_names_the_partner_in_the_active_language():
    partner = make_partner("Centrum voor Democratie", name_en="Centre for Democracy")

    with translation.override("nl"):
        assert partner.logo_alt == "Logo van Centrum voor Democratie"
    with translation.override("en"):
        assert partner.logo_alt == "Logo of Centre for Democracy"


def test_the_logo_alt_text_uses_the_dutch_name_until_there_is_an_english_one():
    partner = make_partner("CEDEM", plain=True)

    with translation.override("en"):
        assert partner.logo_alt == "Logo of CEDEM"


@pytest.mark.parametrize(
    ("make", "kind", "organisation_type"),
    [
        (make_partner, "local_ngo", "24"),  # partner-country-based NGO
        (make_partner, "international_ngo", "21"),
        (make_partner, "government", "10"),
        (make_partner, "knowledge_institute", "80"),  # academic, training and research
        (make_partner, "international_org", "40"),  # multilateral
        (make_partner, "other", "90"),
        (make_funder, "eu", "40"),  # multilateral
        (make_funder, "national_government", "10"),
        (make_funder, "embassy_fund", "10"),
        (make_funder, "foundation", "60"),
        (make_funder, "lottery", "60"),
        (make_funder, "private_donors", "90"),
        (make_funder, "other", "90"),
    ],
    ids=lambda value: value.__name__.removeprefix("make_") if callable(value) else value,
)
def test_the_organisation_type_follows_from_the_kind(make, kind, organisation_type):
    assert make(kind=kind).organisation_type == organisation_type


def test_the_editors_organisation_type_for_a_partner_wins_over_its_kind():
    partner = make_partner(kind=PartnerOrganisation.Kind.LOCAL_NGO, iati_org_type="80")

    assert partner.organisation_type == "80"


def test_the_editors_organisation_type_for_a_funder_wins_over_its_kind():
    funder = make_funder(kind=FundingSource.Kind.LOTTERY, iati_org_type="70")

    assert funder.organisation_type == "70"


def test_an_unknown_kind_is_the_organisation_type_other():
    assert PartnerOrganisation(kind="").organisation_type == "90"
    assert FundingSource(kind="").organisation_type == "90"


def test_a_funder_with_its_own_identifier_is_referred_to_by_it():
    ministry = make_funder(iati_identifier="XM-DAC-7")
    fund = make_funder(parent=ministry, iati_identifier="XM-DAC-7-MATRA")

    assert fund.iati_ref == "XM-DAC-7-MATRA"
    assert ministry.iati_ref == "XM-DAC-7"


def test_a_fund_without_an_identifier_is_referred_to_by_the_funder_it_belongs_to():
    ministry = make_funder(iati_identifier="XM-DAC-7")
    department = make_funder(parent=ministry)
    fund = make_funder(parent=department)

    assert fund.iati_ref == "XM-DAC-7"


def test_a_funder_without_an_identifier_in_its_line_has_no_reference():
    assert make_funder(parent=make_funder()).iati_ref == ""


def test_a_cycle_of_funders_ends_instead_of_looping_forever():
    first = make_funder()
    second = make_funder(parent=first)
    FundingSource.objects.filter(pk=first.pk).update(parent=second)  # an editor's mistake
    first.refresh_from_db()
    queries = []

    def at_most_a_few_queries(execute, sql, params, many, context):
        queries.append(sql)
        assert len(queries) <= 5, "iati_ref keeps following the cycle"
        return execute(sql, params, many, context)

    with connection.execute_wrapper(at_most_a_few_queries):
        assert first.iati_ref == ""


def test_a_cycle_still_finds_an_identifier_on_the_way():
    first = make_funder()
    second = make_funder(parent=first, iati_identifier="XM-DAC-7")
    FundingSource.objects.filter(pk=first.pk).update(parent=second)
    first.refresh_from_db()

    assert first.iati_ref == "XM-DAC-7"


def test_a_partner_can_be_based_in_kosovo(client):
    from tests.factories import add_partner, make_project

    partner = make_partner("Kosovo Rehabilitation Centre", home_country="XK")
    partner.full_clean()
    add_partner(make_project(), partner)
    html = client.get(partner.get_absolute_url()).content.decode()
    assert " · Kosovo</p>" in html


def test_a_funder_cannot_be_part_of_itself_directly_or_through_others():
    ministry = make_funder("het ministerie")
    fund = make_funder("het Matra-fonds", parent=ministry)
    ministry.parent = ministry
    with pytest.raises(ValidationError) as itself:
        ministry.full_clean()
    assert "parent" in itself.value.message_dict
    ministry.parent = fund
    with pytest.raises(ValidationError) as through_another:
        ministry.full_clean()
    assert "parent" in through_another.value.message_dict
    ministry.parent = None
    fund.full_clean()  # the ministry's fund, as it should be
