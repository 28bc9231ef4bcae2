"""Hostile input typed into the admin never becomes active content on a page."""

import pytest
from django.urls import reverse
from django.utils import translation

from projects.models import Project
from tests.admin_forms import change_form_data
from tests.factories import make_country, make_partner, make_project
from tests.security.html_audit import audit

pytestmark = pytest.mark.django_db

# Known XSS payloads (OWASP filter-evasion cheat sheet, mutation XSS, scheme tricks).
PAYLOADS = [
    "<script>alert(1)</script>",
    '"><script>alert(1)</script>',
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>x</details>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href=" &#14; javascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<iframe src="https://evil.example/"></iframe>',
    "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<object data="javascript:alert(1)"></object>',
    "<embed src=javascript:alert(1)>",
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<base href="javascript:/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    '<a href="https://example.org/" onclick="alert(1)">x</a>',
    '<img src="x` `<script>alert(1)</script>"` `>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
]


def post_project(client, project, **fields):
    url = reverse("admin:projects_project_change", args=[project.pk])
    data = change_form_data(client.get(url))
    data.update(fields)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def public_pages(client, project):
    pages = {}
    for language in ("nl", "en"):
        with translation.override(language):
            project = Project.objects.get(pk=project.pk)
            for url in (
                reverse("projects:overview"),
                project.get_absolute_url(),
                project.countries.get().get_absolute_url(),
            ):
                response = client.get(url)
                assert response.status_code == 200, url
                pages[url] = response.content.decode()
    return pages


@pytest.mark.parametrize("payload", PAYLOADS)
def test_xss_payload_through_the_admin_is_inert_on_public_pages(admin_client, client, payload):
    project = make_project(countries=[make_country("KE")], title_nl="Veilig project")
    post_project(
        admin_client,
        project,
        title_en=f"Title {payload}",
        summary_nl=payload,
        summary_en=payload,
        body_nl=f"<p>Tekst</p>{payload}",
        body_en=f"<p>Text</p>{payload}",
        photo_caption_nl=payload,
        **{
            "links-TOTAL_FORMS": "1",
            "links-0-label_nl": payload,
            "links-0-url_nl": "https://example.org/",
            "links-0-sort_order": "0",
        },
    )

    for url, html in public_pages(client, project).items():
        problems, _links = audit(html)
        assert problems == [], (url, payload)


def test_stored_rich_text_carries_no_payload_at_all(admin_client):
    project = make_project(countries=[make_country("KE")])
    post_project(admin_client, project, body_nl="".join(PAYLOADS))

    problems, _links = audit(Project.objects.get(pk=project.pk).body_nl)
    assert problems == []


def test_links_that_open_a_new_window_get_rel_noopener(admin_client, client):
    project = make_project(countries=[make_country("KE")])
    post_project(
        admin_client,
        project,
        body_nl='<p><a href="https://example.org/" target="_blank">partner</a></p>',
    )

    html = client.get(Project.objects.get(pk=project.pk).get_absolute_url()).content.decode()
    _problems, links = audit(html)
    assert links, "the link was dropped"
    assert all("noopener" in link.get("rel", "") for link in links)


PLAIN = "<img src=x onerror=alert(1)>"


def test_plain_text_is_escaped_on_public_pages(client):
    partner = make_partner(name_nl=PLAIN, acronym="<b>X</b>")
    project = make_project(countries=[make_country("KE", name_nl=PLAIN)], title_nl=PLAIN)
    project.partnerships.create(partner=partner)

    for url in (
        project.get_absolute_url(),
        project.countries.get().get_absolute_url(),
        partner.get_absolute_url(),
        reverse("projects:overview"),
    ):
        html = client.get(url).content.decode()
        assert audit(html)[0] == [], url
        assert "&lt;img src=x onerror=alert(1)&gt;" in html, url


@pytest.mark.parametrize(
    "changelist",
    [
        "admin:projects_project_changelist",
        "admin:projects_country_changelist",
        "admin:partners_partnerorganisation_changelist",
    ],
)
def test_plain_text_is_escaped_in_admin_lists(admin_client, changelist):
    country = make_country("KE", name_nl=PLAIN)
    make_project(countries=[country], title_nl=PLAIN)
    make_partner(name_nl=PLAIN)

    html = admin_client.get(reverse(changelist)).content.decode()

    assert PLAIN not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
