"""Renaming a slug, in either language, keeps the old address working with a 301."""

import pytest
from django.contrib.redirects.models import Redirect
from django.test import Client
from django.urls import reverse
from django.utils import translation

from content.recording import recording
from tests.admin_forms import change_form_data
from tests.factories import add_partner, make_country, make_editor, make_partner, make_project

pytestmark = pytest.mark.django_db


def url_of(obj, language):
    with translation.override(language):
        return obj.get_absolute_url()


def rename(obj, **slugs):
    """As the admin does it: one unit of work, kept as a revision."""
    with recording():
        for name, value in slugs.items():
            setattr(obj, name, value)
        obj.save()


@pytest.fixture
def macedonia():
    country = make_country(
        "MK", name_nl="Macedonië", slug_nl="macedonie", name_en="Macedonia", slug_en="macedonia"
    )
    make_project([country], title_nl="Project in Macedonië")
    return country


def test_renaming_a_country_in_both_languages_redirects_both_old_addresses(client, macedonia):
    rename(macedonia, slug_nl="noord-macedonie", slug_en="north-macedonia")
    for old, new in (
        ("/nl/landen/macedonie/", "/nl/landen/noord-macedonie/"),
        ("/en/countries/macedonia/", "/en/countries/north-macedonia/"),
    ):
        response = client.get(old)
        assert response.status_code == 301
        assert response["Location"] == new
        assert client.get(new).status_code == 200


@pytest.mark.parametrize("language", ["nl", "en"])
def test_renaming_a_project_in_one_language_redirects_that_language(client, language):
    project = make_project(slug="oud-project", slug_en="old-project")
    old = url_of(project, language)
    rename(project, **{f"slug_{language}": "nieuw-project" if language == "nl" else "new-project"})
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == url_of(project, language)


def test_renaming_a_partner_redirects(client):
    partner = make_partner(slug="cedem", slug_en="cedem-en")
    add_partner(make_project(), partner)
    old_nl, old_en = url_of(partner, "nl"), url_of(partner, "en")
    rename(partner, slug_nl="cedem-montenegro", slug_en="cedem-montenegro-en")
    assert client.get(old_nl)["Location"] == "/nl/partners/cedem-montenegro/"
    assert client.get(old_en)["Location"] == "/en/partners/cedem-montenegro-en/"


def test_chains_collapse(client, macedonia):
    rename(macedonia, slug_nl="tussenstap")
    rename(macedonia, slug_nl="noord-macedonie")
    response = client.get("/nl/landen/macedonie/")
    assert response.status_code == 301
    assert response["Location"] == "/nl/landen/noord-macedonie/"
    assert client.get("/nl/landen/tussenstap/")["Location"] == "/nl/landen/noord-macedonie/"


def test_renaming_back_leaves_no_loop(client, macedonia):
    rename(macedonia, slug_nl="noord-macedonie")
    rename(macedonia, slug_nl="macedonie")
    assert client.get("/nl/landen/macedonie/").status_code == 200
    assert client.get("/nl/landen/noord-macedonie/")["Location"] == "/nl/landen/macedonie/"
    assert not Redirect.objects.filter(old_path="/nl/landen/macedonie/").exists()


def test_a_new_object_taking_an_old_slug_wins(client, macedonia):
    rename(macedonia, slug_nl="noord-macedonie")
    newcomer = make_country("GR", slug_nl="macedonie", name_nl="Macedonië (regio)")
    make_project([newcomer])
    response = client.get("/nl/landen/macedonie/")
    assert response.status_code == 200
    assert "Macedonië (regio)" in response.content.decode()


def test_the_overview_keeps_the_old_country_anchors(client, macedonia):
    rename(macedonia, slug_nl="noord-macedonie", slug_en="north-macedonia")
    dutch = client.get("/nl/").content.decode()
    english = client.get("/en/").content.decode()
    assert 'id="noord-macedonie"' in dutch and 'id="macedonie"' in dutch
    assert 'id="north-macedonia"' in english and 'id="macedonia"' in english
    # The old anchor sits inside the country's own section.
    section = dutch[dutch.index('id="noord-macedonie"') :]
    assert section.index('id="macedonie"') < section.index("</section>")


def test_an_old_anchor_taken_by_another_country_is_that_countrys(client, macedonia):
    rename(macedonia, slug_nl="noord-macedonie")
    make_project([make_country("GR", slug_nl="macedonie")])
    assert client.get("/nl/").content.decode().count('id="macedonie"') == 1


def test_editors_see_and_delete_redirects_in_the_admin(macedonia):
    rename(macedonia, slug_nl="noord-macedonie")
    client = Client()
    client.force_login(make_editor())
    listing = client.get(reverse("admin:redirects_redirect_changelist"))
    assert listing.status_code == 200
    assert "/nl/landen/macedonie/" in listing.content.decode()
    redirect = Redirect.objects.get(old_path="/nl/landen/macedonie/")
    response = client.post(
        reverse("admin:redirects_redirect_delete", args=[redirect.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Redirect.objects.filter(pk=redirect.pk).exists()


def test_a_rename_in_the_admin_redirects_too(client, macedonia):
    admin_client = Client()
    admin_client.force_login(make_editor())
    url = reverse("admin:projects_country_change", args=[macedonia.pk])
    data = change_form_data(admin_client.get(url))
    data.update({"name_nl": "Noord-Macedonië", "slug_nl": "noord-macedonie"})
    assert admin_client.post(url, data).status_code == 302
    assert client.get("/nl/landen/macedonie/")["Location"] == "/nl/landen/noord-macedonie/"


def test_unknown_addresses_stay_404(client):
    assert client.get("/nl/landen/bestaat-niet/").status_code == 404


@pytest.mark.parametrize("query", ["utm_source=nieuwsbrief&utm_medium=email", "fbclid=abc", "x=1"])
def test_an_old_address_with_a_query_string_redirects_with_it(client, macedonia, query):
    """Links from newsletters and social networks carry a query string."""
    rename(macedonia, slug_nl="noord-macedonie", slug_en="north-macedonia")
    project = make_project(slug="oud-project")
    rename(project, slug_nl="nieuw-project")
    for old, new in (
        ("/nl/landen/macedonie/", "/nl/landen/noord-macedonie/"),
        ("/en/countries/macedonia/", "/en/countries/north-macedonia/"),
        ("/nl/projecten/oud-project/", "/nl/projecten/nieuw-project/"),
    ):
        response = client.get(f"{old}?{query}")
        assert response.status_code == 301, old
        assert response["Location"] == f"{new}?{query}"


def test_a_redirect_an_editor_made_for_an_address_with_its_query_wins(client, macedonia):
    from django.conf import settings

    Redirect.objects.create(
        site_id=settings.SITE_ID, old_path="/nl/landen/oud/?campagne=1", new_path="/nl/"
    )
    Redirect.objects.create(site_id=settings.SITE_ID, old_path="/nl/landen/oud/", new_path="/en/")
    assert client.get("/nl/landen/oud/?campagne=1")["Location"] == "/nl/"
    assert client.get("/nl/landen/oud/?ander=2")["Location"] == "/en/?ander=2"
    assert client.get("/nl/landen/nergens/?x=1").status_code == 404
