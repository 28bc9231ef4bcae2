"""A share link shows one draft, in the chosen language, to someone without an account,
until it expires or is revoked; it reaches nothing else and is in the history."""

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from editorial import sharing
from editorial.access import may_see_unpublished
from editorial.models import ShareLink
from tests.factories import make_editor, make_full_project, make_project, make_translator

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client():
    client = Client()
    client.force_login(make_editor())
    return client


@pytest.fixture
def draft():
    return make_full_project(
        published=False, title_nl="Concept voor CEDEM", title_en="Draft for CEDEM"
    )


def share_page(obj):
    return reverse("admin:projects_project_share", args=[obj.pk])


def create_link(client, obj, language="nl", days=14, recipient="CEDEM, Jelena"):
    response = client.post(
        share_page(obj), {"language": language, "days": days, "recipient": recipient}
    )
    assert response.status_code == 302
    page = client.get(share_page(obj)).content.decode()
    return re.findall(r'value="(http://testserver/preview/[^"]+)"', page)[0]


def test_a_share_link_shows_the_draft_without_login(client, editor_client, draft):
    url = create_link(editor_client, draft)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Concept voor CEDEM" in html
    assert "Voorbeeld — niet gepubliceerd" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "no-store" in response["Cache-Control"]


def test_it_shows_the_current_draft_in_the_chosen_language(client, editor_client, draft):
    url = create_link(editor_client, draft, language="en")
    draft.title_en = "Draft for CEDEM, corrected"
    draft.save()
    html = client.get(url).content.decode()
    assert '<html lang="en">' in html
    assert "Draft for CEDEM, corrected" in html
    # No way into the other language (whose page does not exist publicly).
    assert "Lees dit artikel" not in html


def test_the_link_expires_by_default_after_fourteen_days(client, editor_client, draft):
    url = create_link(editor_client, draft)
    link = ShareLink.objects.get()
    assert (link.expires_at - timezone.now()) > datetime.timedelta(days=13, hours=23)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=15)):
        response = client.get(url)
    assert response.status_code == 410
    assert b"Concept voor CEDEM" not in response.content


def test_a_revoked_link_stops_working(client, editor_client, draft):
    url = create_link(editor_client, draft)
    link = ShareLink.objects.get()
    editor_client.post(share_page(draft), {"revoke": link.pk})
    response = client.get(url)
    assert response.status_code == 410
    assert b"Concept voor CEDEM" not in response.content


def test_a_forged_or_altered_token_shows_nothing(client, editor_client, draft):
    url = create_link(editor_client, draft)
    assert client.get(url[:-3] + "abc/").status_code == 410
    link = ShareLink.objects.get()
    assert client.get(f"/preview/{link.key}/").status_code == 410  # the key, unsigned


def test_the_link_reaches_nothing_else(client, editor_client, draft):
    other = make_project(published=False, title_nl="Ander concept")
    url = create_link(editor_client, draft)
    client.get(url)
    # The session that opened the link sees no other draft, and no admin.
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("admin:index")).status_code == 302
    assert client.get(f"/admin/projects/project/{other.pk}/preview/nl/").status_code == 302


def test_creating_and_revoking_a_link_is_in_the_history(editor_client, draft):
    create_link(editor_client, draft, recipient="Ministerie, Piet")
    editor_client.post(share_page(draft), {"revoke": ShareLink.objects.get().pk})
    history = editor_client.get(
        reverse("admin:projects_project_history", args=[draft.pk])
    ).content.decode()
    assert "Gedeeld ter controle" in history
    assert "Ministerie, Piet" in history
    assert "Deellink ingetrokken" in history


def test_translators_cannot_share(draft):
    client = Client()
    client.force_login(make_translator())
    assert client.get(share_page(draft)).status_code == 403


def test_an_invalid_number_of_days_is_refused_with_a_message(editor_client, draft):
    response = editor_client.post(share_page(draft), {"language": "nl", "days": 0})
    assert response.status_code == 200
    assert not ShareLink.objects.exists()
    assert "errorlist" in response.content.decode()


class TestMaySeeUnpublished:
    def test_the_visitor_of_a_share_link_may_see_the_drafts_files(self, editor_client, draft):
        visitor = Client()
        visitor.get(create_link(editor_client, draft))
        request = type("Request", (), {"user": None, "session": visitor.session})()
        assert may_see_unpublished(request, draft)
        assert may_see_unpublished(request, draft.workshops.get())
        assert not may_see_unpublished(request, make_project(published=False))

    def test_an_anonymous_visitor_may_not(self, draft):
        request = type("Request", (), {"user": None, "session": {}})()
        assert not may_see_unpublished(request, draft)

    def test_an_editor_may(self, draft):
        request = type("Request", (), {"user": make_editor(), "session": {}})()
        assert may_see_unpublished(request, draft)

    def test_not_after_revocation(self, editor_client, draft):
        visitor = Client()
        visitor.get(create_link(editor_client, draft))
        ShareLink.objects.update(revoked_at=timezone.now())
        request = type("Request", (), {"user": None, "session": visitor.session})()
        assert not may_see_unpublished(request, draft)


def test_a_token_names_one_link(draft):
    link = ShareLink.objects.create(
        content_type_id=1, object_id=str(draft.pk), language="nl", created_by=None
    )
    assert sharing.link_for(sharing.token_for(link)) == link
    assert sharing.link_for("nonsense") is None


def test_an_expired_link_says_so_in_the_links_language(client, editor_client, draft):
    url = create_link(editor_client, draft, language="en")
    ShareLink.objects.update(revoked_at=timezone.now())
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 410
    assert "This preview link no longer works" in response.content.decode()
    assert "noindex" in response["X-Robots-Tag"]


def test_the_visitor_of_a_share_link_gets_the_drafts_photos_and_nobody_else(
    client, editor_client, draft, media_root
):
    from tests.factories import add_photo

    workshop = add_photo(draft.workshops.get(), width=900, height=600)
    photo = "/media/" + workshop.photo.name
    assert client.get(photo).status_code == 404

    visitor = Client()
    visitor.get(create_link(editor_client, draft))
    response = visitor.get(photo)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert Client().get(photo).status_code == 404
