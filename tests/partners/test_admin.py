"""The partner and funder admin: what the lists show and find, and the forms' layout."""

import json
import re
from html import unescape

import pytest
from django.urls import reverse

from partners.models import FundingSource, PartnerOrganisation
from tests.factories import make_funder, make_partner

pytestmark = pytest.mark.django_db

PARTNERS = reverse("admin:partners_partnerorganisation_changelist")
FUNDERS = reverse("admin:partners_fundingsource_changelist")


def row_of(html, obj):
    """The changelist row that links to ``obj``."""
    url = reverse(f"admin:partners_{obj._meta.model_name}_change", args=[obj.pk])
    rows = re.findall(r"<tr>.*?</tr>", html, re.S)
    [row] = [row for row in rows if f'href="{url}"' in row]
    return row


def cell(row, field):
    return re.search(rf'<t[dh] class="field-{field}[^"]*">(.*?)</t[dh]>', row, re.S).group(1)


def prepopulated(response):
    """Each slug the form fills in as the editor types: {field: the fields it follows}."""
    found = re.search(r'data-prepopulated-fields="([^"]*)"', response.content.decode())
    fields = json.loads(unescape(found.group(1)))
    return {field["name"]: field["dependency_list"] for field in fields}


def listed(response):
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


@pytest.fixture
def cedem():
    return make_partner(
        "Centre for Democracy and Human Rights",
        acronym="CEDEM",
        kind=PartnerOrganisation.Kind.LOCAL_NGO,
        home_country="ME",
        website="https://www.cedem.me/",
    )


@pytest.fixture
def ind():
    return make_partner(
        "Immigratie- en Naturalisatiedienst",
        acronym="IND",
        kind=PartnerOrganisation.Kind.GOVERNMENT,
        website="https://ind.nl/",
    )


def test_the_partner_list_shows_acronym_kind_home_country_and_website(superuser_client, cedem, ind):
    response = superuser_client.get(PARTNERS)

    assert listed(response) == [cedem, ind]
    html = response.content.decode()
    for column in ("name", "acronym", "kind", "home_country", "website", "logo_thumbnail"):
        assert f"column-{column}" in html, column
    row = row_of(html, cedem)
    assert "Centre for Democracy and Human Rights" in cell(row, "name")
    assert cell(row, "acronym") == "CEDEM"
    assert cell(row, "kind") == "lokale ngo"  # the admin is in Dutch
    assert cell(row, "home_country") == "Montenegro"
    assert cell(row, "website") == '<a href="https://www.cedem.me/">https://www.cedem.me/</a>'
    assert cell(row_of(html, ind), "kind") == "overheidsinstantie"


@pytest.mark.parametrize("query", ["CEDEM", "cedem.me", "Democracy"])
def test_partners_are_found_by_name_acronym_and_website(superuser_client, cedem, ind, query):
    assert listed(superuser_client.get(PARTNERS, {"q": query})) == [cedem]


def filter_links(response):
    sidebar = re.search(r'<nav id="changelist-filter".*?</nav>', response.content.decode(), re.S)
    return re.findall(r'<a href="\?([a-z_]+=[^"&]+)">([^<]+)</a>', sidebar.group(0))


def test_partners_are_filtered_by_kind_and_home_country(superuser_client, cedem, ind):
    links = filter_links(superuser_client.get(PARTNERS))

    assert ("kind__exact=government", "overheidsinstantie") in links
    assert ("home_country__exact=ME", "Montenegro") in links
    assert listed(superuser_client.get(PARTNERS, {"kind__exact": "government"})) == [ind]
    assert listed(superuser_client.get(PARTNERS, {"home_country__exact": "ME"})) == [cedem]


def test_the_partner_form_groups_the_description_logo_and_open_data_fields(superuser_client):
    response = superuser_client.get(reverse("admin:partners_partnerorganisation_add"))

    assert response.status_code == 200
    html = response.content.decode()
    about = html.index(">Over de organisatie</h2>")
    open_data = html.index(">Open data (IATI)</h2>")
    assert html.index('id="id_name_nl"') < about < html.index('id="id_logo"') < open_data
    assert open_data < html.index('id="id_iati_identifier"')
    assert open_data < html.index('id="id_iati_org_type"')
    for field in ("name_en", "acronym", "slug_nl", "kind", "home_country", "website"):
        assert html.index(f'id="id_{field}"') < about, field


def test_the_partner_slugs_are_filled_in_from_the_name_in_each_language(superuser_client):
    response = superuser_client.get(reverse("admin:partners_partnerorganisation_add"))

    assert prepopulated(response) == {"slug_nl": ["name_nl"], "slug_en": ["name_en"]}


@pytest.fixture
def ministry():
    return make_funder(
        "het ministerie van Buitenlandse Zaken",
        name_en="the Ministry of Foreign Affairs",
        kind=FundingSource.Kind.NATIONAL_GOVERNMENT,
    )


@pytest.fixture
def matra(ministry):
    return make_funder(
        "het Matra-fonds",
        name_en="the Matra fund",
        kind=FundingSource.Kind.EMBASSY_FUND,
        parent=ministry,
    )


def test_the_funder_list_shows_kind_and_the_funder_it_belongs_to(superuser_client, matra):
    response = superuser_client.get(FUNDERS)

    html = response.content.decode()
    assert listed(response) == [matra, matra.parent]  # ordered by name: "het Matra-fonds" first
    for column in ("name", "kind", "parent", "website"):
        assert f"column-{column}" in html, column
    row = row_of(html, matra)
    assert cell(row, "kind") == "ambassadefonds"
    assert cell(row, "parent") == "het ministerie van Buitenlandse Zaken"
    assert cell(row_of(html, matra.parent), "parent") == "-"


@pytest.mark.parametrize("query", ["Matra-fonds", "Matra fund"])
def test_funders_are_found_by_their_dutch_or_english_name(superuser_client, matra, query):
    assert listed(superuser_client.get(FUNDERS, {"q": query})) == [matra]


def test_funders_are_filtered_by_kind(superuser_client, matra):
    assert ("kind__exact=embassy_fund", "ambassadefonds") in filter_links(
        superuser_client.get(FUNDERS)
    )
    assert listed(superuser_client.get(FUNDERS, {"kind__exact": "national_government"})) == [
        matra.parent
    ]


def test_the_funder_form_picks_the_parent_by_search_and_shows_the_iati_fields_side_by_side(
    superuser_client,
):
    response = superuser_client.get(reverse("admin:partners_fundingsource_add"))

    assert response.status_code == 200
    html = response.content.decode()
    parent = re.search(r'<select name="parent"[^>]*>', html).group(0)
    assert "admin-autocomplete" in parent
    assert 'data-ajax--url="/admin/autocomplete/"' in parent
    assert 'class="form-row field-iati_identifier field-iati_org_type"' in html
    assert prepopulated(response) == {"slug": ["name_nl"]}
