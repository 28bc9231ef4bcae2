"""The editor's admin: Dutch and quiet. The rich-text editor speaks Dutch, help texts are
shown as written, messages are grammatical, new content joins the end of its order, and
the site's own settings are the superuser's business, in one place."""

import re

import pytest
from django.core import checks
from django.urls import reverse
from django.utils.html import escape, strip_tags

from projects.models import Country, Project, Result, Workshop
from tests.admin_forms import change_form_data
from tests.factories import make_country, make_editor, make_project, make_workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(make_editor())
    return client


def admin(model, view="add", *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


# The rich-text editor --------------------------------------------------------------------


def test_the_rich_text_editor_gets_its_dutch_labels(editor_client):
    html = editor_client.get(admin(Country)).content.decode()
    assert "/static/content/admin-labels.js" in html
    assert "/admin/jsi18n/" in html


def test_the_admins_script_catalogue_has_the_editors_toolbar_and_link_dialog_in_dutch(
    editor_client,
):
    catalogue = editor_client.get("/admin/jsi18n/").content.decode()
    for english, dutch in [
        ("bold", "vet"),
        ("insert link", "link invoegen"),
        ("Edit Link", "Link bewerken"),
        ("Open in new window", "In nieuw venster openen"),
        ("Update", "Bijwerken"),
        ("heading %s", "kop %s"),
    ]:
        assert f'"{english}": "{dutch}"' in catalogue, english


# Help texts ------------------------------------------------------------------------------


def test_a_help_text_with_angle_brackets_is_shown_as_written(editor_client, monkeypatch):
    country = make_country()
    text = 'Staat onder "De situatie in <land>".'
    for name in ("region", "region_nl", "region_en"):
        monkeypatch.setattr(Country._meta.get_field(name), "help_text", text)
    html = editor_client.get(admin(Country, "change", country.pk)).content.decode()
    assert escape(text) in html
    assert "<land>" not in html


def test_an_inline_rows_help_text_is_shown_as_written(editor_client, monkeypatch):
    project = make_project()
    text = "Bijvoorbeeld in <land>"
    for name in ("value",):
        monkeypatch.setattr(Result._meta.get_field(name), "help_text", text)
    html = editor_client.get(admin(Project, "change", project.pk)).content.decode()
    assert "<land>" not in html
    assert escape(text) in html


# Messages --------------------------------------------------------------------------------


def test_saving_messages_are_grammatical_dutch(editor_client):
    data = {
        "name_nl": "Kosovo",
        "slug_nl": "kosovo",
        "kind": "country",
        "codes": ["XK"],
    }
    response = editor_client.post(admin(Country), data, follow=True)
    messages = [strip_tags(str(m)) for m in response.context["messages"]]
    assert messages == ["Toegevoegd: land of gebied “Kosovo”."]
    project = make_project()
    url = admin(Project, "change", project.pk)
    form = change_form_data(editor_client.get(url))
    form["summary_nl"] = "Een andere samenvatting."
    response = editor_client.post(url, {**form, "_continue": "1"}, follow=True)
    text = " ".join(str(m) for m in response.context["messages"])
    assert text.startswith("Gewijzigd: project “")
    assert not re.search(r"\bDe (land|project)\b", text)


def test_the_delete_message_is_grammatical_dutch(editor_client):
    country = make_country(name_nl="Nergensland")
    response = editor_client.post(
        admin(Country, "delete", country.pk), {"post": "yes"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Verwijderd: land of gebied “Nergensland”."
    ]


# Order -----------------------------------------------------------------------------------


def test_a_new_country_left_without_a_number_goes_to_the_end(editor_client):
    make_country(sort_order=30)
    response = editor_client.post(
        admin(Country), {"name_nl": "Kosovo", "slug_nl": "kosovo", "kind": "country", "codes": "XK"}
    )
    assert response.status_code == 302
    assert Country.objects.get(slug_nl="kosovo").sort_order == 40
    assert list(Country.objects.values_list("slug_nl", flat=True))[-1] == "kosovo"


def test_a_new_project_left_without_a_number_goes_to_the_end(editor_client):
    make_project(sort_order=70)
    url = admin(Project)
    data = change_form_data(editor_client.get(url))
    data.update({"title_nl": "Nieuw", "slug_nl": "nieuw", "status": "draft", "sort_order": ""})
    assert editor_client.post(url, data).status_code == 302
    assert Project.objects.get(slug_nl="nieuw").sort_order == 80


def test_a_new_workshop_goes_to_the_end_of_its_projects_workshops(editor_client):
    project = make_project()
    make_workshop(project, sort_order=20)
    make_workshop(make_project(), sort_order=90)  # another project's: not a sibling
    url = admin(Project, "change", project.pk)
    data = change_form_data(editor_client.get(url))
    total = int(data["workshops-TOTAL_FORMS"])
    data.update(
        {
            "workshops-TOTAL_FORMS": str(total + 1),
            f"workshops-{total}-title_nl": "Nieuwe workshop",
            f"workshops-{total}-report_language": "nl",
        }
    )
    assert editor_client.post(url, data).status_code == 302
    assert Workshop.objects.get(title_nl="Nieuwe workshop").sort_order == 30


def test_a_number_the_editor_gives_is_kept():
    assert make_country(sort_order=5).sort_order == 5
    assert (
        Country.objects.create(name_nl="A", slug_nl="a", codes=["XK"], sort_order=0).sort_order == 0
    )


# The site's settings ---------------------------------------------------------------------


def test_superusers_see_the_sites_settings_on_the_admin_home(superuser_client, settings):
    settings.IATI_REPORTING_ORG_IDENTIFIER = "NL-KVK-00000000"
    settings.SITE_URL = ""
    html = superuser_client.get("/admin/").content.decode()
    assert "Instellingen van de site" in html
    assert "(projects.I002)" in html and "(projects.W003)" in html
    assert "IATI_REPORTING_ORG_IDENTIFIER" in html


def test_editors_see_no_settings_on_the_admin_home_nor_on_a_project(editor_client, settings):
    settings.IATI_REPORTING_ORG_IDENTIFIER = "NL-KVK-00000000"
    settings.SITE_URL = ""
    assert "Instellingen van de site" not in editor_client.get("/admin/").content.decode()
    project = make_project(start_date="2024-01-01")
    html = editor_client.get(admin(Project, "change", project.pk)).content.decode()
    assert "IATI_REPORTING_ORG_IDENTIFIER" not in html
    assert "SITE_URL" not in html
    assert "voldoet aan de IATI-regels" in html


def test_a_well_configured_site_shows_superusers_no_notice(superuser_client, settings):
    settings.IATI_REPORTING_ORG_IDENTIFIER = "NL-KVK-40530001"
    settings.SITE_URL = "https://projecten.vluchtelingenwerk.nl"
    assert "Instellingen van de site" not in superuser_client.get("/admin/").content.decode()


def test_the_settings_checks_are_deployment_checks(settings):
    settings.IATI_REPORTING_ORG_IDENTIFIER = "NL-KVK-00000000"
    assert checks.run_checks(tags=["configuration"]) == []
    found = checks.run_checks(tags=["configuration"], include_deployment_checks=True)
    assert "projects.I002" in {message.id for message in found}


def test_the_placeholder_identifier_does_not_stop_a_deployment(settings):
    """make serve stops at any warning of check --deploy; an organisation without its IATI
    identifier yet can still run the site (the notice and the export flag it)."""
    settings.IATI_REPORTING_ORG_IDENTIFIER = "NL-KVK-00000000"
    settings.SITE_URL = "https://projecten.vluchtelingenwerk.nl"
    found = checks.run_checks(tags=["configuration"], include_deployment_checks=True)
    assert [m.id for m in found] == ["projects.I002"]
    assert all(m.level < checks.WARNING for m in found)
