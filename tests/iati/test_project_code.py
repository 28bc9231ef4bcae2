"""The project code: filled automatically, editable until first published, then frozen."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from projects.models import Project
from tests.factories import (
    SUMMARY_ONLY,
    add_funding,
    make_country,
    make_funder,
    make_partner,
    make_project,
)

pytestmark = pytest.mark.django_db


def test_project_code_is_filled_automatically_and_unique(db):
    first = make_project((), **SUMMARY_ONLY, status=Project.Status.DRAFT)
    second = make_project((), **SUMMARY_ONLY, status=Project.Status.DRAFT)
    assert first.project_code == "P0001"
    assert second.project_code == "P0002"


def test_automatic_code_skips_codes_in_use(db):
    make_project((), **SUMMARY_ONLY, project_code="P0007")
    assert make_project((), **SUMMARY_ONLY).project_code == "P0008"


def test_first_publication_is_recorded_once(db):
    project = make_project((), **SUMMARY_ONLY, status=Project.Status.DRAFT)
    assert project.first_published_at is None
    project.status = Project.Status.PUBLISHED
    project.save()
    first = project.first_published_at
    assert first is not None
    project.status = Project.Status.DRAFT
    project.save()
    project.status = Project.Status.PUBLISHED
    project.save()
    assert project.first_published_at == first


def test_code_can_change_before_first_publication(db):
    project = make_project((), **SUMMARY_ONLY, status=Project.Status.DRAFT)
    project.project_code = "TR-LEGAL-AID"
    project.full_clean()
    project.save()
    project.refresh_from_db()
    assert project.project_code == "TR-LEGAL-AID"


def test_code_cannot_change_after_first_publication(db):
    project = make_project([make_country("TR", plain=True)], **SUMMARY_ONLY)
    project.status = Project.Status.DRAFT
    project.save()
    project.project_code = "OTHER"
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "project_code" in error.value.message_dict


def test_code_must_be_usable_in_an_identifier(db):
    project = make_project((), **SUMMARY_ONLY, status=Project.Status.DRAFT)
    project.project_code = "met spatie/slash"
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "project_code" in error.value.message_dict


def test_admin_shows_the_code_read_only_once_published(admin_client):
    draft = make_project((), **SUMMARY_ONLY, status=Project.Status.DRAFT)
    published = make_project([make_country("TR", plain=True)], **SUMMARY_ONLY)
    draft_page = admin_client.get(reverse("admin:projects_project_change", args=[draft.pk]))
    published_page = admin_client.get(reverse("admin:projects_project_change", args=[published.pk]))
    assert b'name="project_code"' in draft_page.content
    assert b'name="project_code"' not in published_page.content
    assert published.project_code.encode() in published_page.content


def test_admin_change_form_shows_the_iati_warnings(admin_client):
    project = make_project([make_country("TR", plain=True)], **SUMMARY_ONLY)
    response = admin_client.get(reverse("admin:projects_project_change", args=[project.pk]))
    content = response.content.decode()
    assert 'class="messagelist iati-warnings"' in content
    # The admin is Dutch: "The project has no start date" in Dutch.
    assert "startdatum" in content
    assert f"NL-KVK-99999999-{project.project_code}" in content


def test_admin_says_so_when_there_is_nothing_to_fix(admin_client):
    project = make_project(
        [make_country("TR", plain=True)],
        **SUMMARY_ONLY,
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2025, 12, 31),
    )
    response = admin_client.get(reverse("admin:projects_project_change", args=[project.pk]))
    assert b"iati-warnings" not in response.content


def test_admin_edits_the_iati_fields_of_partners_and_funders(admin_client):
    partner = make_partner("Centre for Democracy and Human Rights", plain=True)
    funder = make_funder("het ministerie van Buitenlandse Zaken", plain=True)
    for url in (
        reverse("admin:partners_partnerorganisation_change", args=[partner.pk]),
        reverse("admin:partners_fundingsource_change", args=[funder.pk]),
    ):
        content = admin_client.get(url).content
        assert b'name="iati_identifier"' in content
        assert b'name="iati_org_type"' in content


def test_the_iati_checks_are_remembered_until_content_changes(admin_client, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    project = make_project([make_country("TR", plain=True)], **SUMMARY_ONLY)
    url = reverse("admin:projects_project_change", args=[project.pk])
    admin_client.get(url)
    with CaptureQueriesContext(connection) as first:
        assert "startdatum" in admin_client.get(url).content.decode()
    # A save anywhere in the content (here: the project's dates) checks it afresh.
    project.start_date = datetime.date(2025, 1, 1)
    project.end_date = datetime.date(2025, 12, 31)
    project.save()
    with CaptureQueriesContext(connection) as after_save:
        content = admin_client.get(url).content.decode()
    assert "iati-warnings" not in content
    assert len(after_save) > len(first)  # the check's own queries, once


def test_the_iati_checks_follow_a_partner_or_funder_edited_elsewhere(admin_client):
    project = make_project(
        [make_country("TR", plain=True)],
        **SUMMARY_ONLY,
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2025, 12, 31),
    )
    funder = make_funder("Een fonds", plain=True)
    add_funding(project, funder)
    url = reverse("admin:projects_project_change", args=[project.pk])
    assert "iati-warnings" not in admin_client.get(url).content.decode()
    # Saved in the funder's own form, where the project's is not open.
    funder.iati_org_type = "99"  # no IATI organisation type
    funder.save()
    after = admin_client.get(url).content.decode()
    assert "iati-warnings" in after and "99" in after


def test_the_iati_checks_work_while_the_cache_is_down(admin_client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "operations.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.05},
        }
    }
    project = make_project([make_country("TR", plain=True)], **SUMMARY_ONLY)
    from projects.admin import stored_project_warnings

    assert any("startdatum" in str(w) for w in stored_project_warnings(project))
