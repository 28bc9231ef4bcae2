"""Security headers on every public response, and cookies that stay where they belong."""

import pytest
from django.urls import reverse

from tests.factories import make_country, make_partner, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_urls():
    country = make_country("KE", slug_nl="kenia")
    partner = make_partner(slug_nl="cedem")
    project = make_project(countries=[country], slug_nl="kenia-project")
    project.partnerships.create(partner=partner)
    return [
        "/nl/",
        "/en/",
        country.get_absolute_url(),
        project.get_absolute_url(),
        partner.get_absolute_url(),
        "/nl/projecten/bestaat-niet/",  # a 404 page too
    ]


def csp_directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_every_public_response_has_a_csp_without_inline_scripts(client, public_urls):
    for url in public_urls:
        directives = csp_directives(client.get(url, secure=True))
        assert "'unsafe-inline'" not in directives["script-src"], url
        assert "'unsafe-eval'" not in directives["script-src"], url
        assert directives["default-src"] == ["'self'"], url
        assert directives["object-src"] == ["'none'"], url
        assert directives["base-uri"] == ["'self'"], url


def test_every_public_response_forbids_framing(client, public_urls):
    for url in public_urls:
        response = client.get(url, secure=True)
        assert csp_directives(response)["frame-ancestors"] == ["'none'"], url
        assert response["X-Frame-Options"] == "DENY", url


def test_every_public_https_response_has_hsts(client, public_urls):
    for url in public_urls:
        hsts = client.get(url, secure=True)["Strict-Transport-Security"]
        assert "max-age=31536000" in hsts and "includeSubDomains" in hsts, url


def test_every_public_response_has_referrer_policy_and_nosniff(client, public_urls):
    for url in public_urls:
        response = client.get(url, secure=True)
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", url
        assert response["X-Content-Type-Options"] == "nosniff", url


def test_every_public_response_has_a_permissions_policy(client, public_urls):
    for url in public_urls:
        policy = client.get(url, secure=True)["Permissions-Policy"]
        assert "camera=()" in policy and "geolocation=()" in policy, url
        # The click-to-play video players may autoplay, on their own domains only.
        assert 'autoplay=(self "https://www.youtube-nocookie.com"' in policy, url


def test_session_and_csrf_cookies_are_secure_httponly_and_samesite(client, superuser):
    response = client.get(reverse("admin:login"), secure=True)
    csrf = response.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"

    response = client.post(
        reverse("admin:login"),
        {"username": "boss", "password": "pw", "next": "/admin/"},
        secure=True,
        REMOTE_ADDR="198.51.100.1",
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


def test_language_cookie_is_secure_httponly_and_samesite(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/en/"}, secure=True)
    cookie = response.cookies["django_language"]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"


def test_admin_pages_carry_the_same_headers(admin_client):
    response = admin_client.get(reverse("admin:index"), secure=True)
    assert csp_directives(response)["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in csp_directives(response)["script-src"]
    assert response["X-Content-Type-Options"] == "nosniff"
