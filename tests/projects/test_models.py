import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from photos.models import Photo
from projects.models import Country, Project, ProjectFunding, Video
from projects.videos import parse_video_url
from tests.factories import image_upload, make_country, make_funder, make_project

pytestmark = pytest.mark.django_db


def test_end_date_before_start_date_is_a_validation_error():
    project = Project(
        title_nl="X",
        slug_nl="x",
        start_date=datetime.date(2024, 5, 1),
        end_date=datetime.date(2024, 4, 1),
    )
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "end_date" in error.value.message_dict


def test_database_refuses_end_date_before_start_date():
    project = make_project()
    project.start_date = datetime.date(2024, 5, 1)
    project.end_date = datetime.date(2024, 4, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        project.save()


def test_dutch_slugs_are_unique():
    make_project(slug_nl="zelfde")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_project(slug_nl="zelfde")


def test_several_objects_without_english_slug_can_coexist():
    first = make_project(slug_en=None)
    second = make_project(slug_en=None)
    assert first.slug_en is None and second.slug_en is None


def test_two_countries_cannot_have_the_same_code():
    make_country(iso_code="TR")
    country = Country(name_nl="Turkije", slug_nl="turkije-2", codes=["TR"])
    with pytest.raises(ValidationError) as error:
        country.full_clean()
    assert "codes" in error.value.message_dict


def test_a_territory_may_share_a_code_with_a_country():
    make_country(iso_code="CW")
    territory = Country(
        name_nl="Caribisch deel van het Koninkrijk",
        slug_nl="caribisch-deel",
        kind=Country.Kind.TERRITORY,
        codes=["AW", "CW", "SX", "BQ"],
    )
    territory.full_clean()


def test_a_country_has_one_code():
    country = Country(name_nl="Twee", slug_nl="twee", codes=["AW", "CW"])
    with pytest.raises(ValidationError) as error:
        country.full_clean()
    assert "codes" in error.value.message_dict


def test_a_place_needs_a_code():
    country = Country(name_nl="Nergensland", slug_nl="nergensland")
    with pytest.raises(ValidationError) as error:
        country.full_clean()
    assert "codes" in error.value.message_dict


@pytest.mark.parametrize("code", ["XQ", "AN", "EU"])
def test_a_code_outside_iatis_country_codelist_is_a_validation_error(code):
    """XQ is no code at all; AN (Netherlands Antilles) is withdrawn; EU is no country."""
    country = Country(name_nl="Nergensland", slug_nl="nergensland", codes=[code])
    with pytest.raises(ValidationError) as error:
        country.full_clean()
    assert "codes" in error.value.message_dict


def test_kosovo_is_a_country_code():
    country = Country(name_nl="Kosovo", slug_nl="kosovo", codes=["XK"])
    country.full_clean()
    country.save()
    assert [part.name for part in Country.objects.get().codes] == ["Kosovo"]


def test_a_country_is_not_reported_as_a_region():
    country = Country(name_nl="Servië", slug_nl="servie", codes=["RS"], iati_region="89")
    with pytest.raises(ValidationError) as error:
        country.full_clean()
    assert "iati_region" in error.value.message_dict


def test_photo_without_alt_text_is_a_validation_error():
    """A library photo has a description; the pages that use it may only override it."""
    photo = Photo(title="Met foto", file=image_upload(), people_shown=False)
    with pytest.raises(ValidationError) as error:
        photo.full_clean()
    assert {"alt", "alt_nl"} & set(error.value.message_dict)


def test_currency_must_be_three_letters_and_is_upper_cased():
    funding = ProjectFunding(project=make_project(), funder=make_funder(), currency="eur")
    funding.full_clean()
    assert funding.currency == "EUR"
    funding.currency = "EURO"
    with pytest.raises(ValidationError):
        funding.full_clean()


def test_published_queryset_excludes_drafts():
    published = make_project()
    make_project(published=False)
    assert list(Project.objects.published()) == [published]


def test_countries_are_public_only_through_published_projects():
    visible = make_country()
    hidden = make_country()
    make_project(countries=[visible])
    make_project(countries=[hidden], published=False)
    assert list(Country.objects.published()) == [visible]


def test_rich_text_is_sanitised_on_every_save():
    project = make_project(body_nl='<p onclick="x()">Hallo<script>alert(1)</script></p>')
    project.refresh_from_db()
    assert project.body_nl == "<p>Hallo</p>"


def test_headings_of_levels_the_toolbar_lacks_keep_a_heading_level_it_has():
    """Pasted from another page: an h2 would lose its tag and its words run into the next
    paragraph ("AchtergrondKosovo" in the page's description and the open data)."""
    project = make_project(
        body_nl='<h1>Titel</h1><h2 class="x">Achtergrond</h2><p>Kosovo.</p><h5>Klein</h5>'
        "<H6>Kleinst</H6>"
    )
    project.refresh_from_db()
    assert project.body_nl == (
        "<h3>Titel</h3><h3>Achtergrond</h3><p>Kosovo.</p><h4>Klein</h4><h4>Kleinst</h4>"
    )


@pytest.mark.parametrize(
    ("url", "provider", "video_id"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://www.youtube.com/embed/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "vimeo", "76979871"),
    ],
)
def test_video_addresses_become_provider_references(url, provider, video_id):
    reference = parse_video_url(url)
    assert (reference.provider, reference.video_id) == (provider, video_id)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=<script>",
        "https://www.youtube.com/channel/abc",
        "javascript:alert(1)",
    ],
)
def test_other_addresses_are_not_videos(url):
    video = Video(project=make_project(), url=url, title_nl="x")
    with pytest.raises(ValidationError) as error:
        video.full_clean()
    assert "url" in error.value.message_dict


def test_youtube_embeds_use_the_no_cookie_domain():
    video = Video(url="https://youtu.be/dQw4w9WgXcQ")
    assert video.embed_url.startswith("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")
