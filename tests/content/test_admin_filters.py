"""The admin's filters by a related object (a project's places, partners and funders, a
workshop's project and facilitators) load only the columns their choices are named by,
the model's ``label_fields`` (content.registry), and list the same choices, with the same
labels in the same order, as Django's own filter."""

import pytest
from django.contrib import admin
from django.contrib.admin.filters import RelatedFieldListFilter
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from content.admin import LabelledRelatedFilter
from content.registry import content_options
from partners.models import PartnerOrganisation
from projects.models import Project
from tests.factories import (
    add_funding,
    add_partner,
    add_photo,
    make_country,
    make_full_project,
    make_funder,
    make_partner,
    make_project,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(media_root):
    project = make_full_project()
    # A partner with an acronym, one without an English name, a funder without one.
    add_partner(project, make_partner("Stichting Zuid", acronym="SZ", name_en="South Foundation"))
    add_partner(project, make_partner("Vereniging Noord"))
    add_funding(project, make_funder("het fonds Oost", plain=True))
    make_project([make_country(english=False), make_country()], title_nl="Tweede project")
    add_photo(project, width=40, height=30, title="Workshop in Belgrado")
    return project


def labelled_filters(superuser):
    """(model admin, filter) for every filter of every admin's list that is ours."""
    request = RequestFactory().get("/")
    request.user = superuser
    found = []
    for model_admin in admin.site._registry.values():
        if not model_admin.get_list_filter(request):
            continue
        changelist = model_admin.get_changelist_instance(request)
        for spec in changelist.filter_specs:
            if isinstance(spec, LabelledRelatedFilter):
                found.append((request, model_admin, spec))
    return found


def djangos_own(request, model_admin, spec):
    return RelatedFieldListFilter(
        spec.field, request, {}, model_admin.model, model_admin, spec.field_path
    )


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_choices_are_djangos_own(superuser, content, language):
    with translation.override(language):
        filters = labelled_filters(superuser)
        for request, model_admin, spec in filters:
            own = djangos_own(request, model_admin, spec)
            assert spec.lookup_choices == own.lookup_choices, (model_admin, spec.field_path)
            assert len(spec.lookup_choices) > 0, spec.field_path
    project_filters = {
        spec.field_path for _request, admin_, spec in filters if admin_.model is Project
    }
    assert {"countries", "funders", "partners"} <= project_filters


def test_the_labels_follow_each_language(superuser, content):
    def partner_labels():
        for _request, model_admin, spec in labelled_filters(superuser):
            if model_admin.model is Project and spec.field_path == "partners":
                return [label for _pk, label in spec.lookup_choices]

    with translation.override("en"):
        english = partner_labels()
    with translation.override("nl"):
        dutch = partner_labels()
    assert "South Foundation (SZ)" in english and "Stichting Zuid (SZ)" in dutch
    # Without an English name, the Dutch one, as everywhere in the admin.
    assert "Vereniging Noord" in english


def test_a_filter_loads_only_the_columns_of_its_labels(superuser, content):
    filters = [
        (request, model_admin, spec)
        for request, model_admin, spec in labelled_filters(superuser)
        if model_admin.model is Project and spec.field_path == "partners"
    ]
    request, model_admin, spec = filters[0]
    with CaptureQueriesContext(connection) as queries:
        spec.field_choices(spec.field, request, model_admin)
    (query,) = queries.captured_queries
    assert '"name_nl"' in query["sql"] and '"acronym"' in query["sql"]
    # A partner's home country, description, website ...: not read for its name.
    assert "home_country" not in query["sql"] and "description" not in query["sql"]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_label_fields_are_all_a_name_is_made_of(content, language):
    """str() of an object loaded with only its label fields asks the database nothing more
    and reads as the object loaded whole."""
    declared = [opts for opts in content_options() if opts.label_fields]
    assert PartnerOrganisation in {opts.model for opts in declared}
    with translation.override(language):
        for opts in declared:
            manager = opts.model._default_manager
            whole = {obj.pk: str(obj) for obj in manager.all()}
            assert whole, opts.model
            narrow = list(manager.only(*opts.label_fields))
            with CaptureQueriesContext(connection) as queries:
                names = {obj.pk: str(obj) for obj in narrow}
            assert len(queries) == 0, opts.model
            assert names == whole


def test_a_relation_to_a_model_without_label_fields_keeps_djangos_filter():
    from projects.models import OverviewPage, Workshop

    assert LabelledRelatedFilter.applies_to(Workshop._meta.get_field("facilitators"))
    # A call to action declares no label fields; a reverse relation is not ours either.
    assert not LabelledRelatedFilter.applies_to(OverviewPage._meta.get_field("calls_to_action"))
    assert not LabelledRelatedFilter.applies_to(Project._meta.get_field("workshops"))
