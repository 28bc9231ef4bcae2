"""content.admin.SearchFieldsAdmin: a search-as-you-type field (a project's places, a
partner row's partner, a workshop's facilitators, a funder's parent ...) writes its chosen
options from the objects its form holds, loaded with the rows, instead of asking the
database once per field and row; the page is the same as with Django's own widget."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import content.admin
from projects.models import Result, Workshop
from tests.admin_forms import change_form_data
from tests.factories import (
    add_funding,
    add_partner,
    admin_url,
    make_full_project,
    make_funder,
    make_partner,
    make_result,
)

pytestmark = pytest.mark.django_db

TOKENS = re.compile(r'name="(csrfmiddlewaretoken|_editorial_version)" value="[^"]+"')
NONCE = re.compile(r'nonce="[^"]+"')


def masked(page):
    """The page without what differs on every request: the masked CSRF token, the signed
    (timestamped) version of the form, the policy's nonce."""
    return NONCE.sub("nonce", TOKENS.sub(r"\1", page))


def assert_same(ours, theirs):
    ours, theirs = masked(ours), masked(theirs)
    if ours != theirs:  # show where, not two 200 kB strings
        at = next(i for i, (a, b) in enumerate(zip(ours, theirs, strict=False)) if a != b)
        around = slice(max(at - 200, 0), at + 200)
        pytest.fail(f"differs at {at}:\nours:   {ours[around]!r}\ntheirs: {theirs[around]!r}")


def djangos_widget(monkeypatch):
    """From here on, every search field asks the database for its chosen options, as
    Django's own widget does."""
    monkeypatch.setattr(content.admin, "prefetched_options", lambda bound_field: None)


@pytest.fixture
def project(media_root):
    project = make_full_project()
    make_result(project)
    add_partner(project, make_partner(name_nl="Aardige partner"))
    add_funding(project, make_funder(parent=make_funder()))
    workshop = Workshop.objects.filter(project=project).first()
    workshop.facilitators.add(make_partner(), make_partner(name_nl="Zuidelijke partner"))
    return project


def test_forms_show_the_chosen_options_django_would_query(superuser_client, project, monkeypatch):
    funder = project.fundings.select_related("funder").first().funder
    urls = [
        admin_url(project),
        admin_url(Workshop.objects.filter(project=project).first()),
        admin_url(Result.objects.filter(project=project).first()),
        admin_url(funder.parent or funder),  # a funder: its parent, a choice one may clear
        admin_url(funder),
        "/admin/projects/workshop/add/",
    ]
    ours = [superuser_client.get(url).content.decode() for url in urls]
    assert "Aardige partner" in ours[0] and "Zuidelijke partner" in ours[0]
    djangos_widget(monkeypatch)
    theirs = [superuser_client.get(url).content.decode() for url in urls]
    for mine, djangos in zip(ours, theirs, strict=True):
        assert_same(mine, djangos)


def test_a_form_shown_again_shows_the_submitted_choices_as_django_would(
    superuser_client, project, monkeypatch
):
    url = admin_url(project)
    data = change_form_data(superuser_client.get(url))
    data["title_nl"] = ""  # required: the form is shown again, with the submitted choices
    data["partnerships-0-partner"] = str(make_partner(name_nl="Nieuwe partner").pk)
    data["workshops-0-facilitators"] = [
        *data["workshops-0-facilitators"],
        str(make_partner(name_nl="Extra partner").pk),
    ]
    ours = superuser_client.post(url, data).content.decode()
    assert "errorlist" in ours and "Nieuwe partner" in ours and "Extra partner" in ours
    djangos_widget(monkeypatch)
    assert_same(ours, superuser_client.post(url, data).content.decode())


def test_the_chosen_options_are_not_asked_for_per_row(superuser_client, project, monkeypatch):
    url = admin_url(project)

    def queries():
        superuser_client.get(url)
        with CaptureQueriesContext(connection) as captured:
            superuser_client.get(url)
        return len(captured)

    ours = queries()
    djangos_widget(monkeypatch)
    # Django's widget: one query per search field with a choice (the project's places, two
    # partner rows, two funder rows, a workshop's facilitators).
    assert queries() >= ours + 6
