"""export_iati writes the same IATI file to disk."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from lxml import etree

from projects.models import Project
from tests.factories import SUMMARY_ONLY, make_country, make_project

pytestmark = pytest.mark.django_db


def test_command_writes_the_activities_file(tmp_path, client):
    published = make_project([make_country("TR", plain=True)], **SUMMARY_ONLY)
    make_project((), **SUMMARY_ONLY, status=Project.Status.DRAFT)
    output = tmp_path / "registry" / "vwn-activities.xml"
    stdout = io.StringIO()
    call_command("export_iati", "--output", str(output), stdout=stdout)
    root = etree.parse(str(output)).getroot()
    assert [e.text for e in root.iter("iati-identifier")] == [
        f"NL-KVK-99999999-{published.project_code}"
    ]
    assert "1 IATI activities" in stdout.getvalue()
    served = etree.fromstring(client.get(reverse("iati:activities")).content)
    assert etree.tostring(served.find("iati-activity")) == etree.tostring(
        root.find("iati-activity")
    )


def test_command_validates_against_the_schema(tmp_path, assert_valid_iati):
    make_project([make_country("TR", plain=True)], **SUMMARY_ONLY)
    output = tmp_path / "activities.xml"
    call_command("export_iati", "--output", str(output), "--validate", stdout=io.StringIO())
    assert_valid_iati(output.read_bytes())


def test_command_reports_rule_warnings(tmp_path):
    project = make_project([make_country("TR", plain=True)], **SUMMARY_ONLY)
    stderr = io.StringIO()
    with translation.override("en"):
        call_command(
            "export_iati", "-o", str(tmp_path / "a.xml"), stdout=io.StringIO(), stderr=stderr
        )
    assert project.project_code in stderr.getvalue()
    assert "no start date" in stderr.getvalue()


def test_command_refuses_without_published_projects(tmp_path):
    make_project((), **SUMMARY_ONLY, status=Project.Status.DRAFT)
    with pytest.raises(CommandError):
        call_command("export_iati", "-o", str(tmp_path / "a.xml"))
    assert not (tmp_path / "a.xml").exists()
