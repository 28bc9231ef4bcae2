"""Revisions as the unit of change under approval: what a publisher approves is exactly
what goes live, every kind of public content is held, and the editor works on their
own proposal."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from content import revisions
from content.models import Revision
from content.recording import recording
from content.registry import content_options
from editorial.models import ReviewRequest
from partners.models import FundingSource, PartnerOrganisation
from photos.models import Photo
from projects.models import CallToAction, Country, OverviewPage, Project, Result
from tests.admin_forms import change_form_data
from tests.editorial.test_approval import client_for
from tests.factories import (
    admin_url,
    make_call_to_action,
    make_country,
    make_editor,
    make_funder,
    make_library_photo,
    make_link,
    make_overview,
    make_partner,
    make_project,
    make_result,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return client_for(make_editor())


@pytest.fixture
def publisher():
    return client_for(make_user("publishers"))


def review_url(obj):
    return admin_url(obj, "review")


def shown_revision(page):
    return re.search(r'name="revision" value="(\d+)"', page).group(1)


def save(client, obj, **changes):
    data = change_form_data(client.get(admin_url(obj)))
    data.update(changes)
    return client.post(admin_url(obj), data, follow=True)


def review_rows(page, table="editorial-proposed"):
    part = page[page.index(f'id="{table}"') :].split("</table>")[0]
    return [
        tuple(html.unescape(cell) for cell in row)
        for row in re.findall(
            r'<tr><th scope="row">(.*?)</th><td>(.*?)</td><td>(.*?)</td></tr>', part
        )
    ]


# 1. What the publisher approves is what goes live -------------------------------------------


def test_a_draft_changed_after_the_publisher_opened_the_review_is_not_published(
    approval, editor, publisher, client
):
    project = make_project(published=False, title_nl="Gecontroleerde titel")
    save(editor, project, _submit_for_review="1")
    page = publisher.get(review_url(project)).content.decode()
    opened = shown_revision(page)
    # The editor saves the draft again (drafts are not held) with new text and title.
    save(editor, project, title_nl="Niet gecontroleerde titel", summary_nl="Nieuw en ongezien.")

    response = publisher.post(review_url(project), {"revision": opened, "_approve": "1"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Niet goedgekeurd" in page
    assert ("Titel [nl]", "Gecontroleerde titel", "Niet gecontroleerde titel") in review_rows(
        page, "editorial-refused"
    )
    project.refresh_from_db()
    assert project.status == Project.Status.DRAFT
    assert client.get(project.get_absolute_url()).status_code == 404
    # Looking again names the new revision; approving that publishes what was shown.
    page = publisher.get(review_url(project)).content.decode()
    assert shown_revision(page) != opened
    publisher.post(review_url(project), {"revision": shown_revision(page), "_approve": "1"})
    project.refresh_from_db()
    assert project.status == Project.Status.PUBLISHED
    assert project.title_nl == "Niet gecontroleerde titel"


def test_a_proposal_updated_after_the_publisher_opened_the_review_is_not_applied(
    approval, editor, publisher
):
    project = make_project(summary_nl="Gepubliceerd.")
    save(editor, project, summary_nl="Eerste voorstel.")
    opened = shown_revision(publisher.get(review_url(project)).content.decode())
    save(editor, project, summary_nl="Tweede voorstel, niet gezien.")

    response = publisher.post(review_url(project), {"revision": opened, "_approve": "1"})

    assert "Niet goedgekeurd" in response.content.decode()
    project.refresh_from_db()
    assert project.summary_nl == "Gepubliceerd."
    assert ReviewRequest.objects.get().state == ReviewRequest.State.PENDING


def test_approving_applies_the_revision_not_a_replayed_form(approval, editor, publisher):
    """The approval writes the reviewed revision with its rows: the link row the editor
    deleted goes, the one they added comes, the publisher's later title stays."""
    project = make_project(title_nl="Titel")
    kept, dropped = make_link(project, label_nl="Blijft"), make_link(project, label_nl="Gaat")
    data = change_form_data(editor.get(admin_url(project)))
    rows = {data[f"links-{i}-id"]: i for i in range(int(data["links-TOTAL_FORMS"]))}
    data[f"links-{rows[str(dropped.pk)]}-DELETE"] = "on"
    total = int(data["links-TOTAL_FORMS"])
    data.update(
        {
            "links-TOTAL_FORMS": str(total + 1),
            f"links-{total}-label_nl": "Nieuw",
            f"links-{total}-url_nl": "https://example.org/nieuw",
            f"links-{total}-sort_order": "3",
        }
    )
    editor.post(admin_url(project), data)
    assert set(project.links.values_list("label_nl", flat=True)) == {"Blijft", "Gaat"}
    save(publisher, project, title_nl="Titel van de eindredacteur")

    page = publisher.get(review_url(project)).content.decode()
    publisher.post(review_url(project), {"revision": shown_revision(page), "_approve": "1"})

    assert set(project.links.values_list("label_nl", flat=True)) == {"Blijft", "Nieuw"}
    assert project.links.filter(pk=kept.pk).exists()
    project.refresh_from_db()
    assert project.title_nl == "Titel van de eindredacteur"
    assert ReviewRequest.objects.get().revision.state == Revision.State.APPROVED


# 2. Every kind of public content is held --------------------------------------------------

# (factory, field an editor changes, new value) per publishable kind.
HELD = {
    OverviewPage: (lambda: make_overview(title_nl="Overzicht"), "title_nl", "Ander overzicht"),
    Country: (lambda: make_country(name_nl="Kenia"), "situation_nl", "<p>Nieuwe situatie.</p>"),
    Project: (lambda: make_project(title_nl="Project"), "summary_nl", "Nieuwe samenvatting."),
    CallToAction: (lambda: make_call_to_action(), "url_nl", "https://phishing.example/doneer"),
    Result: (lambda: make_result(year=2024, statement_nl="Oud"), "statement_nl", "Nieuw"),
    PartnerOrganisation: (lambda: make_partner("Partner"), "website", "https://elders.example/"),
    FundingSource: (lambda: make_funder("Fonds"), "website", "https://elders.example/"),
    Photo: (lambda: make_library_photo(), "credit", "Nieuwe fotograaf"),
}


def test_every_publishable_kind_is_covered_here():
    declared = {options.model for options in content_options() if options.publishable}
    assert declared == set(HELD)


@pytest.mark.parametrize("model", list(HELD), ids=lambda model: model.__name__)
def test_an_editors_change_to_a_public_item_of_every_kind_waits_for_review(
    approval, editor, publisher, model
):
    factory, name, value = HELD[model]
    obj = factory()
    before = getattr(obj, name)
    response = save(editor, obj, **{name: value})
    assert response.status_code == 200
    obj.refresh_from_db()
    assert getattr(obj, name) == before
    pending = ReviewRequest.objects.get(state=ReviewRequest.State.PENDING)
    assert revisions.differences(pending.revision.content["base"], pending.revision.content)

    page = publisher.get(review_url(obj)).content.decode()
    publisher.post(review_url(obj), {"revision": shown_revision(page), "_approve": "1"})
    obj.refresh_from_db()
    assert getattr(obj, name) == value


def test_an_editors_new_result_of_the_organisation_waits_for_review(approval, editor, publisher):
    overview = make_overview(results_years="2025")
    data = change_form_data(editor.get(reverse("admin:projects_result_add")))
    data.update({"year": "2025", "statement_nl": "Niet gecontroleerd resultaat"})
    editor.post(reverse("admin:projects_result_add"), data)
    result = Result.objects.get()
    assert result.status == Result.Status.DRAFT
    assert "Niet gecontroleerd resultaat" not in Client().get("/nl/").content.decode()
    save(editor, result, _submit_for_review="1")
    page = publisher.get(review_url(result)).content.decode()
    publisher.post(review_url(result), {"revision": shown_revision(page), "_approve": "1"})
    result.refresh_from_db()
    assert result.status == Result.Status.PUBLISHED
    assert overview.pk and "Niet gecontroleerd resultaat" in Client().get("/nl/").content.decode()


def test_an_editor_cannot_restore_an_old_version_of_a_partner(approval, editor):
    partner = make_partner("Partner", website="https://oud.example/")
    with recording():
        partner.website = "https://nieuw.example/"
        partner.save()
    old = revisions.history_of(partner).last().pk
    url = reverse("admin:partners_partnerorganisation_revision", args=[partner.pk, old])
    assert "https://oud.example/" in editor.get(url).content.decode()
    editor.post(url)
    partner.refresh_from_db()
    assert partner.website == "https://nieuw.example/"


def test_an_editor_cannot_delete_a_call_to_action(approval, editor):
    action = make_call_to_action()
    response = editor.post(admin_url(action, "delete"), {"post": "yes"})
    assert response.status_code == 403
    assert CallToAction.objects.filter(pk=action.pk).exists()


# 3. The editor works on their proposal ----------------------------------------------------


def test_the_form_reopens_on_the_editors_proposal_and_a_second_save_updates_it(
    approval, editor, publisher, client
):
    project = make_project(summary_nl="Gepubliceerd.")
    save(editor, project, summary_nl="Mijn voorstel.")

    page = editor.get(admin_url(project)).content.decode()
    assert "Het formulier toont uw voorstel" in page
    assert "Mijn voorstel." in page
    assert "Mijn voorstel." not in client.get(project.get_absolute_url()).content.decode()

    response = save(editor, project, title_nl="Ook een nieuwe titel")
    assert "Uw voorstel is bijgewerkt" in response.content.decode()
    pending = ReviewRequest.objects.get(state=ReviewRequest.State.PENDING)
    fields = pending.revision.content["item"]["fields"]
    assert (fields["summary_nl"], fields["title_nl"]) == ("Mijn voorstel.", "Ook een nieuwe titel")
    assert Revision.objects.filter(state=Revision.State.REPLACED).count() == 1


def test_a_rejected_proposal_stays_in_the_form_with_the_comment_and_can_be_discarded(
    approval, editor, publisher
):
    project = make_project(summary_nl="Gepubliceerd.")
    save(editor, project, summary_nl="Afgewezen voorstel.")
    page = publisher.get(review_url(project)).content.decode()
    publisher.post(
        review_url(project),
        {"revision": shown_revision(page), "_reject": "1", "comment": "Bron ontbreekt."},
    )

    page = editor.get(admin_url(project)).content.decode()
    assert "Bron ontbreekt." in page and "Afgewezen voorstel." in page
    # Saving it again submits it again.
    save(editor, project, summary_nl="Verbeterd voorstel.")
    assert (
        ReviewRequest.objects.pending().get().revision.content["item"]["fields"]["summary_nl"]
        == "Verbeterd voorstel."
    )
    # Discarding it: the form shows the published item again.
    editor.post(admin_url(project, "proposal/discard"))
    page = editor.get(admin_url(project)).content.decode()
    assert "Verbeterd voorstel." not in page and "Gepubliceerd." in page
    assert not ReviewRequest.objects.pending().exists()


def test_the_proposal_preview_shows_the_revision(approval, editor, publisher):
    project = make_project(summary_nl="Gepubliceerd.")
    save(editor, project, summary_nl="Voorgesteld.")
    revision = ReviewRequest.objects.get().revision
    url = reverse("admin:projects_project_proposal_preview", args=[project.pk, revision.pk, "nl"])
    page = publisher.get(url).content.decode()
    assert "Voorgesteld." in page and "Gepubliceerd." not in page


# 4. The review shows text as typed ----------------------------------------------------------


def test_the_review_shows_angle_brackets_in_plain_text(approval, editor, publisher):
    project = make_project(title_nl="Bescherming")
    save(editor, project, title_nl="Bescherming <gesponsord door Y>")
    page = publisher.get(review_url(project)).content.decode()
    assert "&lt;gesponsord door Y&gt;" in page
    assert ("Titel [nl]", "Bescherming", "Bescherming <gesponsord door Y>") in review_rows(page)


# 5. Large items save --------------------------------------------------------------------------


def test_a_project_with_300_rows_saves(editor):
    project = make_project(title_nl="Veel links")
    for number in range(300):
        make_link(project, label_nl=f"Link {number}", sort_order=number)
    data = change_form_data(editor.get(admin_url(project)))
    data["title_nl"] = "Veel links, opgeslagen"
    response = editor.post(admin_url(project), data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title_nl == "Veel links, opgeslagen"
    assert project.links.count() == 300


def test_a_request_refused_for_its_size_says_nothing_was_saved(editor, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    project = make_project(title_nl="Te groot")
    data = change_form_data(editor.get(admin_url(project)))
    data.update({f"extra-{i}": "x" for i in range(60)})
    response = editor.post(admin_url(project), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Er is niets opgeslagen" in page
    assert "Beheer" in page  # the admin's page, not the public one


def test_a_proposal_made_before_revisions_is_shown_and_can_only_be_rejected(
    approval, editor, publisher
):
    """A pending proposal of the previous release (the form as it was sent) is not lost:
    the publisher reads its changes and rejects it; approving it would replay a form."""
    project = make_project(summary_nl="Gepubliceerd.")
    legacy = ReviewRequest.objects.create(
        content_type=revisions.content_type_of(project),
        object_id=str(project.pk),
        proposed_changes={
            "post": {"summary_nl": ["Oud voorstel."]},
            "files": {},
            "changes": ["Samenvatting [nl]: “Gepubliceerd.” → “Oud voorstel.”"],
        },
    )
    page = publisher.get(review_url(project)).content.decode()
    assert "Samenvatting [nl]: “Gepubliceerd.” → “Oud voorstel.”" in page

    response = publisher.post(review_url(project), {"request": legacy.pk, "_approve": "1"})

    assert "kan niet worden doorgevoerd" in response.content.decode()
    project.refresh_from_db()
    assert project.summary_nl == "Gepubliceerd."
    publisher.post(
        review_url(project), {"request": legacy.pk, "_reject": "1", "comment": "Opnieuw graag."}
    )
    legacy.refresh_from_db()
    assert legacy.state == ReviewRequest.State.REJECTED


def test_a_save_that_changes_nothing_writes_nothing_and_says_so(editor):
    """Measured: a crafted POST that changes nothing said "changed successfully" and
    added a version to the history."""
    project = make_project(title_nl="Ongewijzigd")
    make_link(project, label_nl="Link")
    versions = revisions.history_of(project).count()
    data = change_form_data(editor.get(admin_url(project)))
    data["_continue"] = "1"

    page = editor.post(admin_url(project), data, follow=True).content.decode()

    assert "Er is niets gewijzigd, dus er is niets opgeslagen." in page
    assert "gewijzigd." not in page.split("Er is niets gewijzigd")[0][-200:]
    assert revisions.history_of(project).count() == versions
    # A change of a row alone still saves the item with it.
    data = change_form_data(editor.get(admin_url(project)))
    data["links-0-label_nl"] = "Andere link"
    editor.post(admin_url(project), data)
    assert project.links.get().label_nl == "Andere link"
    # The state before (the first change recorded) and the change.
    assert revisions.history_of(project).count() == versions + 2
    assert revisions.differences(
        revisions.history_of(project)[1].content, revisions.history_of(project)[0].content
    )
