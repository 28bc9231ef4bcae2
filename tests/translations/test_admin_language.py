"""The back office speaks the translator's language: English for translators, Dutch for
editors, each overridable per person; the public site keeps its own languages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import admin_url, make_dutch_only_project, make_editor, make_translator
from tests.translations.exchange_files import export, translate
from translations.exchange import PO
from translations.models import AdminLanguage

pytestmark = pytest.mark.django_db


def lang(response):
    return response.content.decode().split('<html lang="', 1)[1].split('"', 1)[0]


def test_a_translators_admin_is_in_english(client):
    client.force_login(make_translator())
    project = make_dutch_only_project()
    response = client.get(admin_url(project))
    assert lang(response) == "en"
    html = response.content.decode()
    assert "Change project" in html and "wijzigen" not in html
    assert "No English yet" in html


def test_an_editors_admin_is_in_dutch(client):
    client.force_login(make_editor())
    response = client.get(admin_url(make_dutch_only_project()))
    assert lang(response) == "nl"
    assert "project wijzigen" in response.content.decode()


def test_the_login_page_is_dutch_whatever_the_browser_asks(client):
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="en")
    assert lang(response) == "nl"


def test_the_desk_and_its_messages_are_in_english_for_a_translator(client):
    client.force_login(make_translator())
    project = make_dutch_only_project(title_nl="Bescherming")
    response = client.get("/admin/translations/")
    assert (
        "items need work" in response.content.decode()
        or "item needs work" in response.content.decode()
    )
    data = translate(export(PO), PO, {f"projects.project.{project.pk}.title": "<b>Protection</b>"})
    response = client.post(
        "/admin/translations/import/", {"file": SimpleUploadedFile("en.po", data)}, follow=True
    )
    assert "is plain text and shows exactly what is written" in response.content.decode()


def test_a_translator_may_choose_dutch_and_an_editor_english(client):
    translator = make_translator()
    client.force_login(translator)
    response = client.post("/admin/translations/language/", {"language": "nl", "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert lang(client.get("/admin/")) == "nl"
    assert AdminLanguage.objects.get(user=translator).language == "nl"

    client.force_login(make_editor())
    client.post("/admin/translations/language/", {"language": "en"})
    assert lang(client.get("/admin/")) == "en"


def test_the_language_choice_never_redirects_elsewhere(client):
    client.force_login(make_translator())
    response = client.post(
        "/admin/translations/language/", {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/admin/translations/"


def test_an_unknown_language_is_ignored(client):
    client.force_login(make_editor())
    client.post("/admin/translations/language/", {"language": "xx"})
    assert not AdminLanguage.objects.exists()
    assert lang(client.get("/admin/")) == "nl"


def test_the_public_site_keeps_its_language_for_a_logged_in_translator(client):
    client.force_login(make_translator())
    project = make_dutch_only_project()
    assert lang(client.get(f"/nl/projecten/{project.slug_nl}/")) == "nl"
