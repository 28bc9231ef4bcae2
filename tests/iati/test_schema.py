"""Every file the site produces is valid against the official IATI 2.03 schema."""

import pytest
from django.urls import reverse
from lxml import etree

from projects.models import Project
from projects.open_data import iati_identifier, iati_projects, projects_document

pytestmark = pytest.mark.django_db


def test_full_file_of_the_seed_content_is_valid(client, seed, assert_valid_iati):
    response = client.get(reverse("iati:activities"))
    assert response.status_code == 200
    assert_valid_iati(response.content)


def test_each_per_project_file_of_the_seed_content_is_valid(client, seed, assert_valid_iati):
    projects = list(Project.objects.published())
    assert len(projects) == 5
    for project in projects:
        url = reverse("iati:activity", kwargs={"identifier": iati_identifier(project)})
        response = client.get(url)
        assert response.status_code == 200, url
        assert_valid_iati(response.content)


def test_project_using_every_part_of_the_mapping_is_valid(full_project, assert_valid_iati):
    document = projects_document(iati_projects())
    root = document.getroot()
    # The parts the seed content does not exercise are really in the file.
    for tag in ("budget", "recipient-country", "document-link", "activity-date"):
        assert len(root.findall(f".//{tag}")) >= 2, tag
    assert_valid_iati(document)


def test_schema_rejects_an_activity_without_identifier(full_project, assert_valid_iati):
    """The validation itself can fail: a broken file does not pass."""
    document = projects_document(iati_projects())
    activity = document.getroot().find("iati-activity")
    activity.remove(activity.find("iati-identifier"))
    with pytest.raises(AssertionError):
        assert_valid_iati(etree.tostring(document))
