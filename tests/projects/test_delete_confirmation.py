"""The delete confirmation lists what goes with an item by its names, without the rows
that only link two items (technical names such as "Workshop_facilitators object (2)"),
which are still deleted with it."""

import re
from html import unescape

import pytest
from django.urls import reverse

from projects.models import Project, Workshop
from tests.factories import make_full_project, make_partner, make_project, make_workshop

pytestmark = pytest.mark.django_db


def text(response):
    page = re.sub(r"<(script|style)\b.*?</\1>", "", response.content.decode(), flags=re.S)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def test_deleting_a_workshop_lists_no_link_rows(superuser_client):
    workshop = make_workshop(make_project(published=False), title_nl="Training")
    workshop.facilitators.add(make_partner(), make_partner())
    url = reverse("admin:projects_workshop_delete", args=[workshop.pk])
    page = text(superuser_client.get(url))
    assert "Training" in page
    assert "object (" not in page
    assert "relatie" not in page.lower()
    superuser_client.post(url, {"post": "yes"})
    assert not Workshop.objects.filter(pk=workshop.pk).exists()
    assert not Workshop.facilitators.through.objects.filter(workshop_id=workshop.pk).exists()


def test_deleting_a_project_lists_its_rows_but_no_link_rows(superuser_client):
    project = make_full_project(published=False, workshop_title="Asielprocedures")
    url = reverse("admin:projects_project_delete", args=[project.pk])
    page = text(superuser_client.get(url))
    assert "Asielprocedures" in page  # a row of its own, by name
    assert "object (" not in page
    assert "Project_countries" not in page and "-relaties" not in page
    superuser_client.post(url, {"post": "yes"})
    assert not Project.objects.filter(pk=project.pk).exists()


def test_the_bulk_delete_lists_no_link_rows_either(superuser_client):
    project = make_project(published=False)
    data = {"action": "delete_selected", "_selected_action": [project.pk]}
    page = text(superuser_client.post(reverse("admin:projects_project_changelist"), data))
    assert "Weet u zeker dat u dit wilt verwijderen (project)?" in page
    assert "object (" not in page and "-relaties" not in page
