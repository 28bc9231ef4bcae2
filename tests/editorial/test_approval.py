"""Four eyes, when the site asks for it: editors submit, publishers approve or reject."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from editorial.models import EditorialEvent, ReviewRequest
from projects.models import Project
from tests.admin_forms import change_form_data
from tests.factories import make_editor, make_project, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def approval(settings):
    settings.EDITORIAL_APPROVAL = True


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor():
    return make_editor()


@pytest.fixture
def publisher():
    return make_user("publishers")


def change_url(project):
    return reverse("admin:projects_project_change", args=[project.pk])


def review_url(project):
    return reverse("admin:projects_project_review", args=[project.pk])


def test_the_publishers_role_exists_with_the_right_to_publish(publisher):
    group = Group.objects.get(name="publishers")
    assert group.permissions.filter(codename="publish_project").exists()
    assert (
        not Group.objects.get(name="editors")
        .permissions.filter(codename="publish_project")
        .exists()
    )
    assert publisher.has_perm("projects.change_project")


def test_without_approval_an_editor_publishes_as_before(editor):
    project = make_project(published=False)
    client = client_for(editor)
    data = change_form_data(client.get(change_url(project)))
    data["status"] = "published"
    assert client.post(change_url(project), data).status_code == 302
    project.refresh_from_db()
    assert project.status == Project.Status.PUBLISHED


def test_with_approval_an_editor_cannot_publish_not_even_by_a_crafted_post(approval, editor):
    project = make_project(published=False)
    client = client_for(editor)
    page = client.get(change_url(project))
    assert 'name="status"' not in page.content.decode()
    data = change_form_data(page)
    data["status"] = "published"  # crafted
    client.post(change_url(project), data)
    project.refresh_from_db()
    assert project.status == Project.Status.DRAFT
    assert client.get(review_url(project)).status_code == 403
    add = change_form_data(client.get(reverse("admin:projects_project_add")))
    add.update({"title_nl": "Nieuw", "slug_nl": "nieuw", "status": "published"})
    client.post(reverse("admin:projects_project_add"), add)
    assert Project.objects.get(slug_nl="nieuw").status == Project.Status.DRAFT


def test_with_approval_an_editor_cannot_move_the_schedule_of_a_published_project(approval, editor):
    project = make_project()
    client = client_for(editor)
    data = change_form_data(client.get(change_url(project)))
    data.update({"publish_until_0": "01-01-2030", "publish_until_1": "10:00"})
    client.post(change_url(project), data)
    project.refresh_from_db()
    assert project.publish_until is None


def test_a_publisher_can_publish_directly(approval, publisher):
    project = make_project(published=False)
    client = client_for(publisher)
    data = change_form_data(client.get(change_url(project)))
    data["status"] = "published"
    assert client.post(change_url(project), data).status_code == 302
    project.refresh_from_db()
    assert project.status == Project.Status.PUBLISHED


def submit(client, project, **changes):
    data = change_form_data(client.get(change_url(project)))
    data.update(changes)
    data["_submit_for_review"] = "1"
    response = client.post(change_url(project), data)
    assert response.status_code == 302
    return response


def test_the_whole_round_submit_queue_approve(approval, editor, publisher, client):
    project = make_project(published=False, title_nl="Ter goedkeuring")
    editor_client = client_for(editor)
    assert (
        "Opslaan en ter controle aanbieden"
        in editor_client.get(change_url(project)).content.decode()
    )
    submit(editor_client, project, summary_nl="Klaar voor controle")
    assert ReviewRequest.objects.pending().count() == 1

    publisher_client = client_for(publisher)
    home = publisher_client.get(reverse("admin:index")).content.decode()
    assert "Wacht op jouw controle" in home and "Ter goedkeuring" in home
    assert review_url(project) in home
    # Editors see their request, not the queue.
    editor_home = editor_client.get(reverse("admin:index")).content.decode()
    assert "Wacht op jouw controle" not in editor_home
    assert "wacht op controle" in editor_home

    response = publisher_client.post(review_url(project), {"_approve": "1", "comment": "Mooi."})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == Project.Status.PUBLISHED and project.is_public()
    assert client.get(project.get_absolute_url()).status_code == 200
    assert ReviewRequest.objects.get().state == ReviewRequest.State.APPROVED
    form = editor_client.get(change_url(project)).content.decode()
    assert "Goedgekeurd door" in form


def test_approving_a_project_with_a_future_publish_from_schedules_it(
    approval, editor, publisher, client
):
    launch = timezone.now() + datetime.timedelta(days=3)
    project = make_project(published=False, publish_from=launch)
    submit(client_for(editor), project)
    client_for(publisher).post(review_url(project), {"_approve": "1"})
    project.refresh_from_db()
    assert project.status == Project.Status.PUBLISHED and not project.is_public()
    assert client.get(project.get_absolute_url()).status_code == 404
    event = EditorialEvent.objects.get(action="approved")
    assert "Gepland voor" in event.comment


def test_a_rejection_needs_a_comment_which_the_editor_then_sees(approval, editor, publisher):
    project = make_project(published=False)
    editor_client = client_for(editor)
    submit(editor_client, project)
    publisher_client = client_for(publisher)
    response = publisher_client.post(review_url(project), {"_reject": "1", "comment": ""})
    assert response.status_code == 200
    assert ReviewRequest.objects.get().state == ReviewRequest.State.PENDING
    publisher_client.post(review_url(project), {"_reject": "1", "comment": "Bron ontbreekt."})
    project.refresh_from_db()
    assert project.status == Project.Status.DRAFT
    form = editor_client.get(change_url(project)).content.decode()
    assert "Afgewezen door" in form and "Bron ontbreekt." in form
    assert "Bron ontbreekt." in editor_client.get(reverse("admin:index")).content.decode()


def test_every_step_is_in_the_history(approval, editor, publisher):
    project = make_project(published=False)
    submit(client_for(editor), project)
    publisher_client = client_for(publisher)
    publisher_client.post(review_url(project), {"_reject": "1", "comment": "Nog niet."})
    submit(client_for(editor), project)
    publisher_client.post(review_url(project), {"_approve": "1", "comment": "Nu wel."})
    history = publisher_client.get(
        reverse("admin:projects_project_history", args=[project.pk])
    ).content.decode()
    for text in ("Ter controle aangeboden", "Afgewezen", "Nog niet.", "Goedgekeurd", "Nu wel."):
        assert text in history
    # The publication itself is a version by the publisher.
    assert project.history.first().history_user == publisher


def test_without_approval_there_is_no_submit_button_and_no_queue(editor):
    project = make_project(published=False)
    client = client_for(editor)
    assert "ter controle aanbieden" not in client.get(change_url(project)).content.decode()
    assert "review-queue" not in client.get(reverse("admin:index")).content.decode()
