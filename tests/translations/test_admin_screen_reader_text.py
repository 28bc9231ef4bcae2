"""The back office's list of kinds of content has Dutch headers for screen readers too
(Django's Dutch leaves them in English: "MODEL NAME", "ADD LINK")."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_admin_index_s_hidden_table_headers_are_dutch(superuser_client):
    html = superuser_client.get(reverse("admin:index")).content.decode()
    headers = set(re.findall(r'<th scope="col">([^<]*)</th>', html))
    assert {
        "Soort inhoud",
        "Link om toe te voegen",
        "Link naar de lijst (wijzigen of bekijken)",
    } <= headers
    assert not {"Model name", "Add link", "Change or view list link"} & headers
