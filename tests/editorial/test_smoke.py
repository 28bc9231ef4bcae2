import pytest

from tests.admin_forms import change_form_data
from tests.factories import make_full_project

pytestmark = pytest.mark.django_db


def test_smoke(admin_client):
    p = make_full_project(published=False, title_nl="Concept X")
    r = admin_client.get(f"/admin/projects/project/{p.pk}/preview/nl/")
    print(r.status_code, r.headers)
    assert b"Concept X" in r.content and "Preview — not published".encode() in r.content, r.content[
        :3000
    ]
    page = admin_client.get(f"/admin/projects/project/{p.pk}/change/")
    data = change_form_data(page)
    data["title_nl"] = "Ongewijzigd nieuw"
    data["workshops-0-title_nl"] = "Nieuwe workshop"
    r = admin_client.post(f"/admin/projects/project/{p.pk}/preview/en/", data)
    assert b"Nieuwe workshop" in r.content, r.content.decode()[:5000]
    p.refresh_from_db()
    assert p.title_nl == "Concept X"
    html = page.content.decode()
    assert "/preview/nl/" in html
