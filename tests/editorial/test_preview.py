"""Editors see any page before the public does: the saved draft and the form's unsaved
changes, in both languages, rendered by the real page views; nobody else sees it."""

import pytest
from django.test import Client
from django.urls import reverse

from projects.models import Project
from tests.admin_forms import change_form_data
from tests.factories import (
    image_upload,
    make_country,
    make_editor,
    make_full_project,
    make_overview,
    make_project,
    make_translator,
)

pytestmark = pytest.mark.django_db

BANNER = {"nl": "Voorbeeld — niet gepubliceerd", "en": "Preview — not published"}


def preview_url(obj, language):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_preview", args=[obj.pk, language])


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor_client():
    return logged_in(make_editor())


@pytest.fixture
def draft():
    """A draft project with every kind of row, in a country without published projects,
    with a partner that works in no published project: none of their pages is public."""
    project = make_full_project(
        published=False, title_nl="Concept in Moldavië", title_en="Draft in Moldova"
    )
    return project


def pages_of(draft):
    """(object, its Dutch title, its English title) of each page type."""
    country = draft.countries.get()
    partner = draft.partners.get()
    overview = make_overview(title_nl="Onze projecten (concept)", title_en="Our projects (draft)")
    return {
        "overview": (overview, overview.title_nl, overview.title_en),
        "country": (country, country.name_nl, country.name_en),
        "project": (draft, draft.title_nl, draft.title_en),
        "partner": (partner, partner.name_nl, partner.name_nl),
    }


def assert_is_a_preview(response, language):
    assert response.status_code == 200
    html = response.content.decode()
    assert BANNER[language] in html
    assert f'<html lang="{language}">' in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    # Its address is the preview's, not public: no buttons to share it.
    assert 'class="share"' not in html
    return html


@pytest.mark.parametrize("kind", ["overview", "country", "project", "partner"])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_an_editor_previews_the_saved_draft_of_every_page(editor_client, draft, kind, language):
    obj, dutch, english = pages_of(draft)[kind]
    html = assert_is_a_preview(editor_client.get(preview_url(obj, language)), language)
    assert (dutch if language == "nl" else english) in html


@pytest.mark.parametrize("kind", ["overview", "country", "project", "partner"])
def test_the_public_still_gets_a_404_for_every_draft_page(client, editor_client, draft, kind):
    obj, _dutch, _english = pages_of(draft)[kind]
    editor_client.get(preview_url(obj, "nl"))
    if kind == "overview":
        # The overview is always public; the draft project is not on it.
        assert "Concept in Moldavië".encode() not in client.get("/nl/").content
        return
    assert client.get(obj.get_absolute_url()).status_code == 404


def test_anonymous_visitors_get_no_preview(client, draft):
    response = client.get(preview_url(draft, "nl"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    assert b"Concept in Moldavi" not in client.post(preview_url(draft, "nl"), {}).content


def test_the_preview_is_never_cached_for_the_public(client, editor_client, draft):
    editor_client.get(preview_url(draft, "nl"))
    draft.title_nl = "Nieuwe titel"
    draft.save()
    assert "Nieuwe titel" in editor_client.get(preview_url(draft, "nl")).content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("kind", ["overview", "country", "project", "partner"])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_preview_button_renders_the_unsaved_form(editor_client, draft, kind, language):
    obj, _dutch, _english = pages_of(draft)[kind]
    data = change_form_data(editor_client.get(change_url(obj)))
    name_field = {"overview": "title", "project": "title"}.get(kind, "name")
    data[f"{name_field}_nl"] = "Niet opgeslagen naam"
    data[f"{name_field}_en"] = "Unsaved name"
    html = assert_is_a_preview(editor_client.post(preview_url(obj, language), data), language)
    assert ("Niet opgeslagen naam" if language == "nl" else "Unsaved name") in html
    obj.refresh_from_db()
    assert getattr(obj, f"{name_field}_nl") != "Niet opgeslagen naam"


def test_the_unsaved_preview_includes_the_inline_rows_as_posted(editor_client, draft):
    data = change_form_data(editor_client.get(change_url(draft)))
    data["workshops-0-title_nl"] = "Gewijzigde workshop"
    data["links-0-DELETE"] = "on"
    data.update(
        {
            "videos-TOTAL_FORMS": "2",
            "videos-1-url": "https://www.youtube.com/watch?v=zyxwvutsrqp",
            "videos-1-title_nl": "Nieuwe film",
            "videos-1-sort_order": "5",
        }
    )
    html = editor_client.post(preview_url(draft, "nl"), data).content.decode()
    assert "Gewijzigde workshop" in html
    assert "Nieuwe film" in html
    assert "Lees meer" not in html  # the link marked for deletion
    assert draft.workshops.get().title_nl != "Gewijzigde workshop"
    assert draft.videos.count() == 1 and draft.links.count() == 1


def test_a_new_project_is_previewed_from_the_add_form(editor_client):
    country = make_country()
    url = reverse("admin:projects_project_preview_add", args=["nl"])
    data = change_form_data(editor_client.get(reverse("admin:projects_project_add")))
    data.update({"title_nl": "Nog niet opgeslagen", "slug_nl": "nog-niet", "status": "draft"})
    data["countries"] = [str(country.pk)]
    html = assert_is_a_preview(editor_client.post(url, data), "nl")
    assert "Nog niet opgeslagen" in html
    assert not Project.objects.filter(title_nl="Nog niet opgeslagen").exists()


def test_a_form_with_errors_shows_them_instead_of_a_preview(editor_client, draft):
    data = change_form_data(editor_client.get(change_url(draft)))
    data["title_nl"] = ""
    response = editor_client.post(preview_url(draft, "nl"), data)
    assert response.status_code == 200
    assert "Het voorbeeld kan niet worden getoond" in response.content.decode()


def test_a_photo_chosen_in_the_form_is_not_stored_by_the_preview(editor_client, draft, media_root):
    data = change_form_data(editor_client.get(change_url(draft)))
    data["photo"] = image_upload("nieuwe-foto.jpg")
    data["photo_alt_nl"] = "Een foto"
    assert editor_client.post(preview_url(draft, "nl"), data).status_code == 200
    assert not list(media_root.rglob("nieuwe-foto*"))


class TestTranslators:
    def test_a_translator_previews_the_english_page(self, draft):
        client = logged_in(make_translator())
        html = assert_is_a_preview(client.get(preview_url(draft, "en")), "en")
        assert "Draft in Moldova" in html

    def test_a_translator_previews_unsaved_english(self, draft):
        client = logged_in(make_translator())
        data = change_form_data(client.get(change_url(draft)))
        data["title_en"] = "Better English title"
        data["title_nl"] = "Poging tot Nederlands"  # not in a translator's form
        html = client.post(preview_url(draft, "en"), data).content.decode()
        assert "Better English title" in html
        assert "Poging tot Nederlands" not in html

    def test_a_translator_gets_no_dutch_preview(self, draft):
        client = logged_in(make_translator())
        assert client.get(preview_url(draft, "nl")).status_code == 403

    def test_the_change_form_offers_a_translator_the_english_preview_only(self, draft):
        html = logged_in(make_translator()).get(change_url(draft)).content.decode()
        assert preview_url(draft, "en") in html
        assert preview_url(draft, "nl") not in html


def test_view_on_site_opens_the_preview_for_a_draft_and_the_page_when_published(
    editor_client, draft
):
    html = editor_client.get(change_url(draft)).content.decode()
    assert f'href="{preview_url(draft, "nl")}"' in html
    assert "Voorbeeld (Nederlands)" in html and "Voorbeeld (Engels)" in html
    published = make_project(title_nl="Gepubliceerd")
    html = editor_client.get(change_url(published)).content.decode()
    assert f'href="{published.get_absolute_url()}"' in html


def test_a_workshop_is_previewed_on_its_projects_page(editor_client, draft):
    workshop = draft.workshops.get()
    url = reverse("admin:projects_workshop_preview", args=[workshop.pk, "nl"])
    saved = assert_is_a_preview(editor_client.get(url), "nl")
    assert "Concept in Moldavië" in saved and workshop.title_nl in saved
    data = change_form_data(editor_client.get(change_url(workshop)))
    data["title_nl"] = "Workshop, nog niet opgeslagen"
    html = assert_is_a_preview(editor_client.post(url, data), "nl")
    assert "Workshop, nog niet opgeslagen" in html and "Concept in Moldavië" in html
