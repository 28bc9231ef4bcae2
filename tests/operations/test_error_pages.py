"""Friendly error pages in both languages and the site's design; in the admin a 403 says
why, and a lost database is a 503, not a 500."""

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from tests.factories import make_editor, make_project, make_translator, make_user
from translations.language import choose_language

pytestmark = pytest.mark.django_db

DESIGN = (b'class="site-header"', b"/static/css/site.css", b'class="error-page"')


def assert_in_design(response, language, *texts):
    html = response.content
    for marker in DESIGN:
        assert marker in html, marker
    assert f'<html lang="{language}">'.encode() in html
    for text in texts:
        assert text.encode() in html, text


@pytest.mark.parametrize(
    "language, title", [("nl", "Pagina niet gevonden"), ("en", "Page not found")]
)
def test_404_is_friendly_in_both_languages(client, language, title):
    response = client.get(f"/{language}/bestaat-niet/")
    assert response.status_code == 404
    assert title.encode() in response.content


@pytest.mark.parametrize(
    "language, title",
    [("nl", "Dit verzoek kon niet worden verwerkt"), ("en", "This request could not be handled")],
)
def test_400_for_a_bad_host_is_friendly_in_both_languages(client, language, title):
    response = client.get(f"/{language}/", HTTP_HOST="evil.example.org")
    assert response.status_code == 400
    assert_in_design(response, language, title)
    assert b"evil.example.org" not in response.content


@pytest.mark.parametrize(
    "language, title",
    [("nl", "Je formulier kon niet worden verstuurd"), ("en", "Your form could not be sent")],
)
def test_403_for_a_form_without_its_security_check_is_friendly(language, title):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": language}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 403
    assert_in_design(response, language, title)


@pytest.mark.parametrize(
    "language, title",
    [("nl", "Je mag deze pagina niet openen"), ("en", "You may not open this page")],
)
def test_public_403_is_friendly_in_both_languages(rf, language, title):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied
    from django.utils import translation

    from operations.errors import permission_denied

    request = rf.get(f"/{language}/")
    request.user = AnonymousUser()
    with translation.override(language):
        response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert_in_design(response, language, title)


@pytest.mark.parametrize(
    "language, title", [("nl", "Er ging iets mis"), ("en", "Something went wrong")]
)
def test_500_is_friendly_in_both_languages(rf, language, title):
    from django.utils import translation
    from django.views.defaults import server_error

    with translation.override(language):
        response = server_error(rf.get(f"/{language}/"))
    assert response.status_code == 500
    assert_in_design(response, language, title)


def test_a_translator_who_may_not_add_is_told_why(client):
    """In the translator's own back-office language: English, unless they chose Dutch."""
    translator = make_translator()
    client.force_login(translator)
    response = client.get(reverse("admin:projects_project_add"))
    assert response.status_code == 403
    text = response.content.decode()
    assert "Translators do not add projects: that is for editors." in text
    assert "English texts" in text
    assert 'id="header"' in text  # the admin's own design

    choose_language(translator, "nl")
    text = client.get(reverse("admin:projects_project_add")).content.decode()
    assert "Vertalers voegen geen projecten toe" in text
    assert "Engelse teksten" in text
    # The back office says "u", as Django's admin around it does; the public pages "je".
    assert "U mag deze pagina niet openen" in text and "Als vertaler kunt u" in text


def test_a_translator_who_may_not_delete_is_told_why(client):
    project = make_project()
    client.force_login(make_translator())
    response = client.get(reverse("admin:projects_project_delete", args=[project.pk]))
    assert response.status_code == 403
    assert "Translators do not delete projects" in response.content.decode()


def test_an_editor_on_an_administrators_page_is_told_it_is_for_administrators(client):
    client.force_login(make_editor())
    response = client.get(reverse("admin:auth_user_changelist"))
    assert response.status_code == 403
    assert "beheerders" in response.content.decode()


def test_staff_without_a_role_are_told_to_ask_for_one(client):
    client.force_login(make_user())
    response = client.get(reverse("admin:projects_project_changelist"))
    assert response.status_code == 403
    assert "nog geen rol" in response.content.decode()


@pytest.fixture
def database_gone(monkeypatch):
    """The database fails from the view on, as when PostgreSQL restarts mid-request."""
    from django.contrib.admin.options import ModelAdmin

    def fail(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(ModelAdmin, "changeform_view", fail)
    monkeypatch.setattr("projects.views.overview_work", fail)


def test_a_save_while_the_database_is_gone_says_nothing_was_saved(superuser_client, database_gone):
    response = superuser_client.post(reverse("admin:projects_project_add"), {"title_nl": "X"})
    assert response.status_code == 503
    assert response["Retry-After"]
    text = response.content.decode()
    assert "niet opgeslagen" in text
    assert "Traceback" not in text


@pytest.mark.parametrize(
    "language, title", [("nl", "Tijdelijk niet beschikbaar"), ("en", "Temporarily unavailable")]
)
def test_a_public_page_while_the_database_is_gone_is_a_503(client, database_gone, language, title):
    response = client.get(f"/{language}/")
    assert response.status_code == 503
    assert_in_design(response, language, title)


def test_an_admin_page_while_the_database_is_gone_is_a_503_from_the_first_query(
    superuser_client, database_gone, monkeypatch
):
    """The first query of an admin request is the back office's language (in a
    middleware, before any view): it must not turn the 503 into a 500."""

    def fail(user):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("translations.middleware.admin_language", fail)
    response = superuser_client.get(reverse("admin:projects_project_add"))
    assert response.status_code == 503
    assert "Traceback" not in response.content.decode()
