"""Two editors, one project: the save from the stale form is refused, says who changed
what and when, shows their values beside yours, and the first change survives."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from editorial.concurrency import TAKE_THEIRS, THEIRS_PREFIX, VERSION_FIELD
from tests.admin_forms import change_form_data
from tests.factories import add_funding, make_country, make_full_project, make_funder

pytestmark = pytest.mark.django_db


def editor(name):
    user = User.objects.create_user(name, password="x", is_staff=True, first_name=name.title())
    user.groups.add(Group.objects.get(name="editors"))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def project():
    project = make_full_project(summary_nl="De oude samenvatting.")
    add_funding(project, make_funder(name_nl="de EU"), amount="1000")
    return project


def url_of(project):
    return reverse("admin:projects_project_change", args=[project.pk])


def open_form(client, project):
    page = client.get(url_of(project))
    data = change_form_data(page)
    data[VERSION_FIELD] = page.context["editorial_version"]
    return data


def funding_index(data, funder_name):
    from projects.models import ProjectFunding

    funding = ProjectFunding.objects.get(funder__name_nl=funder_name)
    return next(
        key.split("-")[1]
        for key, value in data.items()
        if key.startswith("fundings-") and key.endswith("-id") and value == str(funding.pk)
    )


def test_the_second_save_is_refused_and_the_first_change_survives(project):
    anna, bert = editor("anna"), editor("bert")
    form_a, form_b = open_form(anna, project), open_form(bert, project)
    form_a["summary_nl"] = "Anna's nieuwe samenvatting."
    assert anna.post(url_of(project), form_a).status_code == 302
    form_b["end_date"] = "31-12-2030"
    response = bert.post(url_of(project), form_b)

    assert response.status_code == 200
    project.refresh_from_db()
    assert project.summary_nl == "Anna's nieuwe samenvatting."
    assert project.end_date is None
    html = response.content.decode()
    assert "Niet opgeslagen: Anna heeft dit item gewijzigd op" in html
    conflict = html[html.index('id="editorial-conflict"') :]
    assert "Samenvatting [nl]" in conflict
    assert "Anna&#x27;s nieuwe samenvatting." in conflict  # theirs
    assert "De oude samenvatting." in conflict  # yours
    # The error is named on the form, not a bare "correct the errors below".
    assert response.context["adminform"].form.non_field_errors()


def test_taking_theirs_and_saving_again_keeps_both_changes(project):
    anna, bert = editor("anna"), editor("bert")
    form_a, form_b = open_form(anna, project), open_form(bert, project)
    form_a["summary_nl"] = "Anna's nieuwe samenvatting."
    anna.post(url_of(project), form_a)
    form_b["end_date"] = "31-12-2030"
    refused = bert.post(url_of(project), form_b)

    conflict = refused.context["editorial_conflict"]
    (summary,) = [d for d in conflict.fields if d.key == "summary_nl"]
    assert summary.take_by_default  # Bert had not touched the summary
    again = change_form_data(refused)
    again[VERSION_FIELD] = refused.context["editorial_version"]
    again[TAKE_THEIRS] = [summary.key]
    for key, value in summary.hidden_inputs:
        again[THEIRS_PREFIX + key] = value
    assert bert.post(url_of(project), again).status_code == 302

    project.refresh_from_db()
    assert project.summary_nl == "Anna's nieuwe samenvatting."
    assert project.end_date == datetime.date(2030, 12, 31)


def test_a_row_deleted_by_the_other_is_named_not_an_unmarked_error(project):
    anna, bert = editor("anna"), editor("bert")
    form_a, form_b = open_form(anna, project), open_form(bert, project)
    index = funding_index(form_a, "de EU")
    form_a[f"fundings-{index}-DELETE"] = "on"
    assert anna.post(url_of(project), form_a).status_code == 302
    form_b[f"fundings-{index}-amount"] = "5000"
    response = bert.post(url_of(project), form_b)

    assert response.status_code == 200
    assert not project.fundings.filter(funder__name_nl="de EU").exists()
    html = response.content.decode()
    assert "Financiering: de EU: verwijderd door Anna" in html
    conflict = html[html.index('id="editorial-conflict"') :]
    # Bert's values, named as the form names them.
    assert "Financier: de EU; Formulering: door …; Bedrag: 5000; Valuta: EUR</li>" in conflict
    # Every error on the form is the named conflict: no formset error without a field.
    for inline in response.context["inline_admin_formsets"]:
        assert not inline.formset.non_form_errors()
        assert not any(form.errors for form in inline.formset.forms)
    # Saving again works and does not bring the row back.
    again = change_form_data(response)
    again[VERSION_FIELD] = response.context["editorial_version"]
    assert bert.post(url_of(project), again).status_code == 302
    assert not project.fundings.filter(funder__name_nl="de EU").exists()


def test_a_row_added_by_the_other_is_shown_and_kept(project):
    anna, bert = editor("anna"), editor("bert")
    form_a, form_b = open_form(anna, project), open_form(bert, project)
    new_funder = make_funder(name_nl="het fonds van Anna")
    total = int(form_a["fundings-TOTAL_FORMS"])
    form_a.update(
        {
            "fundings-TOTAL_FORMS": str(total + 1),
            f"fundings-{total}-funder": str(new_funder.pk),
            f"fundings-{total}-amount": "250",
            f"fundings-{total}-currency": "EUR",
            f"fundings-{total}-phrasing": "by",
            f"fundings-{total}-sort_order": "9",
        }
    )
    assert anna.post(url_of(project), form_a).status_code == 302
    form_b["title_nl"] = "Bert's titel"
    response = bert.post(url_of(project), form_b)

    assert response.status_code == 200
    html = response.content.decode()
    assert "het fonds van Anna: toegevoegd door Anna" in html
    again = change_form_data(response)
    assert str(new_funder.pk) in again.values()  # their row is in the form now
    again[VERSION_FIELD] = response.context["editorial_version"]
    assert bert.post(url_of(project), again).status_code == 302
    project.refresh_from_db()
    assert project.title_nl == "Bert's titel"
    assert project.fundings.get(funder=new_funder).amount == Decimal("250")


def test_a_row_changed_by_both_shows_their_value_beside_yours(project):
    anna, bert = editor("anna"), editor("bert")
    form_a, form_b = open_form(anna, project), open_form(bert, project)
    form_a[f"fundings-{funding_index(form_a, 'de EU')}-amount"] = "2000"
    anna.post(url_of(project), form_a)
    form_b[f"fundings-{funding_index(form_b, 'de EU')}-amount"] = "3000"
    response = bert.post(url_of(project), form_b)

    assert response.status_code == 200
    assert project.fundings.get(funder__name_nl="de EU").amount == Decimal("2000")
    (amount,) = [d for d in response.context["editorial_conflict"].fields if "amount" in d.key]
    assert amount.theirs == "2000.00" and amount.yours == "3000"


def test_a_form_loaded_after_the_other_save_saves_normally(project):
    anna, bert = editor("anna"), editor("bert")
    form_a = open_form(anna, project)
    form_a["summary_nl"] = "Eerst Anna."
    anna.post(url_of(project), form_a)
    form_b = open_form(bert, project)
    form_b["end_date"] = "31-12-2030"
    assert bert.post(url_of(project), form_b).status_code == 302


def test_a_validation_error_keeps_the_snapshot_of_the_first_load(project):
    """After an ordinary error the form still knows when it was loaded: a save made by
    someone else in between is still caught."""
    anna, bert = editor("anna"), editor("bert")
    form_b = open_form(bert, project)
    form_b["title_nl"] = ""
    invalid = bert.post(url_of(project), form_b)
    form_a = open_form(anna, project)
    form_a["summary_nl"] = "Anna tussendoor."
    anna.post(url_of(project), form_a)
    again = change_form_data(invalid)
    again[VERSION_FIELD] = invalid.context["editorial_version"]
    again["title_nl"] = "Titel"
    assert bert.post(url_of(project), again).status_code == 200
    project.refresh_from_db()
    assert project.summary_nl == "Anna tussendoor."


def test_countries_changed_by_the_other_are_shown(project):
    anna, bert = editor("anna"), editor("bert")
    form_a, form_b = open_form(anna, project), open_form(bert, project)
    extra = make_country(name_nl="Extra land")
    form_a["countries"] = [*form_a["countries"], str(extra.pk)]
    anna.post(url_of(project), form_a)
    response = bert.post(url_of(project), form_b)
    assert response.status_code == 200
    assert "Extra land" in response.content.decode()
    assert extra in project.countries.all()


def save_again_as_offered(client, project, refused):
    """Save the refused form again as a browser sends it: the ticked boxes and the hidden
    inputs that the conflict table renders."""
    import re
    from html import unescape

    html = refused.content.decode()
    table = html[html.index('id="editorial-conflict"') :]
    again = change_form_data(refused)
    again[VERSION_FIELD] = refused.context["editorial_version"]
    again[TAKE_THEIRS] = [
        unescape(value)
        for value in re.findall(rf'name="{TAKE_THEIRS}" value="([^"]*)"[^>]* checked', table)
    ]
    for key, value in re.findall(rf'name="{THEIRS_PREFIX}([^"]+)" value="([^"]*)"', table):
        again.setdefault(THEIRS_PREFIX + unescape(key), []).append(unescape(value))
    return client.post(url_of(project), again)


def workshop_prefix(data):
    return next(
        key[: -len("-id")] for key in data if key.startswith("workshops-") and key.endswith("-id")
    )


def test_a_row_they_changed_lists_only_the_fields_they_changed(project):
    """Anna changes a workshop's place, Bert the summary: the conflict names the place
    (ticked: Bert left it alone), not the workshop's untouched facilitators, and saving as
    offered keeps both changes."""
    anna, bert = editor("anna"), editor("bert")
    form_a, form_b = open_form(anna, project), open_form(bert, project)
    form_a[f"{workshop_prefix(form_a)}-location_nl"] = "Pristina"
    assert anna.post(url_of(project), form_a).status_code == 302
    form_b["summary_nl"] = "Bert's samenvatting."
    refused = bert.post(url_of(project), form_b)

    fields = refused.context["editorial_conflict"].fields
    assert [d.key for d in fields] == [f"{workshop_prefix(form_b)}-location_nl"]
    assert fields[0].take_by_default
    assert save_again_as_offered(bert, project, refused).status_code == 302
    project.refresh_from_db()
    assert project.summary_nl == "Bert's samenvatting."
    assert project.workshops.get().location_nl == "Pristina"


def test_a_row_field_you_changed_is_not_taken_over_by_default(project):
    """Anna changes a workshop's place, Bert its title: saving as offered keeps Bert's
    title and takes Anna's place; where both changed the place, Bert's box is not ticked."""
    anna, bert = editor("anna"), editor("bert")
    form_a, form_b = open_form(anna, project), open_form(bert, project)
    prefix = workshop_prefix(form_a)
    form_a[f"{prefix}-location_nl"] = "Pristina"
    anna.post(url_of(project), form_a)
    form_b[f"{prefix}-title_nl"] = "Bert's titel"
    refused = bert.post(url_of(project), form_b)
    fields = {d.key: d for d in refused.context["editorial_conflict"].fields}
    assert set(fields) == {f"{prefix}-location_nl"}
    assert save_again_as_offered(bert, project, refused).status_code == 302
    workshop = project.workshops.get()
    assert (workshop.title_nl, workshop.location_nl) == ("Bert's titel", "Pristina")

    form_a, form_c = open_form(anna, project), open_form(bert, project)
    form_a[f"{prefix}-location_nl"] = "Tirana"
    anna.post(url_of(project), form_a)
    form_c[f"{prefix}-location_nl"] = "Skopje"
    refused = bert.post(url_of(project), form_c)
    (place,) = refused.context["editorial_conflict"].fields
    assert (place.theirs, place.yours, place.take_by_default) == ("Tirana", "Skopje", False)
    assert save_again_as_offered(bert, project, refused).status_code == 302
    assert project.workshops.get().location_nl == "Skopje"


def test_places_they_added_are_kept_when_saving_as_offered(project):
    anna, bert = editor("anna"), editor("bert")
    form_a, form_b = open_form(anna, project), open_form(bert, project)
    extra = make_country(name_nl="Kenia")
    form_a["countries"] = [*form_a["countries"], str(extra.pk)]
    anna.post(url_of(project), form_a)
    form_b["summary_nl"] = "Bert's samenvatting."
    refused = bert.post(url_of(project), form_b)

    (places,) = refused.context["editorial_conflict"].fields
    assert places.key == "countries" and places.take_by_default
    assert "Kenia" in places.theirs and "Kenia" not in places.yours
    assert save_again_as_offered(bert, project, refused).status_code == 302
    assert extra in project.countries.all()
    project.refresh_from_db()
    assert project.summary_nl == "Bert's samenvatting."


def test_facilitators_they_removed_are_taken_over_as_none(project):
    from tests.factories import make_partner

    workshop = project.workshops.get()
    workshop.facilitators.add(make_partner("Begeleider"))
    anna, bert = editor("anna"), editor("bert")
    form_a, form_b = open_form(anna, project), open_form(bert, project)
    form_a.pop(f"{workshop_prefix(form_a)}-facilitators")
    assert anna.post(url_of(project), form_a).status_code == 302
    assert not workshop.facilitators.exists()
    form_b["summary_nl"] = "Bert's samenvatting."
    refused = bert.post(url_of(project), form_b)
    (facilitators,) = refused.context["editorial_conflict"].fields
    assert facilitators.theirs == "—" and "Begeleider" in facilitators.yours
    assert save_again_as_offered(bert, project, refused).status_code == 302
    assert not workshop.facilitators.exists()


def test_your_own_save_in_another_tab_is_named_as_yours(project):
    anna = editor("anna")
    tab_1, tab_2 = open_form(anna, project), open_form(anna, project)
    tab_1["summary_nl"] = "Uit het eerste tabblad."
    anna.post(url_of(project), tab_1)
    tab_2["end_date"] = "31-12-2030"
    response = anna.post(url_of(project), tab_2)

    html = response.content.decode()
    assert "Niet opgeslagen: u hebt dit item op " in html
    assert "in een ander venster of tabblad gewijzigd" in html
    assert "Gewijzigd in een ander venster terwijl u bewerkte" in html
    assert "Anna heeft dit item gewijzigd" not in html
    project.refresh_from_db()
    assert project.summary_nl == "Uit het eerste tabblad."


def test_someone_elses_save_is_still_named_with_their_name_beside_yours(project):
    anna, bert = editor("anna"), editor("bert")
    form_a, form_b = open_form(anna, project), open_form(bert, project)
    form_b["summary_nl"] = "Bert eerst."
    bert.post(url_of(project), form_b)
    form_a_again = open_form(anna, project)  # Anna's own newer tab saves first ...
    form_a_again["end_date"] = "31-12-2030"
    anna.post(url_of(project), form_a_again)
    form_a["summary_nl"] = "Anna's oude tabblad."
    html = anna.post(url_of(project), form_a).content.decode()
    # ... both changed it since her old tab was opened: both are named.
    assert "Niet opgeslagen: Anna en Bert hebben dit item gewijzigd" in html


def test_a_moment_they_set_is_taken_over_whole_date_and_time(project):
    """A publish-from moment is two inputs (date, time): taking theirs takes both."""
    anna, bert = editor("anna"), editor("bert")
    form_a, form_b = open_form(anna, project), open_form(bert, project)
    form_a["publish_from_0"], form_a["publish_from_1"] = "01-03-2031", "09:30:00"
    assert anna.post(url_of(project), form_a).status_code == 302
    form_b["summary_nl"] = "Bert's samenvatting."
    refused = bert.post(url_of(project), form_b)
    (moment,) = refused.context["editorial_conflict"].fields
    assert moment.take_by_default

    assert save_again_as_offered(bert, project, refused).status_code == 302
    project.refresh_from_db()
    assert project.summary_nl == "Bert's samenvatting."
    local = timezone.localtime(project.publish_from)
    assert (local.date(), local.hour, local.minute) == (datetime.date(2031, 3, 1), 9, 30)
