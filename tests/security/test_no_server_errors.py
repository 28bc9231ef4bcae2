"""No request makes a 500: odd paths, slugs, NUL bytes, huge query strings, bad hosts.

A property-based test (hypothesis) fuzzes every public URL pattern. CI runs it on SQLite
and on PostgreSQL (DATABASE_URL=postgres://...), which rejects NUL bytes in queries.
"""

from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

PLACEHOLDER = "zzfuzzzz"
# The public URL patterns; the test below fails when one is added and not fuzzed here.
PUBLIC_PATTERNS = {
    "projects:overview": [],
    "projects:completed_projects": [],
    "projects:project_detail": ["slug"],
    "projects:country_detail": ["slug"],
    "projects:partner_detail": ["slug"],
    "projects:project_list": [],
    "projects:project_list_csv": [],
    "projects:feed": [],
    "projects:open_data": [],
    "projects:results_overview": [],
    "api:openapi-json": [],
    "api:projects": [],
    "api:project": ["code"],
    "api:places": [],
    "api:partners": [],
    "api:funders": [],
    "api:results": [],
    "api:api-root": [],
    "projects:funder_detail": ["slug"],
    "projects:theme_detail": ["code"],
    "search:search": [],
    "iati:activities": [],
    "iati:activity": ["identifier"],
    "iati:organisation": [],
    "sitemap": [],
    "robots_txt": [],
    "healthz": [],
    "healthz-live": [],
    "healthz-ready": [],
    # A share-for-review link: anyone may try one; a forged token is a 410, never a 500.
    "editorial:shared_preview": ["token"],
    # The translators' desk lives under /admin/ (staff only); fuzzed as anonymous visitors
    # it must answer with a redirect to the login, never a 500.
    "translations:desk": [],
    "translations:export": [],
    "translations:import": [],
    "translations:report": ["pk"],
    "translations:report_csv": ["pk"],
    "translations:slugs": [],
    "translations:language": [],
    "translations:glossary": [],
    "translations:glossary_file": ["file_format"],
    "translations:memory": [],
    "translations:memory_import": [],
    "set_language": [],
    None: [],  # favicon.ico
}


def public_patterns(patterns=None, namespace=None):
    """(name, [kwargs]) for every URL pattern outside the admin."""
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            inner = pattern.namespace or namespace
            found += public_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            if pattern.pattern.regex.pattern.startswith("^media/"):
                continue  # uploaded files: tested in test_uploads.py
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            found.append((name, sorted(pattern.pattern.converters)))
    return found


def test_the_fuzzed_patterns_are_all_the_public_patterns():
    assert dict(public_patterns()) == PUBLIC_PATTERNS


def url_templates():
    templates = ["/favicon.ico", "/i18n/setlang/"]
    for name, kwargs in PUBLIC_PATTERNS.items():
        if name is None or name == "set_language":
            continue
        for language in ("nl", "en"):
            with translation.override(language):
                templates.append(_reverse(name, kwargs))
    return templates


def _reverse(name, kwargs):
    try:
        return reverse(name, kwargs={k: PLACEHOLDER for k in kwargs})
    except NoReverseMatch:  # a number in the address (an import's report)
        return reverse(name, kwargs={k: 987654 for k in kwargs}).replace("987654", PLACEHOLDER)


TEMPLATES = url_templates()

any_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=40) | st.sampled_from(
    ["\x00", "%00", "..", "../..", "kenia\x00", "ü", "-" * 300, "a" * 5000]
)
prefixes = st.sampled_from(["", "/nl", "/en", "/de", "/xx", "/NL", "/nl-nl", "/%00", "/.."])


def assert_no_server_error(response, path):
    assert response.status_code < 500, (path, response.status_code)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    template=st.sampled_from(TEMPLATES),
    slug=any_text,
    prefix=prefixes,
    query=st.lists(st.tuples(any_text, any_text), max_size=5),
    method=st.sampled_from(["get", "head", "post"]),
)
def test_fuzzed_public_urls_never_make_a_server_error(seed, template, slug, prefix, query, method):
    path = template.replace(PLACEHOLDER, quote(slug, safe=""))
    if prefix and path[:3] in ("/nl", "/en"):
        path = prefix + path[3:]
    client = Client(raise_request_exception=False)
    response = getattr(client, method)(path, QUERY_STRING=urlencode(query))
    assert_no_server_error(response, path)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(host=st.text(max_size=60))
def test_any_host_header_gets_a_client_error_or_the_page(seed, host):
    client = Client(raise_request_exception=False)
    response = client.get("/nl/", HTTP_HOST=host)
    assert response.status_code in (200, 400)


@pytest.mark.parametrize(
    ("path", "query", "status"),
    [
        ("/de/", "", 404),
        ("/xx/projecten/kenia/", "", 404),
        ("/nl/projecten/ke%00nia/", "", 400),
        ("/nl/", "q=%00", 400),
        ("/nl/", "q=\x00", 400),
        ("/nl/", "q=" + "x" * 10_000, 414),
        ("/nl/", "&".join(f"f{i}=1" for i in range(900)), 200),
        ("/nl/projecten/" + "a" * 5000 + "/", "", 404),
        ("/nl/projecten/%C0%AF/", "", 404),
        ("/admin/projects/project/", "q=%00", 400),
    ],
)
def test_known_bad_requests_get_a_client_error(client, seed, path, query, status):
    response = Client(raise_request_exception=False).get(path, QUERY_STRING=query)
    assert response.status_code == status


@pytest.mark.parametrize(
    "path", ["/nl/", "/iati/activities.xml", "/sitemap.xml", "/healthz", "/robots.txt", "/admin/"]
)
@pytest.mark.parametrize("method", ["TRACE", "TRACK", "CONNECT"])
def test_trace_and_its_kin_are_not_answered(seed, path, method):
    response = Client(raise_request_exception=False).generic(method, path)
    assert response.status_code == 405
    assert b"Cookie" not in response.content


@pytest.mark.parametrize("path", ["/robots.txt", "/nl/", "/iati/activities.xml", "/sitemap.xml"])
def test_head_requests_are_answered_as_get_without_a_body(seed, path):
    response = Client(raise_request_exception=False).head(path)
    assert response.status_code == 200
    assert response.content == b""


def test_a_head_request_for_a_share_link_is_answered_like_its_get(seed):
    client = Client(raise_request_exception=False)
    assert (
        client.head("/preview/zzfuzzzz/").status_code
        == client.get("/preview/zzfuzzzz/").status_code
    )


def test_a_bad_host_header_gets_400(client):
    response = Client(raise_request_exception=False).get("/nl/", HTTP_HOST="evil.example")
    assert response.status_code == 400


def test_admin_search_with_a_nul_byte_is_refused_not_crashed(admin_client):
    response = admin_client.get("/admin/projects/project/", {"q": "ke\x00nia"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("username", "password"), [("bo\x00ss", "pw"), ("boss", "p\x00w"), ("x" * 10_000, "pw")]
)
def test_odd_login_input_gets_a_form_error(client, django_user_model, username, password):
    django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")
    response = Client(raise_request_exception=False).post(
        reverse("admin:login"), {"username": username, "password": password}
    )
    assert response.status_code == 200


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(username=any_text, password=any_text)
def test_fuzzed_admin_logins_never_make_a_server_error(db, username, password):
    response = Client(raise_request_exception=False).post(
        reverse("admin:login"),
        {"username": username, "password": password},
        REMOTE_ADDR="198.51.100.200",
    )
    assert response.status_code in (200, 429)
