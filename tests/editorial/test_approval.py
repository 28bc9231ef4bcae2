"""Four eyes, when the site asks for it: editors submit, publishers approve or reject."""

import datetime
import html
import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from content import revisions
from content.recording import recording
from editorial.concurrency import VERSION_FIELD
from editorial.models import EditorialEvent, ReviewRequest
from projects.models import Project
from tests.admin_forms import change_form_data
from tests.factories import make_editor, make_project, make_user

pytestmark = pytest.mark.django_db


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


def proposed_changes(client, project):
    """[(field, published now, after approval)] as the review page lists them."""
    page = client.get(review_url(project)).content.decode()
    table = page[page.index('id="editorial-proposed"') :].split("</table>")[0]
    return [
        tuple(html.unescape(cell) for cell in row)
        for row in re.findall(
            r'<tr><th scope="row">(.*?)</th><td>(.*?)</td><td>(.*?)</td></tr>', table
        )
    ]


def decide(client, project, data, **kwargs):
    """Post a decision from the review page as the publisher has it open: naming the
    revision the page shows."""
    query = f"?request={data['request']}" if "request" in data else ""
    page = client.get(review_url(project) + query).content.decode()
    shown = re.search(r'name="revision" value="(\d+)"', page)
    if shown:
        data = {"revision": shown.group(1), **data}
    return client.post(review_url(project), data, **kwargs)


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
    assert "Wacht op uw controle" in home and "Ter goedkeuring" in home
    assert review_url(project) in home
    # Editors see their request, not the queue.
    editor_home = editor_client.get(reverse("admin:index")).content.decode()
    assert "Wacht op uw controle" not in editor_home
    assert "wacht op controle" in editor_home

    response = decide(publisher_client, project, {"_approve": "1", "comment": "Mooi."})
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
    decide(client_for(publisher), project, {"_approve": "1"})
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
    response = decide(publisher_client, project, {"_reject": "1", "comment": ""})
    assert response.status_code == 200
    assert ReviewRequest.objects.get().state == ReviewRequest.State.PENDING
    decide(publisher_client, project, {"_reject": "1", "comment": "Bron ontbreekt."})
    project.refresh_from_db()
    assert project.status == Project.Status.DRAFT
    form = editor_client.get(change_url(project)).content.decode()
    assert "Afgewezen door" in form and "Bron ontbreekt." in form
    assert "Bron ontbreekt." in editor_client.get(reverse("admin:index")).content.decode()


def test_every_step_is_in_the_history(approval, editor, publisher):
    project = make_project(published=False)
    submit(client_for(editor), project)
    publisher_client = client_for(publisher)
    decide(publisher_client, project, {"_reject": "1", "comment": "Nog niet."})
    submit(client_for(editor), project)
    decide(publisher_client, project, {"_approve": "1", "comment": "Nu wel."})
    history = publisher_client.get(
        reverse("admin:projects_project_history", args=[project.pk])
    ).content.decode()
    for text in ("Ter controle aangeboden", "Afgewezen", "Nog niet.", "Goedgekeurd", "Nu wel."):
        assert text in history
    # The publication itself is a version by the publisher.
    assert revisions.history_of(project).first().user == publisher


def test_without_approval_there_is_no_submit_button_and_no_queue(editor):
    project = make_project(published=False)
    client = client_for(editor)
    assert "ter controle aanbieden" not in client.get(change_url(project)).content.decode()
    assert "review-queue" not in client.get(reverse("admin:index")).content.decode()


# Changes to what is already published wait for a publisher ------------------------------


def propose(editor, project, **changes):
    client = client_for(editor)
    page = client.get(change_url(project))
    shown = page.content.decode()
    assert "uw wijzigingen bewaard voor de" in shown or "uw voorstel" in shown
    data = change_form_data(page)
    data[VERSION_FIELD] = page.context["editorial_version"]
    data.update(changes)
    response = client.post(change_url(project), data, follow=True)
    assert response.status_code == 200
    return response


def test_an_editors_change_to_a_published_project_waits_for_review(approval, editor, client):
    project = make_project(title_nl="Bescherming in Kenia", summary_nl="Oude samenvatting.")
    response = propose(editor, project, summary_nl="Nieuwe samenvatting.")

    project.refresh_from_db()
    assert project.summary_nl == "Oude samenvatting."
    assert b"Nieuwe samenvatting." not in client.get(project.get_absolute_url()).content
    pending = ReviewRequest.objects.get(state=ReviewRequest.State.PENDING)
    assert pending.requested_by == editor
    # The publisher reads what changes, from what to what.
    assert proposed_changes(client_for(make_user("publishers")), project) == [
        ("Samenvatting [nl]", "Oude samenvatting.", "Nieuwe samenvatting.")
    ]
    assert "wachten op de controle" in response.content.decode() or (
        "publisher" in response.content.decode()
    )


def test_a_publisher_approves_the_proposed_changes_and_they_are_published(
    approval, editor, publisher, client
):
    project = make_project(summary_nl="Oude samenvatting.")
    propose(editor, project, summary_nl="Nieuwe samenvatting.")
    pending = ReviewRequest.objects.get()
    reviewer = client_for(publisher)
    page = reviewer.get(review_url(project) + f"?request={pending.pk}").content.decode()
    assert "Samenvatting [nl]" in page
    preview_url = reverse(
        "admin:projects_project_proposal_preview", args=[project.pk, pending.revision_id, "nl"]
    )
    preview = reviewer.get(preview_url).content.decode()
    assert "Nieuwe samenvatting." in preview
    assert "Voorbeeld — niet gepubliceerd" in preview

    response = decide(reviewer, project, {"request": pending.pk, "_approve": "1"})

    assert response.status_code == 302
    project.refresh_from_db()
    assert project.summary_nl == "Nieuwe samenvatting."
    assert project.status == Project.Status.PUBLISHED
    assert b"Nieuwe samenvatting." in client.get(project.get_absolute_url()).content
    pending.refresh_from_db()
    assert pending.state == ReviewRequest.State.APPROVED
    assert pending.decided_by == publisher
    latest = revisions.history_of(project).first()
    assert latest.content["item"]["fields"]["summary_nl"] == "Nieuwe samenvatting."


def test_rejected_changes_are_never_applied(approval, editor, publisher):
    project = make_project(summary_nl="Oude samenvatting.")
    propose(editor, project, summary_nl="Nieuwe samenvatting.")
    pending = ReviewRequest.objects.get()
    decide(
        client_for(publisher),
        project,
        {"request": pending.pk, "_reject": "1", "comment": "Klopt niet."},
    )
    project.refresh_from_db()
    assert project.summary_nl == "Oude samenvatting."
    pending.refresh_from_db()
    assert pending.state == ReviewRequest.State.REJECTED


def test_changes_proposed_before_others_changed_other_fields_are_applied_keeping_theirs(
    approval, editor, publisher
):
    project = make_project(summary_nl="Oude samenvatting.", title_nl="Oude titel")
    propose(editor, project, summary_nl="Nieuwe samenvatting.")
    pending = ReviewRequest.objects.get()
    # Meanwhile a publisher changes the title through the form.
    reviewer = client_for(publisher)
    data = change_form_data(reviewer.get(change_url(project)))
    data["title_nl"] = "Titel van de eindredacteur"
    assert reviewer.post(change_url(project), data).status_code == 302

    response = decide(reviewer, project, {"request": pending.pk, "_approve": "1"})

    assert response.status_code == 302
    project.refresh_from_db()
    assert project.summary_nl == "Nieuwe samenvatting."
    assert project.title_nl == "Titel van de eindredacteur"
    pending.refresh_from_db()
    assert pending.state == ReviewRequest.State.APPROVED


def test_a_translators_english_after_a_proposal_is_kept_and_the_proposal_applies(
    approval, editor, publisher
):
    from tests.factories import make_translator

    project = make_project(title_nl="Oude titel", photo_caption_en="")
    propose(editor, project, title_nl="Nieuwe titel")
    pending = ReviewRequest.objects.get()
    translator = client_for(make_translator())
    data = change_form_data(translator.get(change_url(project)))
    data["photo_caption_en"] = "Two people talking"
    assert translator.post(change_url(project), data).status_code == 302

    response = decide(client_for(publisher), project, {"request": pending.pk, "_approve": "1"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.title_nl, project.photo_caption_en) == ("Nieuwe titel", "Two people talking")


def test_changes_proposed_to_a_field_changed_since_are_refused(approval, editor, publisher):
    project = make_project(summary_nl="Oude samenvatting.")
    propose(editor, project, summary_nl="Samenvatting van de redacteur.")
    pending = ReviewRequest.objects.get()
    reviewer = client_for(publisher)
    data = change_form_data(reviewer.get(change_url(project)))
    data["summary_nl"] = "Samenvatting van de eindredacteur."
    assert reviewer.post(change_url(project), data).status_code == 302

    response = decide(reviewer, project, {"request": pending.pk, "_approve": "1"}, follow=True)

    project.refresh_from_db()
    assert project.summary_nl == "Samenvatting van de eindredacteur."
    pending.refresh_from_db()
    assert pending.state == ReviewRequest.State.PENDING
    assert "Niet goedgekeurd: sinds dit voorstel" in response.content.decode()


def test_the_review_says_before_approving_who_changed_the_same_fields_since(
    approval, editor, publisher
):
    project = make_project(summary_nl="Oude samenvatting.", title_nl="Oude titel")
    propose(editor, project, summary_nl="Samenvatting van de redacteur.")
    reviewer = client_for(publisher)
    page = reviewer.get(review_url(project)).content.decode()
    assert "Sinds dit voorstel" not in page  # nothing changed since: it can be approved
    data = change_form_data(reviewer.get(change_url(project)))
    data["title_nl"] = "Titel van de eindredacteur"  # another field: still mergeable
    assert reviewer.post(change_url(project), data).status_code == 302
    assert "Sinds dit voorstel" not in reviewer.get(review_url(project)).content.decode()
    data = change_form_data(reviewer.get(change_url(project)))
    data["summary_nl"] = "Samenvatting van de eindredacteur."
    assert reviewer.post(change_url(project), data).status_code == 302
    page = reviewer.get(review_url(project)).content.decode()
    note = page[page.index("Sinds dit voorstel") :].split("</table>")[0]
    assert publisher.username in note and "Samenvatting" in note and "Titel" not in note


def test_a_new_row_of_a_published_project_waits_too(approval, editor, publisher):
    from tests.factories import make_funder

    project = make_project()
    funder = make_funder(name_nl="het fonds van de redactie")
    client = client_for(editor)
    data = change_form_data(client.get(change_url(project)))
    total = int(data["fundings-TOTAL_FORMS"])
    data.update(
        {
            "fundings-TOTAL_FORMS": str(total + 1),
            f"fundings-{total}-funder": str(funder.pk),
            f"fundings-{total}-currency": "EUR",
            f"fundings-{total}-phrasing": "by",
            f"fundings-{total}-sort_order": "1",
        }
    )
    client.post(change_url(project), data)
    assert not project.fundings.exists()
    pending = ReviewRequest.objects.get()
    assert proposed_changes(client_for(publisher), project) == [
        ("Financiering “het fonds van de redactie”", "afwezig", "toegevoegd")
    ]

    decide(client_for(publisher), project, {"request": pending.pk, "_approve": "1"})
    assert project.fundings.get().funder == funder


def test_a_translators_english_is_not_held(approval):
    from tests.factories import make_translator

    project = make_project(title_en="Old title")
    client = client_for(make_translator())
    data = change_form_data(client.get(change_url(project)))
    data["title_en"] = "New title"
    assert client.post(change_url(project), data).status_code == 302
    project.refresh_from_db()
    assert project.title_en == "New title"
    assert not ReviewRequest.objects.exists()


def test_a_publishers_own_change_is_saved_at_once(approval, publisher):
    project = make_project(summary_nl="Oud.")
    client = client_for(publisher)
    data = change_form_data(client.get(change_url(project)))
    data["summary_nl"] = "Nieuw."
    assert client.post(change_url(project), data).status_code == 302
    project.refresh_from_db()
    assert project.summary_nl == "Nieuw."
    assert not ReviewRequest.objects.exists()


def test_a_second_proposal_replaces_the_authors_first(approval, editor, publisher, client):
    project = make_project(summary_nl="Oude samenvatting.")
    propose(editor, project, summary_nl="Eerste voorstel.")
    response = propose(editor, project, summary_nl="Tweede voorstel.")
    pending = ReviewRequest.objects.get(state=ReviewRequest.State.PENDING)
    assert pending.revision.content["item"]["fields"]["summary_nl"] == "Tweede voorstel."
    assert "Uw voorstel is bijgewerkt" in response.content.decode()
    reviewer = client_for(publisher)
    decide(reviewer, project, {"request": pending.pk, "_approve": "1"})
    project.refresh_from_db()
    assert project.summary_nl == "Tweede voorstel."


def test_the_review_shows_old_and_new_values_of_places_choices_and_rich_text(
    approval, editor, publisher
):
    from tests.factories import make_country

    kenya = make_country(name_nl="Kenia")
    project = make_project([kenya], body_nl="<p>Oude <strong>tekst</strong>.</p>")
    greece = make_country(name_nl="Griekenland")
    propose(
        editor,
        project,
        body_nl="<p>Nieuwe <strong>tekst</strong>.</p>",
        countries=[str(kenya.pk), str(greece.pk)],
    )
    changes = proposed_changes(client_for(publisher), project)
    assert ("Wat VluchtelingenWerk doet [nl]", "Oude tekst.", "Nieuwe tekst.") in changes
    assert any(
        label.startswith("Land")
        and old == "Kenia"
        and new in ("Kenia, Griekenland", "Griekenland, Kenia")
        for label, old, new in changes
    ), changes


# What an editor may not do alone by another way ------------------------------------------


def history_url(project, version=None):
    if version is None:
        return reverse("admin:projects_project_history", args=[project.pk])
    return reverse("admin:projects_project_revision", args=[project.pk, version])


def saved_version(obj, **changes):
    """Record ``obj`` as it is, then change it (outside the admin); the version's key."""
    with recording():
        obj.save()  # the state before: the first revision
        for name, value in changes.items():
            setattr(obj, name, value)
        obj.save()
    return revisions.history_of(obj).last().pk


def test_an_editor_cannot_publish_again_by_restoring_a_version(approval, editor, publisher):
    project = make_project(title_nl="Gepubliceerd")
    published = saved_version(project, status=Project.Status.DRAFT)
    client = client_for(editor)
    response = client.post(history_url(project, published))
    assert response.status_code == 302 and response["Location"] == history_url(project)
    project.refresh_from_db()
    assert project.status == Project.Status.DRAFT
    assert client.get(project.get_absolute_url()).status_code == 404
    # A publisher may.
    client = client_for(publisher)
    client.post(history_url(project, published))
    project.refresh_from_db()
    assert project.status == Project.Status.PUBLISHED


def test_an_editor_cannot_change_a_published_project_by_restoring_a_version(approval, editor):
    project = make_project(title_nl="Oud")
    old = saved_version(project, title_nl="Nieuw")
    client = client_for(editor)
    client.post(history_url(project, old))
    project.refresh_from_db()
    assert project.title_nl == "Nieuw"


def test_an_editor_cannot_delete_a_published_project(approval, editor):
    project = make_project()
    draft = make_project(published=False)
    client = client_for(editor)
    delete = reverse("admin:projects_project_delete", args=[project.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Project.objects.filter(pk=project.pk).exists()
    client.post(reverse("admin:projects_project_delete", args=[draft.pk]), {"post": "yes"})
    assert not Project.objects.filter(pk=draft.pk).exists()


def test_the_rows_of_a_published_project_change_only_through_its_form(approval, editor):
    """A workshop's own admin would put an editor's change online at once."""
    from tests.factories import make_result, make_workshop

    project = make_project()
    draft = make_project(published=False)
    workshop = make_workshop(project, title_nl="Training")
    result = make_result(project)
    client = client_for(editor)
    for obj in (workshop, result):
        url = reverse(f"admin:projects_{obj._meta.model_name}_change", args=[obj.pk])
        page = client.get(url)
        assert "where your change is submitted for review" in page.content.decode() or (
            "ter beoordeling" in page.content.decode()
        )
        assert b'name="_save"' not in page.content  # read only
        data = change_form_data(page) if b"<form" in page.content else {}
        client.post(url, {**data, "title_nl": "Gewijzigd", "statement_nl": "Gewijzigd"})
    workshop.refresh_from_db()
    result.refresh_from_db()
    assert workshop.title_nl == "Training" and result.statement_nl != "Gewijzigd"
    # A draft's rows, and new rows, are the editor's to change.
    draft_workshop = make_workshop(draft, title_nl="Concept")
    url = reverse("admin:projects_workshop_change", args=[draft_workshop.pk])
    assert b'name="_save"' in client.get(url).content
    add = client.get(reverse("admin:projects_workshop_add"))
    choices = add.context["adminform"].form.fields["project"].queryset
    assert draft in choices and project not in choices


def test_a_published_projects_rows_are_not_restored_nor_reordered_by_an_editor(approval, editor):
    """Restoring a version of a workshop or result, or the results list's sort order,
    would change a published project at once too."""
    from projects.models import Result, Workshop
    from tests.factories import make_result, make_workshop

    project = make_project()
    draft = make_project(published=False)
    workshop = make_workshop(project, title_nl="Training")
    old = saved_version(workshop, title_nl="Training, bijgewerkt")
    moved = make_workshop(project, title_nl="Verhuisd")  # then moved to the draft
    in_published = saved_version(moved, project=draft)
    result = make_result(project, sort_order=1)
    client = client_for(editor)
    for obj, version in ((workshop, old), (moved, in_published)):
        url = reverse("admin:projects_workshop_revision", args=[obj.pk, version])
        assert client.post(url, {"title_nl": "Via de geschiedenis"}).status_code == 403
    assert not Workshop.objects.filter(title_nl="Via de geschiedenis").exists()
    page = client.get(reverse("admin:projects_result_changelist"))
    assert b'name="form-0-sort_order"' not in page.content
    client.post(
        reverse("admin:projects_result_changelist"),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(result.pk),
            "form-0-sort_order": "55",
            "_save": "1",
        },
    )
    assert Result.objects.get(pk=result.pk).sort_order == 1
