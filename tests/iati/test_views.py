"""The IATI files on the site: published projects only, XML, outside the language prefix."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from lxml import etree

from projects.models import Project
from projects.open_data import iati_identifier
from tests.factories import (
    SUMMARY_ONLY,
    add_funding,
    add_partner,
    make_country,
    make_funder,
    make_partner,
    make_project,
)

pytestmark = pytest.mark.django_db


def identifiers(response):
    return [e.text for e in etree.fromstring(response.content).iter("iati-identifier")]


def test_activities_file_is_served_as_xml_without_language_prefix(client):
    project = make_project([make_country("TR", plain=True)], **SUMMARY_ONLY)
    assert reverse("iati:activities") == "/iati/activities.xml"
    response = client.get("/iati/activities.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    root = etree.fromstring(response.content)
    assert root.tag == "iati-activities"
    assert root.get("version") == "2.03"
    assert identifiers(response) == [f"NL-KVK-99999999-{project.project_code}"]


def test_drafts_never_appear_in_the_activities_file(client):
    published = make_project([make_country("TR", plain=True)], **SUMMARY_ONLY)
    make_project(
        [make_country("KE", plain=True)],
        **SUMMARY_ONLY,
        status=Project.Status.DRAFT,
        title_nl="Concept",
    )
    response = client.get(reverse("iati:activities"))
    assert identifiers(response) == [iati_identifier(published)]
    assert b"Concept" not in response.content


def test_draft_has_no_per_project_file(client):
    draft = make_project(
        [make_country("TR", plain=True)], **SUMMARY_ONLY, status=Project.Status.DRAFT
    )
    url = reverse("iati:activity", kwargs={"identifier": iati_identifier(draft)})
    assert client.get(url).status_code == 404


def test_per_project_file_holds_only_that_project(client):
    country = make_country("TR", plain=True)
    make_project([country], **SUMMARY_ONLY)
    project = make_project([country], **SUMMARY_ONLY)
    url = reverse("iati:activity", kwargs={"identifier": iati_identifier(project)})
    assert url == f"/iati/activities/NL-KVK-99999999-{project.project_code}.xml"
    response = client.get(url)
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert identifiers(response) == [iati_identifier(project)]


def test_identifier_of_another_organisation_is_not_found(client):
    project = make_project([make_country("TR", plain=True)], **SUMMARY_ONLY)
    url = reverse("iati:activity", kwargs={"identifier": f"XM-DAC-7-{project.project_code}"})
    assert client.get(url).status_code == 404


def test_without_published_projects_there_is_no_file(client):
    # An IATI file must hold at least one activity.
    make_project((), **SUMMARY_ONLY, status=Project.Status.DRAFT)
    assert client.get(reverse("iati:activities")).status_code == 404


def test_footer_links_to_the_open_data(client):
    make_project([make_country("TR", plain=True)], **SUMMARY_ONLY)
    for language, label in (("nl", "Open data (IATI)"), ("en", "Open data (IATI)")):
        response = client.get(f"/{language}/")
        assert b'href="/iati/activities.xml"' in response.content
        assert label.encode() in response.content


def test_activities_file_takes_a_fixed_number_of_queries(client, django_assert_num_queries):
    for number in range(3):
        project = make_project(
            [make_country(["TR", "RS", "KE"][number], plain=True)], **SUMMARY_ONLY
        )
        add_partner(project, make_partner("Centre for Democracy and Human Rights", plain=True))
        add_funding(
            project,
            make_funder(
                "het ministerie van Buitenlandse Zaken",
                plain=True,
                parent=make_funder("het ministerie van Buitenlandse Zaken", plain=True),
            ),
            amount="1000",
        )
    # Projects, countries, partnerships, partners, fundings, funders, parents, workshops,
    # results; and the page cache's: the content clock with the changes since, and the
    # next moment the file changes by itself (a scheduled publication, a project's end date:
    # its activity status follows; a photo's consent that ends, one query of its own).
    with django_assert_num_queries(13):
        response = client.get(reverse("iati:activities"))
    assert len(identifiers(response)) == 3


def test_file_does_not_depend_on_the_visitors_language(client):
    make_project(
        [make_country("TR", plain=True)],
        **SUMMARY_ONLY,
        title_en="In English",
        summary_en="Summary.",
    )

    def activity(accept_language):
        response = client.get(reverse("iati:activities"), HTTP_ACCEPT_LANGUAGE=accept_language)
        return etree.tostring(etree.fromstring(response.content).find("iati-activity"))

    english = activity("en")
    cache.clear()
    assert english == activity("nl")
    assert b'<narrative xml:lang="en">In English</narrative>' in english
