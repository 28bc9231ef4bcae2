"""Public pages are cached per language and fresh the moment content changes."""

import os
import time
from dataclasses import replace

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from partners.models import PartnerOrganisation
from projects.models import Country, Project, Workshop
from tests.admin_forms import change_form_data
from tests.factories import make_full_project
from website import freshness, page_cache

pytestmark = pytest.mark.django_db


def url_of(obj, language):
    with translation.override(language):
        return obj.get_absolute_url()


@pytest.fixture
def project():
    """A published project with one row of every kind, and texts the tests look for."""
    return make_full_project(
        title_nl="Asielprocedures in Servië",
        body_nl="<p>Oorspronkelijke tekst.</p>",
        body_en="<p>Original text.</p>",
        workshop_title="Opvang",
    )


@pytest.fixture
def admin_client_nl():
    user = get_user_model().objects.create_superuser("beheer", "beheer@example.org", "pw")
    client = Client()
    client.force_login(user)
    return client


def test_second_request_is_served_from_the_cache_without_queries(
    client, project, django_assert_num_queries
):
    first = client.get("/nl/")
    with django_assert_num_queries(0):
        second = client.get("/nl/")
    assert second.status_code == 200
    assert second.content == first.content
    assert b"Oorspronkelijke tekst." in second.content


@pytest.mark.parametrize(
    "url",
    [
        lambda p: url_of(p, "nl"),
        lambda p: url_of(p.countries.get(), "nl"),
        lambda p: url_of(p.partners.get(), "nl"),
    ],
    ids=["project", "country", "partner"],
)
def test_every_detail_page_is_cached(client, project, django_assert_num_queries, url):
    address = url(project)
    client.get(address)
    with django_assert_num_queries(0):
        assert client.get(address).status_code == 200


def test_each_language_has_its_own_cached_page(client, project):
    assert b"Original text." not in client.get("/nl/").content
    english = client.get("/en/")
    assert b"Original text." in english.content
    assert b"Oorspronkelijke tekst." not in english.content
    assert b"Oorspronkelijke tekst." in client.get("/nl/").content


def test_saving_a_project_makes_its_cached_pages_fresh(client, project):
    client.get(url_of(project, "nl"))
    client.get("/nl/")
    project.body_nl = "<p>Nieuwe tekst.</p>"
    project.save()
    assert b"Nieuwe tekst." in client.get(url_of(project, "nl")).content
    assert b"Nieuwe tekst." in client.get("/nl/").content


def test_editing_a_project_and_its_inline_in_the_admin_shows_on_the_next_request(
    client, project, admin_client_nl, django_capture_on_commit_callbacks
):
    assert b"Oorspronkelijke tekst." in client.get("/nl/").content
    change_url = reverse("admin:projects_project_change", args=[project.pk])
    data = change_form_data(admin_client_nl.get(change_url))
    data["body_nl"] = "<p>Tekst uit het beheer.</p>"
    data["workshops-0-title_nl"] = "Integratie"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_nl.post(change_url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""

    page = client.get("/nl/").content
    assert b"Tekst uit het beheer." in page
    assert b"Integratie" in page
    assert b"Oorspronkelijke tekst." not in page


def test_a_translation_saved_in_the_admin_shows_on_the_english_page(
    client, project, admin_client_nl
):
    assert b"Original text." in client.get(url_of(project, "en")).content
    change_url = reverse("admin:projects_project_change", args=[project.pk])
    data = change_form_data(admin_client_nl.get(change_url))
    data["body_en"] = "<p>Better translation.</p>"
    assert admin_client_nl.post(change_url, data).status_code == 302
    assert b"Better translation." in client.get(url_of(project, "en")).content


def test_a_partner_edited_in_the_admin_is_renamed_on_the_cached_project_page(
    client, project, admin_client_nl
):
    partner = project.partners.get()
    client.get(url_of(project, "nl"))
    change_url = reverse("admin:partners_partnerorganisation_change", args=[partner.pk])
    data = change_form_data(admin_client_nl.get(change_url))
    data["name_nl"] = "Nieuwe Partnernaam"
    assert admin_client_nl.post(change_url, data).status_code == 302
    assert b"Nieuwe Partnernaam" in client.get(url_of(project, "nl")).content


def test_adding_a_country_to_a_project_shows_it_on_that_countrys_cached_page(client, project):
    other = Country.objects.create(name_nl="Kenia", slug_nl="kenia", codes=["KE"])
    project.countries.add(other)
    client.get(url_of(other, "nl"))
    project.countries.remove(other)
    assert client.get(url_of(other, "nl")).status_code == 404


def test_facilitator_added_to_a_workshop_shows_on_the_cached_page(client, project):
    client.get(url_of(project, "nl"))
    newcomer = PartnerOrganisation.objects.create(name_nl="ECRE", slug_nl="ecre")
    project.workshops.get().facilitators.add(newcomer)
    assert newcomer.get_absolute_url().encode() in client.get(url_of(project, "nl")).content


def test_deleting_an_inline_row_removes_it_from_the_cached_page(client, project):
    assert b"Opvang" in client.get(url_of(project, "nl")).content
    Workshop.objects.filter(project=project).delete()
    assert b"Opvang" not in client.get(url_of(project, "nl")).content


def test_a_project_turned_into_a_draft_is_never_served_from_the_cache(client, project):
    url = url_of(project, "nl")
    assert client.get(url).status_code == 200
    assert url.encode() in client.get("/nl/").content
    project.status = Project.Status.DRAFT
    project.save()
    assert client.get(url).status_code == 404
    assert url.encode() not in client.get("/nl/").content


def test_a_save_is_written_in_its_own_transaction_and_undone_with_it(project):
    before = freshness.read_clock()
    with transaction.atomic():
        project.save()
        assert freshness.read_clock()[1] > before[1]
        transaction.set_rollback(True)
    assert freshness.read_clock() == before


def test_logged_in_visitors_get_a_fresh_private_page_that_is_not_stored(
    client, project, admin_client_nl, django_assert_num_queries
):
    response = admin_client_nl.get("/nl/")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    with CaptureQueriesContext(connection) as captured:
        client.get("/nl/")
    assert len(captured) > 0, "the anonymous request should have rendered the page"


def test_admin_pages_are_not_cached(admin_client_nl, project):
    url = reverse("admin:projects_project_changelist")
    assert "Asielprocedures in Servië" in admin_client_nl.get(url).content.decode()
    Project.objects.filter(pk=project.pk).update(title_nl="Hernoemd")
    response = admin_client_nl.get(url)
    assert "Hernoemd" in response.content.decode()
    assert "private" in response["Cache-Control"]


def test_campaign_parameters_share_the_cached_page(client, project, django_assert_num_queries):
    client.get("/nl/")
    with django_assert_num_queries(0):
        response = client.get("/nl/?utm_source=nieuwsbrief&utm_campaign=winter&fbclid=x")
    assert response.status_code == 200


def test_query_parameters_no_page_reads_share_the_cached_page(
    client, project, django_assert_num_queries
):
    """One client with ``?x=<random>`` cannot make every request a render (issue 24)."""
    url = url_of(project, "nl")
    first = client.get(url)
    with django_assert_num_queries(0):
        for number in range(5):
            response = client.get(f"{url}?x={number}")
            assert response.content == first.content
    assert response["ETag"] == first["ETag"]


def test_a_page_rendered_with_a_query_string_is_not_stored(client, project):
    """It could differ from the page at its plain address; only that one is stored."""
    client.get("/nl/?x=1")
    assert cache.get(page_cache.key_for("nl", "/nl/")) is None
    client.get("/nl/")
    assert cache.get(page_cache.key_for("nl", "/nl/")) is not None


def test_a_page_that_reads_a_parameter_is_rendered_for_each_value(rf, project, settings):
    """A view that reads ``?page=`` (a list, a search) is never answered with another
    page's cached copy: it read that parameter when its plain address was stored."""
    from django.http import HttpResponse

    @page_cache.cache_public_page
    def listing(request):
        return HttpResponse(f"page {request.GET.get('page', '1')}")

    def answer(query):
        request = rf.get(f"/nl/lijst/?{query}" if query else "/nl/lijst/")
        return listing(request).content

    assert answer("") == b"page 1"
    assert answer("page=2") == b"page 2"
    assert answer("page=3&x=1") == b"page 3"
    assert answer("x=1") == b"page 1"  # the stored page: it does not read x


def test_a_page_that_iterates_over_the_query_string_is_never_shared(rf, project):
    from django.http import HttpResponse

    @page_cache.cache_public_page
    def echo(request):
        return HttpResponse(",".join(sorted(request.GET)))

    assert echo(rf.get("/nl/echo/")).content == b""
    assert echo(rf.get("/nl/echo/?a=1")).content == b"a"


def test_bump_content_version_makes_pages_fresh_after_a_bulk_update(client, project):
    client.get(url_of(project, "nl"))
    Project.objects.filter(pk=project.pk).update(title_nl="Bijgewerkt in bulk")
    page_cache.bump_content_version()
    assert b"Bijgewerkt in bulk" in client.get(url_of(project, "nl")).content


def test_pages_are_rendered_every_time_when_the_page_cache_is_off(
    client, project, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_ENABLED = False
    client.get("/nl/")
    with CaptureQueriesContext(connection) as captured:
        client.get("/nl/")
    assert len(captured) > 0


def test_public_pages_are_rendered_when_the_cache_server_is_down(client, project, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "operations.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    response = client.get("/nl/")
    assert response.status_code == 200
    assert b"Oorspronkelijke tekst." in response.content


@pytest.mark.skipif(
    not os.environ.get("CACHE_URL", "").startswith("redis"),
    reason="runs when CACHE_URL points at a Redis server (CI does)",
)
def test_the_suite_really_runs_against_redis_when_asked_to(settings):
    assert settings.CACHES["default"]["BACKEND"] == "operations.cache.RedisCache"
    cache.set("vwn:ci-check", "redis", 10)
    assert cache._cache.get_client().get(cache.make_and_validate_key("vwn:ci-check"))


def test_host_and_port_variants_share_one_cache_entry(client, project, django_assert_num_queries):
    first = client.get("/nl/", HTTP_HOST="127.0.0.1:9999")
    with django_assert_num_queries(0):
        second = client.get("/nl/", HTTP_HOST="localhost:8080")
        third = client.get("/nl/", HTTP_HOST="testserver")
    assert first.status_code == second.status_code == third.status_code == 200
    assert second.content == third.content == first.content
    assert b"9999" not in first.content and b"localhost" not in first.content


def test_the_page_key_depends_on_language_and_path_only(rf):
    keys = set()
    for host in ("127.0.0.1:9999", "localhost", "testserver"):
        for secure in (False, True):
            request = rf.get("/nl/", HTTP_HOST=host, secure=secure)
            keys.add(page_cache.page_key(request))
    assert len(keys) == 1
    assert page_cache.page_key(rf.get("/nl/landen/")) not in keys


DOWN_REDIS = {
    "default": {
        "BACKEND": "operations.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}


def test_an_edit_is_saved_while_the_cache_server_is_down(admin_client_nl, project, settings):
    from django.test import override_settings

    url = reverse("admin:projects_project_change", args=[project.pk])
    data = change_form_data(admin_client_nl.get(url))
    data["title_nl"] = "Bewaard zonder cache"
    with override_settings(CACHES=DOWN_REDIS):
        response = admin_client_nl.post(url, data)
    assert response.status_code == 302
    assert Project.objects.get(pk=project.pk).title_nl == "Bewaard zonder cache"


def test_a_change_made_while_the_cache_was_down_is_never_lost(client, project, monkeypatch):
    """Pages cached before the outage are not served after it (Redis kept its data): the
    change is in the database, not in the cache."""
    client.get("/nl/")  # cached: "Oorspronkelijke tekst."

    def down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    with monkeypatch.context() as outage:
        outage.setattr(cache, "set", down)
        outage.setattr(cache, "get", down)
        Project.objects.filter(pk=project.pk).update(body_nl="<p>Nieuw tijdens storing.</p>")
        page_cache.bump_content_version()
        assert b"Nieuw tijdens storing." in client.get("/nl/").content

    page_cache.local_pages.clear()  # as in a worker that started after the outage
    assert b"Nieuw tijdens storing." in client.get("/nl/").content


def test_the_open_data_file_is_served_while_the_cache_server_is_down(client, project):
    from django.test import override_settings

    with override_settings(CACHES=DOWN_REDIS):
        response = client.get("/iati/activities.xml")
    assert response.status_code == 200
    assert b"<iati-activities" in response.content


def test_pages_answer_within_two_seconds_while_redis_accepts_and_never_answers(
    client, project, settings
):
    """Packets dropped after the handshake, a frozen Redis: pages are rendered from the
    database, each call to Redis waits 0.1 s at most and then, for a few seconds, not at all."""
    from tests.operations.test_cache_backend import SilentServer

    server = SilentServer()
    try:
        settings.CACHES = {
            "default": {
                "BACKEND": "operations.cache.RedisCache",
                "LOCATION": f"redis://127.0.0.1:{server.port}/0",
                "OPTIONS": {"socket_connect_timeout": 0.1, "socket_timeout": 0.1},
            }
        }
        for url in ("/nl/", url_of(project, "nl"), "/iati/activities.xml", "/nl/"):
            started = time.monotonic()
            response = client.get(url)
            assert response.status_code == 200, url
            assert time.monotonic() - started < 2.0, url
        assert b"Oorspronkelijke tekst." in response.content
    finally:
        server.close()


def test_while_the_database_hangs_requests_get_the_503_page_at_once(
    client, project, settings, monkeypatch
):
    """A poll of the content clock has waited longer than the staleness bound: the
    database is frozen or unreachable. Nothing that needs it waits with it."""
    settings.PAGE_CACHE_POLL_IN_THREAD = True
    settings.PAGE_CACHE_STALENESS = 1.0
    monkeypatch.setattr(freshness.knowledge, "thread_pid", os.getpid())  # no thread here
    client.get("/nl/")  # the state this process knows
    monkeypatch.setattr(freshness.knowledge, "poll_started", time.monotonic() - 5)
    started = time.monotonic()
    response = client.get(url_of(project, "nl"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    saving = client.post("/admin/projects/project/add/", {})
    assert saving.status_code == 503
    assert "niet opgeslagen" in saving.content.decode()
    assert time.monotonic() - started < 1.0
    assert client.get("/healthz/live").status_code == 200


def test_while_the_database_hangs_cached_pages_are_served_if_nothing_changed_since(
    client, project, settings, monkeypatch
):
    """The shared cache holds the clock's newest number (raised by every process that
    commits or reads a change): while it equals what this process knows, pages cached
    before are still served; a change this process cannot see ends that."""
    settings.PAGE_CACHE_POLL_IN_THREAD = True
    settings.PAGE_CACHE_STALENESS = 1.0
    monkeypatch.setattr(freshness.knowledge, "thread_pid", os.getpid())  # no thread here
    cached = client.get("/nl/")
    state = freshness.knowledge.state
    announced = {"number": state.number}
    monkeypatch.setattr(freshness, "announced", lambda epoch: announced["number"])
    now = time.monotonic()
    monkeypatch.setattr(freshness.knowledge, "poll_started", now - 1.5)
    monkeypatch.setattr(freshness.time, "monotonic", lambda: now + 0.1)
    monkeypatch.setattr(freshness.knowledge, "state", replace(state, polled_at=now - 1.6))
    response = client.get("/nl/")
    assert response.status_code == 200 and response.content == cached.content
    assert client.get(url_of(project, "nl")).status_code == 503  # not cached: needs the database
    announced["number"] = state.number + 1  # another machine changed something
    freshness.knowledge.outage_check = None
    assert client.get("/nl/").status_code == 503


@pytest.mark.skipif(
    not os.environ.get("CACHE_URL", "").startswith("redis"),
    reason="runs when CACHE_URL points at a Redis server (CI does)",
)
def test_the_shared_copy_of_the_clock_is_only_ever_raised():
    freshness.announce("test-epoch", 5)
    freshness.announce("test-epoch", 3)  # a slower process with older news
    assert freshness.announced("test-epoch") == 5
    freshness.announce("test-epoch", 7)
    assert freshness.announced("test-epoch") == 7


def test_a_database_lost_while_loading_the_session_is_the_503_page(settings, monkeypatch):
    """Not only in a view: the session and the user are loaded by middleware, where a
    lost connection used to be a 500 page."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import OperationalError

    def lost(self):
        raise OperationalError("the database system is shutting down")

    monkeypatch.setattr(SessionStore, "load", lost)
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "a" * 32
    response = client.get("/admin/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
