"""A search-as-you-type field (a project's places, a partner row's partner, a workshop's
facilitators, a funder's parent ...) given a value that cannot be an object's key at all
(a tampered or garbled form: "[]", "abc") answers with the form's own "Select a valid
choice", never a server error: Django's widget hands the value to its query."""

import pytest
from django.contrib import admin

from content.admin import PrefetchedOptionsMixin
from tests.admin_forms import change_form_data
from tests.factories import admin_url, make_full_project

pytestmark = pytest.mark.django_db

GARBLED = "[]"


def admins_with_search_fields():
    return [
        model_admin
        for model_admin in admin.site._registry.values()
        if model_admin.autocomplete_fields
        or any(inline.autocomplete_fields for inline in model_admin.inlines)
    ]


def test_every_search_field_of_every_admin_is_one_that_refuses_garbled_values(rf, superuser):
    request = rf.get("/")
    request.user = superuser
    found = 0
    for model_admin in admins_with_search_fields():
        form = model_admin.get_form(request)()
        for name in model_admin.autocomplete_fields:
            widget = form.fields[name].widget
            assert isinstance(getattr(widget, "widget", widget), PrefetchedOptionsMixin), (
                model_admin,
                name,
            )
            found += 1
    assert found >= 6


@pytest.mark.parametrize(
    "model_admin", admins_with_search_fields(), ids=lambda a: a.model._meta.label_lower
)
def test_a_garbled_value_is_a_form_error_on_the_add_form(superuser_client, model_admin, media_root):
    opts = model_admin.model._meta
    url = f"/admin/{opts.app_label}/{opts.model_name}/add/"
    data = change_form_data(superuser_client.get(url))
    for name in model_admin.autocomplete_fields:
        data[name] = [GARBLED]
    response = superuser_client.post(url, data)
    assert response.status_code == 200
    assert "errornote" in response.content.decode()


def test_garbled_values_in_a_projects_rows_are_form_errors(superuser_client, media_root):
    project = make_full_project()
    url = admin_url(project)
    data = change_form_data(superuser_client.get(url))
    data["countries"] = [GARBLED]
    for key in [k for k in data if k.endswith(("-facilitators", "-partner", "-funder"))]:
        data[key] = [GARBLED]
    response = superuser_client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "errornote" in html
    assert project.countries.exists()  # nothing saved
