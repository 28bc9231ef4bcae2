import pytest
from django.contrib import admin
from django.urls import reverse

from projects.models import Country, OverviewPage, Project
from tests.admin_forms import change_form_data
from tests.factories import (
    make_call_to_action,
    make_country,
    make_full_project,
    make_project,
    make_result,
)

pytestmark = pytest.mark.django_db

CONTENT_MODELS = [
    model for model in admin.site._registry if model._meta.app_label in ("projects", "partners")
]


def _admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda m: m.__name__)
def test_changelist_renders_for_a_superuser(superuser_client, seed, model):
    response = superuser_client.get(_admin_url(model, "changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == model.objects.count()


# Kinds of content the seed page does not have.
NOT_IN_THE_SEED = {"CallToAction": make_call_to_action, "Result": lambda: make_result(year=2018)}


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda m: m.__name__)
def test_change_page_renders_for_a_superuser(superuser_client, seed, model):
    if model.__name__ in NOT_IN_THE_SEED:
        NOT_IN_THE_SEED[model.__name__]()
    obj = model.objects.order_by("pk").first()
    response = superuser_client.get(_admin_url(model, "change", obj.pk))
    assert response.status_code == 200
    assert response.context["original"] == obj


@pytest.mark.parametrize(
    "model", [m for m in CONTENT_MODELS if m is not OverviewPage], ids=lambda m: m.__name__
)
def test_add_page_renders_for_a_superuser(superuser_client, model):
    response = superuser_client.get(_admin_url(model, "add"))
    assert response.status_code == 200
    assert "adminform" in response.context


def test_admin_is_in_dutch_whatever_the_browser_prefers(superuser_client):
    response = superuser_client.get(
        _admin_url(Project, "changelist"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    )
    assert '<html lang="nl"' in response.content.decode()
    assert "projecten" in response.content.decode().lower()


def test_tabbed_translation_admin_loads_jquery_ui_from_the_site(superuser_client):
    project = make_project()
    html = superuser_client.get(_admin_url(Project, "change", project.pk)).content.decode()
    assert "/static/vendor/jquery-ui/jquery-ui.min.js" in html
    assert "googleapis" not in html


def test_second_overview_page_cannot_be_added(superuser_client):
    OverviewPage.objects.create(title_nl="Overzicht")
    assert superuser_client.get(_admin_url(OverviewPage, "add")).status_code == 403


def test_saving_a_project_in_the_admin_changes_the_public_page(superuser_client, client):
    project = make_full_project(body_nl="<p>Oude tekst.</p>", slug_nl="mijn-project")
    url = _admin_url(Project, "change", project.pk)
    data = change_form_data(superuser_client.get(url))
    data["body_nl"] = "<p>Nieuwe tekst van de redacteur.</p>"
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    html = client.get("/nl/projecten/mijn-project/").content.decode()
    assert "Nieuwe tekst van de redacteur." in html
    assert "Oude tekst." not in html


def test_publishing_a_project_without_a_country_is_refused_with_a_message(superuser_client):
    project = make_project(countries=[], published=False)
    url = _admin_url(Project, "change", project.pk)
    data = change_form_data(superuser_client.get(url))
    data["status"] = Project.Status.PUBLISHED
    response = superuser_client.post(url, data)
    assert response.status_code == 200
    assert "Een gepubliceerd project heeft minstens één land nodig." in response.content.decode()
    project.refresh_from_db()
    assert project.status == Project.Status.DRAFT


def test_end_date_before_start_date_is_refused_in_the_admin(superuser_client):
    project = make_project()
    url = _admin_url(Project, "change", project.pk)
    data = change_form_data(superuser_client.get(url))
    data.update({"start_date": "2024-05-01", "end_date": "2024-04-01"})
    response = superuser_client.post(url, data)
    assert response.status_code == 200
    assert "De einddatum kan niet voor de begindatum liggen." in response.content.decode()


def test_duplicate_dutch_slug_is_refused_in_the_admin(superuser_client):
    make_country(slug_nl="turkije")
    other = make_country()
    url = _admin_url(Country, "change", other.pk)
    data = change_form_data(superuser_client.get(url))
    data["slug_nl"] = "turkije"
    response = superuser_client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["slug_nl"]


def test_changelist_filters_by_country_status_funder_and_partner(superuser_client):
    project = make_full_project()
    make_project()
    base = _admin_url(Project, "changelist")
    for query in (
        f"countries__id__exact={project.countries.get().pk}",
        f"funders__id__exact={project.fundings.get().funder_id}",
        f"partners__id__exact={project.partnerships.get().partner_id}",
    ):
        response = superuser_client.get(f"{base}?{query}")
        assert list(response.context["cl"].result_list) == [project], query
    response = superuser_client.get(f"{base}?status__exact=draft")
    assert response.context["cl"].result_count == 0
