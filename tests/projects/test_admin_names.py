"""The admin names things as editors do: a page's address is its "webadres", explained."""

import pytest
from django.test import Client

from tests.factories import admin_url, make_country, make_editor, make_project

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("factory", [make_project, make_country], ids=["project", "place"])
def test_the_form_calls_the_slug_a_web_address_and_explains_it(factory):
    client = Client()
    client.force_login(make_editor())
    page = client.get(admin_url(factory())).content.decode()
    assert "Webadres [nl]" in page
    assert "Slug" not in page
    assert "Het laatste deel van het webadres" in page
