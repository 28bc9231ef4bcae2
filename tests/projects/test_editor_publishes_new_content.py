"""An editor, through the admin forms only, enters what the organisation published later:
Kosovo, a territory of several codes, a programme over five countries including both,
results with and without numbers, a call to action on the overview and a project, funding
with shown amounts, and a project marked completed. Every public page shows it in both
languages, the map draws every part, and the IATI file is valid with official codes."""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from lxml import etree

from iati.schema import schema_errors, schema_path
from partners.models import FundingSource
from projects.models import CallToAction, Country, OverviewPage, Project, Result
from tests.admin_forms import change_form_data
from tests.factories import make_editor
from tests.projects.test_seed import page_text
from website.template_helpers.media_tags import map_data

pytestmark = pytest.mark.django_db

CODELISTS = Path(settings.BASE_DIR).parent / "shared" / "iati" / "codelists" / "non-embedded"
PARTS = ["AW", "BQ", "CW", "SX"]


def admin(model, view="add", *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def submit(client, url, changes, inlines=None):
    """Fill in the admin form at ``url`` as a browser would and save it; ``inlines``:
    {formset prefix: [row, ...]} of new inline rows."""
    data = change_form_data(client.get(url))
    data.update(changes)
    for prefix, rows in (inlines or {}).items():
        start = int(data[f"{prefix}-TOTAL_FORMS"])
        data[f"{prefix}-TOTAL_FORMS"] = str(start + len(rows))
        for number, row in enumerate(rows, start=start):
            data.update({f"{prefix}-{number}-{name}": value for name, value in row.items()})
    response = client.post(url, data)
    assert response.status_code == 302, response.context and [
        response.context["adminform"].form.errors,
        *[inline.formset.errors for inline in response.context["inline_admin_formsets"]],
    ]
    return response


def place(client, **fields):
    submit(client, admin(Country), fields)
    return Country.objects.get(slug_nl=fields["slug_nl"])


@pytest.fixture
def entered(client, seed):
    """Everything entered by an editor in the admin, in the order an editor would."""
    client.force_login(make_editor())
    kosovo = place(
        client,
        name_nl="Kosovo",
        name_en="Kosovo",
        slug_nl="kosovo",
        slug_en="kosovo",
        kind="country",
        codes=["XK"],
        situation_nl="<p>Kosovo ligt op de Balkanroute.</p>",
        situation_en="<p>Kosovo lies on the Balkan route.</p>",
    )
    caribbean = place(
        client,
        name_nl="Caribisch deel van het Koninkrijk",
        name_en="Caribbean part of the Kingdom",
        slug_nl="caribisch-deel-van-het-koninkrijk",
        slug_en="caribbean-part-of-the-kingdom",
        kind="territory",
        codes=PARTS,
        situation_nl="<p>Op de eilanden komen vluchtelingen uit Venezuela aan.</p>",
        situation_en="<p>Refugees from Venezuela arrive on the islands.</p>",
    )
    albania = place(
        client,
        name_nl="Albanië",
        name_en="Albania",
        slug_nl="albanie",
        slug_en="albania",
        kind="country",
        codes=["AL"],
        situation_nl="<p>Albanië ontvangt steeds meer asielzoekers.</p>",
        situation_en="<p>Albania receives more and more asylum seekers.</p>",
    )
    submit(
        client,
        admin(CallToAction),
        {
            "heading_nl": "Noodhulp voor vluchtelingen",
            "heading_en": "Emergency aid for refugees",
            "text_nl": "Uw gift helpt direct.",
            "text_en": "Your gift helps at once.",
            "button_label_nl": "Help en doneer direct",
            "button_label_en": "Help and donate now",
            "url_nl": "https://www.vluchtelingenwerk.nl/doneren",
        },
    )
    appeal = CallToAction.objects.get()
    eu = FundingSource.objects.get(slug="eu")
    matra = FundingSource.objects.get(slug="matra-fonds-ambassade-servie")
    five = [
        albania,
        kosovo,
        Country.objects.get(slug_nl="montenegro"),
        Country.objects.get(slug_nl="servie"),
        caribbean,
    ]
    submit(
        client,
        admin(Project),
        {
            "title_nl": "Programma westelijke Balkan en Caribisch gebied",
            "title_en": "Western Balkans and Caribbean programme",
            "slug_nl": "programma-balkan-caribisch",
            "slug_en": "balkans-caribbean-programme",
            "status": "published",
            "countries": [str(country.pk) for country in five],
            "summary_nl": "Een programma in vijf landen en gebieden.",
            "summary_en": "A programme in five countries and territories.",
            "body_nl": "<p>Met partners in vijf landen versterken we de asielsystemen.</p>",
            "body_en": "<p>With partners in five countries we strengthen asylum systems.</p>",
            "calls_to_action": [str(appeal.pk)],
            "start_date": "2018-01-01",
            "end_date": "2030-12-31",
            "duration_months": "24",
        },
        inlines={
            "fundings": [
                {"funder": eu.pk, "phrasing": "by", "amount": "25000", "currency": "EUR"}
                | {"show_amount": "on", "sort_order": "0"},
                {"funder": matra.pk, "phrasing": "from", "amount": "15000", "currency": "EUR"}
                | {"show_amount": "on", "sort_order": "1"},
            ],
            "results": [
                {
                    "year": "2018",
                    "statement_nl": "kregen gratis rechtshulp",
                    "statement_en": "received free legal aid",
                    "value": "450",
                    "unit_nl": "asielzoekers",
                    "unit_en": "asylum seekers",
                    "target": "500",
                    "result_type": "1",
                },
                {
                    "year": "2018",
                    "statement_nl": "Een netwerk van advocaten opgezet",
                    "statement_en": "Set up a network of lawyers",
                    "result_type": "2",
                },
            ],
        },
    )
    submit(
        client,
        admin(Result),
        {
            "year": "2018",
            "statement_nl": "vluchtelingenorganisaties kregen training",
            "statement_en": "refugee organisations were trained",
            "value": "12",
            "unit_nl": "organisaties",
            "unit_en": "organisations",
            "result_type": "1",
        },
    )
    overview = OverviewPage.objects.get()
    submit(
        client,
        admin(OverviewPage, "change", overview.pk),
        {"calls_to_action": [str(appeal.pk)], "results_years": "2018"},
    )
    serbia = Project.objects.get(slug_nl="versterking-asielsysteem-servie")
    submit(
        client,
        admin(Project, "change", serbia.pk),
        {"completed": "on", "actual_end_date": "2019-06-30", "start_date": "2018-07-01"},
    )
    client.logout()
    return Project.objects.get(slug_nl="programma-balkan-caribisch"), serbia


def get(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_overview_shows_the_programme_once_with_results_and_the_call_to_action(
    client, entered, language
):
    programme, _completed = entered
    html = get(client, f"/{language}/")
    body = {"nl": "Met partners in vijf landen", "en": "With partners in five countries"}
    assert html.count(body[language]) == 1
    # Each of its places refers to it.
    assert html.count(f'href="#programme-{programme.pk}"') == 5
    button = {"nl": "Help en doneer direct", "en": "Help and donate now"}[language]
    assert re.search(
        rf'<a class="button button--cta" href="https://www.vluchtelingenwerk.nl/doneren">'
        rf"{button}</a>",
        html,
    )
    heading = {"nl": "Wat hebben we in 2018 bereikt?", "en": "What did we achieve in 2018?"}
    assert heading[language] in html
    text = page_text(client.get(f"/{language}/"))
    assert {"nl": "12 organisaties", "en": "12 organisations"}[language] in text
    assert {"nl": "450 asielzoekers", "en": "450 asylum seekers"}[language] in text
    # The completed project left the current work, and the overview links to it.
    with translation.override(language):
        completed_url = reverse("projects:completed_projects")
    assert f'href="{completed_url}"' in html
    assert "werkbezoek van de Servische" not in html
    assert "working visit to VluchtelingenWerk" not in html


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_map_draws_every_part_of_the_territory_and_kosovo(client, entered, language):
    html = get(client, f"/{language}/")
    svg = re.search(r'<svg class="project-map__svg".*?</svg>\s*<figcaption', html, re.S).group(0)
    world = {shape["code"]: shape for shape in map_data()["world"]}
    window = {shape["code"]: shape for shape in map_data()["countries"]}
    name = {"nl": "Caribisch deel van het Koninkrijk", "en": "Caribbean part of the Kingdom"}
    link = re.search(
        rf'<a href="#[^"]+" class="project-map__country">\s*<title>{name[language]}</title>.*?</a>',
        svg,
        re.S,
    )
    for code in PARTS:
        assert world[code]["path"] in link.group(0), code
    assert window["XK"]["path"] in svg
    caption = re.search(r"<figcaption.*?</figcaption>", html, re.S).group(0)
    assert name[language] in caption
    assert "Kosovo" in caption


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_territorys_page_works_in_both_languages(client, entered, language):
    with translation.override(language):
        url = Country.objects.get(slug_nl="caribisch-deel-van-het-koninkrijk").get_absolute_url()
    html = get(client, url)
    assert {"nl": "Op de eilanden", "en": "Refugees from Venezuela"}[language] in html
    parts = {"nl": "Curaçao", "en": "Curaçao"}[language]
    assert parts in html and "Aruba" in html
    assert {"nl": "Programma westelijke Balkan", "en": "Western Balkans and"}[language] in html


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_project_page_shows_amounts_results_and_the_call_to_action(client, entered, language):
    programme, _completed = entered
    with translation.override(language):
        html = get(client, programme.get_absolute_url())
    amounts = {
        "nl": ["€ 25.000", "€ 15.000", "€ 40.000"],
        "en": ["€25,000", "€15,000", "€40,000"],
    }[language]
    # Babel keeps "€" and the number together with a no-break space.
    for amount in amounts:
        assert amount in html.replace("\xa0", " ")
    sentence = {
        "nl": "Het project wordt gefinancierd door de EU en vanuit het Matra-fonds van de "
        "Nederlandse ambassade in Servië en heeft een looptijd van twee jaar.",
        "en": "The project is funded by the EU and from the Matra fund of the Dutch embassy "
        "in Serbia and runs for two years.",
    }[language]
    assert sentence in html
    assert {"nl": "Een netwerk van advocaten opgezet", "en": "Set up a network"}[language] in html
    assert {"nl": "Doel: 500", "en": "Target: 500"}[language] in html
    assert "button--cta" in html


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_completed_project_keeps_its_page_and_is_listed_per_year(client, entered, language):
    _programme, completed = entered
    with translation.override(language):
        listing = get(client, reverse("projects:completed_projects"))
        page = get(client, completed.get_absolute_url())
    assert {"nl": "Afgerond in 2019", "en": "Completed in 2019"}[language] in listing
    with translation.override(language):
        assert completed.get_absolute_url() in listing
    assert {
        "nl": "Dit project is afgerond in 2019.",
        "en": "This project was completed in 2019.",
    }[language] in page


def iati_file(client):
    response = client.get(reverse("iati:activities"))
    assert response.status_code == 200
    return response.content


def test_the_iati_file_is_valid_and_reports_each_code(client, entered, settings):
    programme, completed = entered
    if schema_path() is None:
        pytest.skip("IATI 2.03 XSD not found (../shared/iati/2.03 or IATI_SCHEMA_DIR)")
    content = iati_file(client)
    errors = schema_errors(etree.fromstring(content).getroottree())
    assert errors == [], errors
    root = ET.fromstring(content)
    activity = next(
        a for a in root if a.findtext("iati-identifier").endswith(programme.project_code)
    )
    countries = {c.get("code"): c.get("percentage") for c in activity.findall("recipient-country")}
    # Five places of 20% each; the territory's 20% over its four codes.
    assert countries == {"AL": "20.00", "XK": "20.00", "ME": "20.00", "RS": "20.00"} | {
        code: "5.00" for code in PARTS
    }
    results = activity.findall("result")
    assert len(results) == 2
    assert results[0].find("indicator/period/actual").get("value") == "450"
    assert results[0].find("indicator/period/target").get("value") == "500"
    assert results[1].find("indicator").get("measure") == "5"  # qualitative: no number
    closed = next(a for a in root if a.findtext("iati-identifier").endswith(completed.project_code))
    assert closed.find("activity-status").get("code") == "4"


def test_every_code_in_the_iati_file_is_in_the_official_codelists(client, entered):
    if not CODELISTS.is_dir():
        pytest.skip(f"the official IATI codelists are not at {CODELISTS}")
    root = ET.fromstring(iati_file(client))
    checks = {
        "recipient-country": ("code", "Country"),
        "recipient-region": ("code", "Region"),
        "activity-status": ("code", "ActivityStatus"),
        "sector": ("code", "Sector"),
        "participating-org": ("type", "OrganisationType"),
        "result": ("type", "ResultType"),
        "indicator": ("measure", "IndicatorMeasure"),
    }
    embedded = {"ActivityStatus"}
    found = 0
    for tag, (attribute, codelist) in checks.items():
        folder = "embedded-2.03" if codelist in embedded else "non-embedded"
        path = CODELISTS.parent / folder / f"{codelist}.xml"
        if not path.exists():
            pytest.skip(f"the official codelist {path} is missing")
        items = ET.parse(path).getroot().iter("codelist-item")
        codes = {item.findtext("code") for item in items if item.get("status") != "withdrawn"}
        for element in root.iter(tag):
            found += 1
            assert element.get(attribute) in codes, (tag, element.get(attribute))
    assert found > 20
