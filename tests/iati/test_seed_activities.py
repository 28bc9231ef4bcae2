"""The seed content as IATI activities: one per project, the right organisations and texts."""

import pytest
from django.urls import reverse
from django.utils import translation
from lxml import etree

from projects.models import Project

pytestmark = pytest.mark.django_db

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def activities(client, seed):
    response = client.get(reverse("iati:activities"))
    root = etree.fromstring(response.content)
    return {
        activity.findtext("title/narrative"): activity for activity in root.iter("iati-activity")
    }


def organisations(activity, role):
    return sorted(
        org.findtext("narrative") for org in activity.findall(f"participating-org[@role='{role}']")
    )


def test_seed_content_gives_five_activities_one_per_project(activities):
    assert sorted(activities) == [
        "Bescherming van vluchtelingen in Kenia",
        "Betere bescherming van vluchtelingen in Montenegro",
        "Gratis rechtshulp voor asielzoekers in Turkije",
        "Samen de Bosnische vreemdelingenketen versterken",
        "Versterking van het Servische asielsysteem",
    ]
    identifiers = {a.findtext("iati-identifier") for a in activities.values()}
    assert len(identifiers) == 5
    assert all(i.startswith("NL-KVK-99999999-") for i in identifiers)


def test_seed_funders_have_the_funding_role(activities):
    assert organisations(activities["Gratis rechtshulp voor asielzoekers in Turkije"], 1) == ["EU"]
    bosnia = activities["Samen de Bosnische vreemdelingenketen versterken"]
    assert organisations(bosnia, 1) == ["Nederlandse ministerie van Buitenlandse Zaken"]
    ministry = bosnia.find("participating-org[@role='1']")
    assert ministry.get("ref") == "XM-DAC-7"
    assert ministry.get("type") == "10"
    # The Matra fund belongs to the ministry, so it carries the ministry's identifier.
    serbia = activities["Versterking van het Servische asielsysteem"]
    assert serbia.find("participating-org[@role='1']").get("ref") == "XM-DAC-7"
    assert organisations(activities["Bescherming van vluchtelingen in Kenia"], 1) == []


def test_seed_partners_have_the_implementing_role(activities):
    assert organisations(activities["Gratis rechtshulp voor asielzoekers in Turkije"], 4) == [
        "European Council on Refugees and Exiles (ECRE)",
        "Helsinki Citizens Assembly",
    ]
    assert organisations(activities["Samen de Bosnische vreemdelingenketen versterken"], 4) == [
        "Center for International Legal Cooperation (CILC)",
        "Centraal Orgaan opvang Asielzoekers (COA)",
        "Immigratie- en Naturalisatiedienst (IND)",
    ]
    assert organisations(activities["Bescherming van vluchtelingen in Kenia"], 4) == []


def test_vluchtelingenwerk_is_accountable_in_every_seed_activity(activities):
    for activity in activities.values():
        accountable = activity.findall("participating-org[@role='2']")
        assert len(accountable) == 1
        assert accountable[0].get("ref") == "NL-KVK-99999999"
        assert accountable[0].get("type") == "22"
        assert accountable[0].findtext("narrative") == "VluchtelingenWerk Nederland"


def test_seed_activities_have_dutch_and_english_narratives(activities):
    turkey = activities["Gratis rechtshulp voor asielzoekers in Turkije"]
    assert turkey.get(XML_LANG) == "nl"
    titles = turkey.findall("title/narrative")
    assert [(t.get(XML_LANG), t.text) for t in titles] == [
        (None, "Gratis rechtshulp voor asielzoekers in Turkije"),
        ("en", "Free legal aid for asylum seekers in Turkey"),
    ]
    general = turkey.findall("description[@type='1']/narrative")
    assert general[0].get(XML_LANG) is None
    assert general[0].text.startswith("Samen met Helsinki Citizens Assembly")
    assert general[1].get(XML_LANG) == "en"
    assert general[1].text.startswith("With Helsinki Citizens Assembly")
    assert "<p>" not in general[1].text
    situation = turkey.findall("description[@type='4']/narrative")
    assert situation[1].text.startswith("Turkey borders countries")
    for activity in activities.values():
        assert activity.xpath("title/narrative[@xml:lang='en']")


def test_seed_workshop_report_and_project_pages_are_absolute_links(activities):
    turkey = activities["Gratis rechtshulp voor asielzoekers in Turkije"]
    report = turkey.find("document-link[@format='application/pdf']")
    assert report.get("url").startswith("https://projecten.example.org/media/workshops/reports/")
    assert report.find("category").get("code") == "A08"
    pages = turkey.xpath("document-link[category/@code='A12']")
    project = Project.objects.get(slug_nl="rechtshulp-asielzoekers-turkije")
    expected = []
    for language in ("nl", "en"):
        with translation.override(language):
            expected.append(
                (language, "https://projecten.example.org" + project.get_absolute_url())
            )
    assert [(p.find("language").get("code"), p.get("url")) for p in pages] == expected
    assert expected[1][1].endswith("/legal-aid-asylum-seekers-turkey/")


def test_seed_activities_have_their_country(activities):
    kenya = activities["Bescherming van vluchtelingen in Kenia"]
    assert [(c.get("code"), c.get("percentage")) for c in kenya.findall("recipient-country")] == [
        ("KE", "100.00")
    ]
