import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.admin_forms import change_form_data
from tests.factories import add_funding, make_full_project, make_funder

pytestmark = pytest.mark.django_db


def test_conflict(admin_client):
    p = make_full_project(summary_nl="Oud")
    add_funding(p, make_funder(), amount="100")
    url = f"/admin/projects/project/{p.pk}/change/"
    a = Client()
    a.force_login(User.objects.create_superuser("anna", "", "x"))
    b = Client()
    b.force_login(User.objects.create_superuser("bert", "", "x"))
    ra = a.get(url)
    rb = b.get(url)
    da = change_form_data(ra)
    da["_editorial_version"] = ra.context["editorial_version"]
    db = change_form_data(rb)
    db["_editorial_version"] = rb.context["editorial_version"]
    da["summary_nl"] = "Nieuw van Anna"
    da["fundings-0-DELETE"] = "on"
    r = a.post(url, da)
    assert r.status_code == 302
    db["end_date"] = "31-12-2030"
    db["fundings-0-amount"] = "5000"
    r = b.post(url, db)
    assert r.status_code == 200
    html = r.content.decode()
    print(
        html[
            html.find('id="editorial-conflict"') - 200 : html.find('id="editorial-conflict"') + 4000
        ]
    )
    p.refresh_from_db()
    assert p.summary_nl == "Nieuw van Anna"
    d2 = change_form_data(r)
    d2["_editorial_version"] = r.context["editorial_version"]
    d2["_editorial_take_theirs"] = [
        f.key for f in r.context["editorial_conflict"].fields if f.take_by_default
    ]
    for f in r.context["editorial_conflict"].fields:
        for k, v in f.hidden_inputs:
            d2.setdefault("_editorial_theirs__" + k, v)
    r = b.post(url, d2)
    assert r.status_code == 302, r.content.decode()[:3000]
    p.refresh_from_db()
    assert p.summary_nl == "Nieuw van Anna" and str(p.end_date) == "2030-12-31"
