"""Translators change English fields only, enforced on the server."""

import pytest

from projects.models import Country, Project, ProjectLink, ProjectPartner, Video
from tests.admin_forms import change_form_data
from tests.factories import (
    admin_url,
    make_country,
    make_dutch_only_project,
    make_editor,
    make_funder,
    make_link,
    make_overview,
    make_partner,
    make_translator,
    make_video,
    make_workshop,
)
from translations.registry import english_field_names

pytestmark = pytest.mark.django_db


@pytest.fixture
def translator_client(client):
    client.force_login(make_translator())
    return client


def test_translator_form_holds_only_english_fields(translator_client):
    project = make_dutch_only_project()
    response = translator_client.get(admin_url(project))
    fields = set(response.context["adminform"].form.fields)
    assert fields == {
        "title_en",
        "slug_en",
        "summary_en",
        "body_en",
        "funding_text_en",
        "photo_alt_en",
        "photo_caption_en",
    }


def test_translator_post_cannot_change_dutch_or_other_fields(translator_client):
    other_country = make_country()
    project = make_dutch_only_project(status=Project.Status.DRAFT, sort_order=5)
    response = translator_client.get(admin_url(project))
    data = change_form_data(response)
    data.update(
        {
            "title_en": "English title",
            # Crafted: none of these may change.
            "title_nl": "Gehackte titel",
            "slug_nl": "gehackt",
            "body_nl": "<p>Gehackt</p>",
            "status": Project.Status.PUBLISHED,
            "sort_order": "99",
            "countries": [str(other_country.pk)],
            "start_date": "2020-01-01",
        }
    )
    response = translator_client.post(admin_url(project), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    project.refresh_from_db()
    assert project.title_en == "English title"
    assert project.title_nl.startswith("Project ")
    assert project.slug_nl.startswith("project-")
    assert project.body_nl == "<p>Wat VluchtelingenWerk doet.</p>"
    assert project.status == Project.Status.DRAFT
    assert project.sort_order == 5
    assert other_country not in project.countries.all()
    assert project.start_date is None


def test_translator_can_set_the_english_slug(translator_client):
    project = make_dutch_only_project()
    data = change_form_data(translator_client.get(admin_url(project)))
    data["slug_en"] = "english-slug"
    assert translator_client.post(admin_url(project), data).status_code == 302
    project.refresh_from_db()
    assert project.slug_en == "english-slug"


def test_translator_inline_post_changes_only_english(translator_client):
    project = make_dutch_only_project()
    video = make_video(project)
    sort_order = video.sort_order
    link = make_link(project)
    data = change_form_data(translator_client.get(admin_url(project)))
    data.update(
        {
            "videos-0-title_en": "A video",
            "videos-0-title_nl": "Gehackte video",
            "videos-0-url": "https://vimeo.com/123456",
            "videos-0-sort_order": "9",
            # Crafted: delete the link and add a new video.
            "links-0-DELETE": "on",
            "videos-TOTAL_FORMS": "2",
            "videos-1-title_en": "Injected",
            "videos-1-title_nl": "Ingevoegd",
            "videos-1-url": "https://vimeo.com/999",
            "videos-1-project": str(project.pk),
        }
    )
    response = translator_client.post(admin_url(project), data)
    assert response.status_code == 302
    video.refresh_from_db()
    assert video.title_en == "A video"
    assert video.title_nl == "Een video"
    assert video.url == "https://www.youtube.com/watch?v=abcdefghijk"
    assert video.sort_order == sort_order != 9
    assert list(Video.objects.filter(project=project)) == [video]
    assert ProjectLink.objects.filter(pk=link.pk).exists()


def test_translator_cannot_change_a_partnership_inline(translator_client):
    project = make_dutch_only_project()
    partnership = ProjectPartner.objects.create(project=project, partner=make_partner())
    other = make_partner()
    data = change_form_data(translator_client.get(admin_url(project)))
    data.update(
        {
            "partnerships-0-partner": str(other.pk),
            "partnerships-0-role": ProjectPartner.Role.TRAINER,
        }
    )
    assert translator_client.post(admin_url(project), data).status_code == 302
    partnership.refresh_from_db()
    assert partnership.partner != other
    assert partnership.role == ProjectPartner.Role.LOCAL_PARTNER


def test_translator_cannot_add(translator_client):
    assert translator_client.get("/admin/projects/project/add/").status_code == 403
    response = translator_client.post(
        "/admin/projects/country/add/", {"name_nl": "Nieuw", "slug_nl": "nieuw", "codes": ["FR"]}
    )
    assert response.status_code == 403
    assert not Country.objects.filter(slug_nl="nieuw").exists()


def test_translator_cannot_delete(translator_client):
    project = make_dutch_only_project()
    response = translator_client.post(admin_url(project, "delete"), {"post": "yes"})
    assert response.status_code == 403
    assert Project.objects.filter(pk=project.pk).exists()


def test_translator_changelist_cannot_edit_sort_order(translator_client):
    country = make_country(sort_order=3)
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(country.pk),
        "form-0-sort_order": "42",
        "_save": "Save",
    }
    translator_client.post("/admin/projects/country/", data)
    country.refresh_from_db()
    assert country.sort_order == 3


def test_translator_sees_the_dutch_source_but_no_dutch_input(translator_client):
    project = make_dutch_only_project(title_nl="Bescherming in Kenia")
    html = translator_client.get(admin_url(project)).content.decode()
    assert 'name="title_nl"' not in html
    assert "Bescherming in Kenia" in html


def test_editor_still_changes_dutch_and_status(client):
    client.force_login(make_editor())
    project = make_dutch_only_project(status=Project.Status.DRAFT)
    data = change_form_data(client.get(admin_url(project)))
    data.update({"title_nl": "Nieuwe titel", "status": Project.Status.PUBLISHED})
    assert client.post(admin_url(project), data).status_code == 302
    project.refresh_from_db()
    assert project.title_nl == "Nieuwe titel"
    assert project.status == Project.Status.PUBLISHED


@pytest.mark.parametrize(
    "build",
    [
        lambda: make_overview(),
        lambda: make_country(),
        lambda: make_dutch_only_project(),
        lambda: make_workshop(make_dutch_only_project()),
        lambda: make_partner(),
        lambda: make_funder(),
    ],
    ids=["overview", "country", "project", "workshop", "partner", "funder"],
)
def test_every_content_form_gives_translators_english_fields_only(translator_client, build):
    obj = build()
    response = translator_client.get(admin_url(obj))
    assert response.status_code == 200
    english = english_field_names(type(obj))
    assert set(response.context["adminform"].form.fields) <= english
    for inline in response.context["inline_admin_formsets"]:
        for form in inline.formset.forms:
            fields = set(form.fields) - {"id", "project", "DELETE"}
            assert fields <= english_field_names(inline.formset.model), inline.formset.model
            assert "DELETE" not in form.fields


def test_the_translators_help_texts_give_english_examples(translator_client):
    """The admin is in English for a translator: the examples in help texts are English
    too (the editors' Dutch admin keeps Dutch ones)."""
    from tests.factories import make_call_to_action, make_result

    project = make_dutch_only_project()
    make_result(project)
    html = translator_client.get(admin_url(project)).content.decode()
    assert "450 asylum seekers" in html and "450 asielzoekers" not in html
    appeal = make_call_to_action()
    html = translator_client.get(admin_url(appeal)).content.decode()
    assert "E.g. “Help and donate now”." in html


def test_the_editors_help_texts_keep_dutch_examples(client):
    from tests.factories import make_result

    client.force_login(make_editor())
    project = make_dutch_only_project()
    make_result(project)
    html = client.get(admin_url(project)).content.decode()
    assert "450 asielzoekers" in html


def test_the_import_page_speaks_the_translators_language(translator_client):
    html = translator_client.get("/admin/translations/import/").content.decode()
    assert "A file exported here and filled in by a translator" in html
    assert "Een bestand dat hier is geëxporteerd" not in html
