"""The editors' daily work in a real browser (Debian's Chromium): preview, a share link,
scheduling and the lost-update message, with screenshots in Dutch at 360 and 1440 px."""

import datetime
import re
import time

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from projects.models import Project
from tests.factories import make_full_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "browser-pass-123"


def make_staff(username, group="editors"):
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.first_name = username.title()
    user.save()
    user.groups.add(Group.objects.get(name=group))
    return user


def log_in(new_context, site, username):
    page = new_context().new_page()
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{site}/admin/")
    return page


def screenshots(page, screenshots_dir, name):
    for width in (360, 1440):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(screenshots_dir / f"{name}-nl-{width}.png"), full_page=True)


def change_url(site, project):
    return f"{site}/admin/projects/project/{project.pk}/change/"


@pytest.fixture
def draft(site):
    return make_full_project(
        published=False,
        title_nl="Rechtshulp in Moldavië (concept)",
        summary_nl="Een nieuw project dat nog niet gepubliceerd is.",
    )


def test_an_editor_previews_the_unsaved_form(new_context, site, draft, screenshots_dir):
    make_staff("redactie")
    page = log_in(new_context, site, "redactie")
    page.goto(change_url(site, draft))
    page.fill("#id_title_nl", "Rechtshulp in Moldavië (nog niet opgeslagen)")
    with page.expect_popup() as popup:
        page.click("input[value='Voorbeeld (Nederlands)']")
    preview = popup.value
    preview.wait_for_load_state()
    assert "Voorbeeld — niet gepubliceerd" in preview.inner_text(".preview-banner")
    assert preview.inner_text("h1") == "Rechtshulp in Moldavië (nog niet opgeslagen)"
    assert preview.locator('meta[name="robots"][content="noindex, nofollow"]').count() == 1
    screenshots(preview, screenshots_dir, "editorial-preview-unsaved")
    draft.refresh_from_db()
    assert draft.title_nl == "Rechtshulp in Moldavië (concept)"

    # "Weergeven op website" on the draft opens its preview, not a 404.
    page.goto(change_url(site, draft))
    page.click("a.viewsitelink")
    page.wait_for_load_state()
    assert page.inner_text("h1") == "Rechtshulp in Moldavië (concept)"
    screenshots(page, screenshots_dir, "editorial-preview-saved")


def test_a_share_link_opens_the_draft_without_an_account(new_context, site, draft, screenshots_dir):
    make_staff("redactie")
    page = log_in(new_context, site, "redactie")
    page.goto(change_url(site, draft))
    page.click("text=Delen ter controle")
    page.fill("#id_recipient", "CEDEM, Jelena")
    page.click("input[value='Link maken']")
    url = page.input_value(".share-url")
    assert re.match(rf"{re.escape(site)}/preview/[^/]+/$", url)
    screenshots(page, screenshots_dir, "editorial-share-page")

    visitor = new_context().new_page()
    response = visitor.goto(url)
    assert response.status == 200
    assert visitor.inner_text("h1") == "Rechtshulp in Moldavië (concept)"
    assert "Gedeeld ter controle" in visitor.inner_text(".preview-banner")
    screenshots(visitor, screenshots_dir, "editorial-share-link")

    page.click("button:has-text('Intrekken')")
    assert visitor.goto(url).status == 410
    assert "werkt niet meer" in visitor.inner_text("h1")


def test_a_scheduled_project_appears_at_its_moment(new_context, site, screenshots_dir):
    project = make_full_project(title_nl="Lancering in Georgië")
    make_staff("redactie")
    page = log_in(new_context, site, "redactie")
    page.goto(change_url(site, project))
    moment = timezone.localtime(timezone.now() + datetime.timedelta(seconds=6))
    page.click("summary:has-text('Publicatie')")  # the moments are folded until opened
    page.fill("#id_publish_from_0", moment.strftime("%d-%m-%Y"))
    page.fill("#id_publish_from_1", moment.strftime("%H:%M:%S"))
    page.click("input[name='_save']")
    page.wait_for_url(f"{site}/admin/projects/project/")
    assert "gepland voor" in page.inner_text("#result_list")
    screenshots(page, screenshots_dir, "editorial-scheduled-list")

    visitor = new_context().new_page()
    assert visitor.goto(f"{site}{project.get_absolute_url()}").status == 404
    assert "Lancering in Georgië" not in visitor.goto(f"{site}/nl/").text()
    time.sleep(max(0, (moment - timezone.now()).total_seconds()) + 0.5)
    assert visitor.goto(f"{site}{project.get_absolute_url()}").status == 200
    visitor.goto(f"{site}/nl/")
    assert "Lancering in Georgië" in visitor.content()
    assert Project.objects.get(pk=project.pk).updated_at < moment  # nobody saved it


def test_the_second_editor_is_told_about_the_first_editors_change(
    new_context, site, screenshots_dir
):
    project = make_full_project(title_nl="Samen bewerkt", summary_nl="De oude samenvatting.")
    make_staff("anna")
    make_staff("bert")
    anna = log_in(new_context, site, "anna")
    bert = log_in(new_context, site, "bert")
    anna.goto(change_url(site, project))
    bert.goto(change_url(site, project))

    anna.fill("#id_summary_nl", "Anna's nieuwe samenvatting.")
    anna.click("input[name='_continue']")
    anna.wait_for_selector(".messagelist .success")

    bert.fill("#id_end_date", "31-12-2030")
    bert.click("input[name='_continue']")
    bert.wait_for_selector("#editorial-conflict")
    assert "Niet opgeslagen: Anna heeft dit item gewijzigd" in bert.inner_text(
        "ul.errorlist.nonfield"
    )
    conflict = bert.inner_text("#editorial-conflict")
    assert "Anna's nieuwe samenvatting." in conflict and "De oude samenvatting." in conflict
    screenshots(bert, screenshots_dir, "editorial-lost-update")

    # Taking theirs (ticked: Bert had not touched the summary) and saving keeps both.
    bert.click("input[name='_continue']")
    bert.wait_for_selector(".messagelist .success")
    project.refresh_from_db()
    assert project.summary_nl == "Anna's nieuwe samenvatting."
    assert project.end_date == datetime.date(2030, 12, 31)


def test_the_history_of_an_item_reads_whole_words_at_phone_width(new_context, site, draft):
    """Its tables scroll sideways; a date or "Gewijzigd" is never broken over lines."""
    draft.title_nl = "Rechtshulp in Moldavië, bijgewerkt"
    draft.save()
    make_staff("redactie")
    page = log_in(new_context, site, "redactie")
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{site}/admin/projects/project/{draft.pk}/history/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # The lines each cell's text takes: one, for the moment and the action.
    lines = page.eval_on_selector_all(
        "#change-history tbody tr:first-child td:nth-child(-n+2)",
        """cells => cells.map(cell => {
            const range = document.createRange();
            range.selectNodeContents(cell);
            return new Set([...range.getClientRects()].map(rect => Math.round(rect.top))).size;
        })""",
    )
    assert lines == [1, 1]


def test_a_publisher_approves_exactly_the_proposal_the_editor_made(
    new_context, site, settings, screenshots_dir
):
    """With approval on, an editor's change to a published project is their proposal:
    the form reopens on it, the publisher reads it (text as typed) and approves it."""
    settings.EDITORIAL_APPROVAL = True
    project = make_full_project(title_nl="Rechtshulp in Turkije", summary_nl="Gepubliceerd.")
    make_staff("redactie")
    make_staff("eindredactie", group="publishers")
    editor = log_in(new_context, site, "redactie")
    editor.goto(change_url(site, project))
    editor.fill("#id_summary_nl", "Voorstel: rechtshulp <gratis> voor iedereen.")
    editor.click("input[name=_save]")
    editor.wait_for_load_state()
    editor.goto(change_url(site, project))
    assert "Het formulier toont uw voorstel" in editor.inner_text("#editorial-proposal")
    assert editor.input_value("#id_summary_nl") == "Voorstel: rechtshulp <gratis> voor iedereen."
    screenshots(editor, screenshots_dir, "editorial-proposal-form")
    project.refresh_from_db()
    assert project.summary_nl == "Gepubliceerd."

    publisher = log_in(new_context, site, "eindredactie")
    publisher.click("#review-queue a[href*='/review/']")
    publisher.wait_for_load_state()
    assert "rechtshulp <gratis> voor iedereen" in publisher.inner_text("#editorial-proposed")
    screenshots(publisher, screenshots_dir, "editorial-review-proposal")
    publisher.click("input[name=_approve]")
    publisher.wait_for_url(f"{site}/admin/")
    project.refresh_from_db()
    assert project.summary_nl == "Voorstel: rechtshulp <gratis> voor iedereen."
