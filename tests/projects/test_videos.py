"""Videos are a provider reference: hostile addresses are refused or reduced to an ID."""

import pytest
from django.core.exceptions import ValidationError

from projects.models import Video
from projects.videos import parse_video_url, validate_video_url
from tests.factories import make_country, make_project
from tests.security.html_audit import audit

HOSTILE = [
    "javascript:alert(1)",
    "JAVASCRIPT://www.youtube.com/%0Aalert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    '<iframe src="https://www.youtube.com/embed/abcdefghijk"></iframe>',
    "https://evil.example/watch?v=abcdefghijk",
    "https://youtube.com.evil.example/watch?v=abcdefghijk",
    "https://www.youtube.com@evil.example/watch?v=abcdefghijk",
    "https://evil.example/?u=https://youtu.be/abcdefghijk",
    'https://www.youtube.com/watch?v=abc"onload=x',
    "https://www.youtube.com/watch?v=<script>alert(1)</script>",
    "https://www.youtube.com/embed/../../evil",
    "https://www.youtube.com/watch?v=abcdefghijk%22%3E%3Cscript%3E",
    "https://vimeo.com/not-a-number",
    "https://vimeo.com/",
    "https://player.vimeo.com/video/1234567890123456789",
    "https://youtu.be/",
    "https://youtu.be/abc",
    "ftp://youtube.com/watch?v=abcdefghijk",
    "https://[::1/watch?v=abcdefghijk",
    "",
    "\x00https://youtu.be/abcdefghijk",
]


@pytest.mark.parametrize("url", HOSTILE)
def test_hostile_video_addresses_are_refused(url):
    with pytest.raises(ValidationError):
        validate_video_url(url)


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        (
            "https://www.youtube.com/watch?v=abcdefghijk&x=<script>",
            "https://www.youtube-nocookie.com/embed/abcdefghijk?autoplay=1",
        ),
        (
            'https://vimeo.com/76979871#"><script>',
            "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1",
        ),
    ],
)
def test_only_the_id_survives_from_an_accepted_address(url, embed):
    assert parse_video_url(url).embed_url == embed


@pytest.mark.django_db
def test_page_links_a_video_only_on_its_provider_domain(client):
    project = make_project(countries=[make_country("KE")])
    Video.objects.create(
        project=project,
        url="https://www.youtube.com/watch?v=abcdefghijk&t=<script>alert(1)</script>",
        title_nl="<img src=x onerror=alert(1)>",
    )

    html = client.get(project.get_absolute_url()).content.decode()

    assert audit(html)[0] == []
    assert 'href="https://www.youtube.com/watch?v=abcdefghijk"' in html
