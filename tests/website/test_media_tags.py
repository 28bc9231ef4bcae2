"""Videos, documents and sharing: privacy first, plain links, honest labels."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.utils import translation

from projects.models import Video
from tests.factories import SERBIA, make_country, make_project, make_workshop
from website.template_helpers.media_tags import share_urls

# Each test writes its uploads and renditions to a media folder of its own.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


@pytest.fixture
def project_with_video():
    project = make_project(
        [make_country(**SERBIA)], plain=True, slug="video", title_nl="Een project"
    )
    Video.objects.create(
        project=project, url="https://www.youtube.com/watch?v=dQw4w9WgXcQ", title_nl="Kakuma"
    )
    return project


def test_the_video_placeholder_loads_nothing_from_the_provider(client, project_with_video):
    html = client.get(project_with_video.get_absolute_url()).content.decode()

    assert "<iframe" not in html
    sources = re.findall(r'\s(?:src|srcset|poster)="([^"]*)"', html)
    assert not [s for s in sources if "youtube" in s or "ytimg" in s]
    assert not re.search(r"<link[^>]+(youtube|ytimg)", html)


def test_the_video_placeholder_carries_the_title_a_play_button_and_the_no_cookie_embed(
    client, project_with_video
):
    html = client.get(project_with_video.get_absolute_url()).content.decode()

    frame = re.search(r'<div class="video__frame".*?</div>', html, re.S).group(0)
    assert 'data-embed="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"' in frame
    assert '<p class="video__title">Kakuma</p>' in frame
    assert '<button type="button" class="video__play"' in frame


def test_the_video_can_be_watched_on_the_provider_without_javascript(client, project_with_video):
    html = client.get(project_with_video.get_absolute_url()).content.decode()

    assert '<a class="video__watch" href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">' in html


def test_the_site_script_is_self_hosted_and_deferred_with_no_inline_script(
    client, project_with_video
):
    html = client.get(project_with_video.get_absolute_url()).content.decode()

    # JSON-LD blocks are data, never executed; every other script is the site's own file.
    scripts = [s for s in re.findall(r"<script[^>]*>", html) if "application/ld+json" not in s]
    assert scripts == ['<script src="/static/js/site.js" defer>']


# filesizeformat keeps number and unit together with a no-break space.
@pytest.mark.parametrize(
    ("language", "label"), [("nl", "PDF, 1,2\xa0MB"), ("en", "PDF, 1.2\xa0MB")]
)
def test_the_report_link_shows_format_and_localised_size(client, language, label):
    project = make_project(
        [make_country(**SERBIA)], plain=True, slug="verslag", title_nl="Een project"
    )
    workshop = make_workshop(project, plain=True)
    workshop.report.save("verslag.pdf", ContentFile(b"%PDF-1.4\n" + b"0" * (1_258_291 - 9)))

    with translation.override(language):
        html = client.get(project.get_absolute_url()).content.decode()

    assert f'<html lang="{language}">' in html
    assert f'<span class="download__meta">({label})</span>' in html
    assert f'href="{workshop.report.url}" type="application/pdf"' in html


def test_share_links_encode_the_page_address_and_title():
    url = "https://example.org/nl/projecten/hulp-in-servië/?a=1&b=2"
    title = "Hulp & steun: “Servië”"

    links = share_urls(url, title)

    assert set(links) == {"email", "whatsapp", "linkedin", "facebook", "bluesky", "x"}
    for href in links.values():
        assert " " not in href and "&b=2" not in href and "“" not in href
    assert parse_qs(urlsplit(links["facebook"]).query) == {"u": [url]}
    assert parse_qs(urlsplit(links["linkedin"]).query) == {"url": [url]}
    assert parse_qs(urlsplit(links["x"]).query) == {"text": [title], "url": [url]}
    assert parse_qs(urlsplit(links["whatsapp"]).query) == {"text": [f"{title} {url}"]}
    assert parse_qs(urlsplit(links["bluesky"]).query) == {"text": [f"{title} {url}"]}
    assert links["email"].startswith("mailto:?")
    assert parse_qs(links["email"].removeprefix("mailto:?")) == {"subject": [title], "body": [url]}


def test_the_page_shows_plain_share_links_to_its_own_address_and_a_copy_button(client):
    project = make_project([make_country(**SERBIA)], plain=True, slug="delen", title_nl="Delen")

    html = client.get(project.get_absolute_url()).content.decode()

    share = re.search(r'<aside class="share".*?</aside>', html, re.S).group(0)
    assert "Deel dit met anderen" in share
    assert (
        "https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2Ftestserver%2Fnl%2Fprojecten%2Fdelen%2F"
        in share
    )
    assert len(re.findall(r'<a class="share__link', share)) == 6
    assert 'data-copy="http://testserver/nl/projecten/delen/"' in share
    assert "<script" not in share
