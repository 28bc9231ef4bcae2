"""Who may see and restore history; editors manage content, not accounts."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from content import revisions
from content.recording import recording
from projects.models import Country
from tests.factories import make_country

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client, django_user_model):
    def login_as(group_name):
        user = django_user_model.objects.create_user(group_name, password="pw", is_staff=True)
        user.groups.add(Group.objects.get(name=group_name))
        client.force_login(user)
        return client

    return login_as


def revert_url(country):
    first = revisions.history_of(country).last()
    return reverse("admin:projects_country_revision", args=[country.pk, first.pk])


def changed_country():
    country = make_country("KE", name_nl="Kenia")
    with recording():
        country.name_nl = "Kenia (gewijzigd)"
        country.save()
    return country


def test_groups_exist_after_migrations():
    assert set(Group.objects.values_list("name", flat=True)) >= {"editors", "translators"}


@pytest.mark.parametrize("url_name", ["admin:auth_user_changelist", "admin:auth_group_changelist"])
def test_editors_cannot_manage_users_or_groups(member, url_name):
    client = member("editors")
    assert client.get(reverse(url_name)).status_code == 403


def test_editors_see_history_and_restore_a_version(member):
    country = changed_country()
    client = member("editors")

    assert (
        client.get(reverse("admin:projects_country_history", args=[country.pk])).status_code == 200
    )
    url = revert_url(country)
    assert b"Kenia (gewijzigd)" in client.get(url).content
    response = client.post(url)

    assert response.status_code == 302
    assert Country.objects.get(pk=country.pk).name_nl == "Kenia"


def test_translators_see_history_but_cannot_restore(member):
    country = changed_country()
    client = member("translators")
    url = revert_url(country)
    history = client.get(reverse("admin:projects_country_history", args=[country.pk]))
    data = {"name_nl": "Kenia", "name_en": "Kenya", "slug_nl": "kenia", "codes": "KE"}

    assert history.status_code == 200
    assert "Kenia (gewijzigd)" in history.content.decode()
    # They may read a version, without a button to restore it, and not restore it.
    version = client.get(url)
    assert version.status_code == 200 and b'id="restore-version"' not in version.content
    assert client.post(url, data).status_code == 403
    assert Country.objects.get(pk=country.pk).name_nl == "Kenia (gewijzigd)"


def test_translators_do_not_see_deleted_items(member):
    client = member("translators")
    response = client.get(reverse("admin:projects_country_deleted"))
    assert response.status_code == 302
