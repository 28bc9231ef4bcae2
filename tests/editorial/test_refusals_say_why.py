"""With approval on, what an editor may not do to published content says the real reason,
that it waits for the publishers, and where to do it instead: never that the page is for
administrators or that their account lacks rights."""

import html
import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse

from projects.models import Project, Workshop
from tests.factories import make_editor, make_project, make_result, make_workshop

pytestmark = pytest.mark.django_db

ADMINISTRATORS = "voor beheerders"
NO_RIGHTS = "geen rechten"


def text(response):
    page = re.sub(r"<(script|style)\b.*?</\1>", "", response.content.decode(), flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


@pytest.fixture
def editor_client():
    client = Client()
    client.force_login(make_editor())
    return client


@pytest.fixture
def published():
    return make_project(title_nl="Rechtshulp in Moldavië")


@pytest.mark.parametrize("make_row", [make_workshop, make_result], ids=["workshop", "result"])
def test_deleting_a_published_project_s_row_says_it_waits_for_the_publishers(
    approval, editor_client, published, make_row
):
    row = make_row(published)
    url = reverse(f"admin:projects_{row._meta.model_name}_delete", args=[row.pk])
    response = editor_client.get(url)
    assert response.status_code == 403
    page = text(response)
    assert ADMINISTRATORS not in page
    assert "dit wacht op de eindredactie" in page
    assert "Wijzig of verwijder het in het formulier van “Rechtshulp in Moldavië”" in page


def test_deleting_a_published_project_says_it_is_the_publishers_to_do(
    approval, editor_client, published
):
    response = editor_client.post(
        reverse("admin:projects_project_delete", args=[published.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    page = text(response)
    assert ADMINISTRATORS not in page
    assert "“Rechtshulp in Moldavië” is gepubliceerd: dit wacht op de eindredactie." in page
    assert Project.objects.filter(pk=published.pk).exists()


def test_the_bulk_delete_of_published_rows_says_why_instead_of_no_rights(
    approval, editor_client, published
):
    workshop = make_workshop(published, title_nl="Training")
    data = {"action": "delete_selected", ACTION_CHECKBOX_NAME: [workshop.pk]}
    response = editor_client.post(reverse("admin:projects_workshop_changelist"), data)
    page = text(response)
    assert NO_RIGHTS not in page
    assert "Er is niets verwijderd: wat u selecteerde wacht op de eindredactie." in page
    assert "“Training” hoort bij “Rechtshulp in Moldavië”" in page

    # Confirming anyway (a page kept open while approval was switched on) is a 403 that
    # says the same.
    response = editor_client.post(
        reverse("admin:projects_workshop_changelist"), {**data, "post": "yes"}
    )
    assert response.status_code == 403
    assert "“Training” hoort bij “Rechtshulp in Moldavië”" in text(response)
    assert ADMINISTRATORS not in text(response)
    assert Workshop.objects.filter(pk=workshop.pk).exists()


def test_a_bulk_delete_without_approval_is_django_s_own_in_plain_dutch(editor_client):
    """No article before the kind's name ("de geselecteerde project")."""
    draft = make_project(published=False)
    data = {"action": "delete_selected", ACTION_CHECKBOX_NAME: [draft.pk]}
    page = text(editor_client.post(reverse("admin:projects_project_changelist"), data))
    assert "de geselecteerde project" not in page
    assert "Weet u zeker dat u dit wilt verwijderen (project)?" in page


def test_an_editor_s_other_refusals_still_name_the_administrators(approval, editor_client):
    """A page that is not content (accounts) is for administrators, approval or not."""
    response = editor_client.get(reverse("admin:auth_user_changelist"))
    assert response.status_code == 403
    assert ADMINISTRATORS in text(response)
