"""A web address in the admin is a page (http or https), not ftp: or another scheme, in
Dutch and English fields and inline rows alike; text refuses characters that reverse it."""

import pytest
from django.test import Client

from tests.admin_forms import change_form_data
from tests.factories import admin_url, make_editor, make_partner, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    client = Client()
    client.force_login(make_editor())
    return client


def test_a_partners_website_must_be_a_web_page(editor):
    partner = make_partner("Partner", website="https://partner.example/")
    data = change_form_data(editor.get(admin_url(partner)))
    data["website"] = "ftp://partner.example/bestanden"
    response = editor.post(admin_url(partner), data)
    assert response.status_code == 200
    assert "begint met http:// of https://" in response.content.decode()
    partner.refresh_from_db()
    assert partner.website == "https://partner.example/"


def test_a_projects_link_row_must_be_a_web_page(editor):
    project = make_project()
    data = change_form_data(editor.get(admin_url(project)))
    total = int(data["links-TOTAL_FORMS"])
    data.update(
        {
            "links-TOTAL_FORMS": str(total + 1),
            f"links-{total}-label_nl": "Bestanden",
            f"links-{total}-url_nl": "ftp://partner.example/bestanden",
        }
    )
    response = editor.post(admin_url(project), data)
    assert response.status_code == 200
    assert not project.links.exists()


def test_a_dutch_title_refuses_a_right_to_left_override(editor):
    project = make_project(title_nl="Rechtshulp")
    data = change_form_data(editor.get(admin_url(project)))
    data["title_nl"] = "Rechtshulp \u202eniet"
    response = editor.post(admin_url(project), data)
    assert response.status_code == 200
    project.refresh_from_db()
    assert project.title_nl == "Rechtshulp"
