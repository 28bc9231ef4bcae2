"""Signing in to the back office: failed logins are counted per account and address (one
guesser behind the office's shared address does not lock out all staff, and guessing
from many addresses is limited per account), the lock-out page is the site's own, an idle
session is signed out, an unsafe "next" leads to the back office, and gunicorn takes no
SCRIPT_NAME from a request."""

import datetime
import io
import runpy
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.models import User
from django.urls import reverse

pytestmark = pytest.mark.django_db

OFFICE = "198.51.100.7"
HOME = "203.0.113.20"
LIMIT = 5


def login(client, username, password, address, next_url="/admin/"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": next_url},
        REMOTE_ADDR=address,
    )


@pytest.fixture
def staff(db):
    User.objects.create_user("redactie", password="goed-wachtwoord-1", is_staff=True)
    User.objects.create_user("eindredactie", password="goed-wachtwoord-2", is_staff=True)


def test_a_guesser_behind_the_office_address_locks_out_no_one_else(client, staff):
    for _attempt in range(LIMIT):
        login(client, "redactie", "geraden", OFFICE)
    assert login(client, "redactie", "goed-wachtwoord-1", OFFICE).status_code == 429
    # Another member of staff at the same address, and the account from elsewhere.
    assert login(client, "eindredactie", "goed-wachtwoord-2", OFFICE).status_code == 302
    assert login(client, "redactie", "goed-wachtwoord-1", HOME).status_code == 302


def test_guessing_one_account_from_many_addresses_locks_the_account(client, staff, settings):
    for attempt in range(settings.AXES_ACCOUNT_FAILURE_LIMIT):
        login(client, "redactie", "geraden", f"10.0.{attempt // 200}.{attempt % 200 + 1}")
    assert login(client, "redactie", "goed-wachtwoord-1", HOME).status_code == 429
    assert login(client, "eindredactie", "goed-wachtwoord-2", HOME).status_code == 302


def test_guessing_many_accounts_from_one_address_locks_the_address(client, staff, settings):
    names = [f"naam{n}" for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT)]
    for index, name in enumerate(names):
        login(client, name, "geraden", OFFICE)
        if index == 9:  # ten guesses at ten accounts: the office still signs in
            assert login(client, "eindredactie", "goed-wachtwoord-2", OFFICE).status_code == 302
            client.logout()
    assert login(client, "eindredactie", "goed-wachtwoord-2", OFFICE).status_code == 429
    assert login(client, "eindredactie", "goed-wachtwoord-2", HOME).status_code == 302


def test_the_lock_out_page_carries_the_site_s_name(client, staff):
    for _attempt in range(LIMIT):
        login(client, "redactie", "geraden", OFFICE)
    response = login(client, "redactie", "goed-wachtwoord-1", OFFICE)
    html = response.content.decode()
    assert response.status_code == 429
    assert "<title>Te veel mislukte inlogpogingen | Beheer VluchtelingenWerk</title>" in html
    assert "Django" not in html
    assert "is inloggen een uur lang geblokkeerd" in html


def test_an_unsafe_next_after_login_leads_to_the_back_office(client, staff):
    response = login(client, "redactie", "goed-wachtwoord-1", HOME, "https://evil.example/")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


START = datetime.datetime(2026, 12, 5, 9, 0, tzinfo=datetime.UTC)


def test_an_idle_session_is_signed_out_after_two_hours(client, staff):
    with time_machine.travel(START, tick=False) as clock:
        assert login(client, "redactie", "goed-wachtwoord-1", HOME).status_code == 302
        assert client.get(reverse("admin:index")).status_code == 200
        # Working on: each request starts the two hours again.
        clock.shift(datetime.timedelta(hours=1, minutes=50))
        assert client.get(reverse("admin:index")).status_code == 200
        clock.shift(datetime.timedelta(hours=1, minutes=50))
        assert client.get(reverse("admin:index")).status_code == 200
        # Two hours and a minute away: signed out, asked to log in, told why.
        clock.shift(datetime.timedelta(hours=2, minutes=1))
        response = client.get(reverse("admin:index"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
        assert "_auth_user_id" not in client.session
        page = client.get(response["Location"]).content.decode().replace("\xa0", " ")
        assert "U bent afgemeld na 2 uur zonder activiteit." in page


def test_the_idle_timeout_is_configurable(client, staff, settings):
    settings.SESSION_IDLE_TIMEOUT = 10 * 60
    with time_machine.travel(START, tick=False) as clock:
        login(client, "redactie", "goed-wachtwoord-1", HOME)
        assert client.get(reverse("admin:index")).status_code == 200
        clock.shift(datetime.timedelta(minutes=11))
        assert client.get(reverse("admin:index")).status_code == 302


def test_gunicorn_takes_no_script_name_from_a_request_even_through_the_local_proxy():
    """A request through the proxy on the loopback with ``SCRIPT_NAME: /x`` was a 500
    (gunicorn trusts that header from forwarded_allow_ips by default)."""
    from gunicorn.config import Config
    from gunicorn.http import wsgi
    from gunicorn.http.parser import RequestParser

    settings = runpy.run_path(str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py"))
    config = Config()
    for name in ("forwarder_headers", "header_map"):
        config.set(name, settings[name])
    raw = b"GET /nl/ HTTP/1.1\r\nHost: example.org\r\nSCRIPT_NAME: /x\r\nPATH_INFO: /y\r\n\r\n"
    proxy = ("127.0.0.1", 40000)
    request = next(iter(RequestParser(config, io.BytesIO(raw), proxy)))
    _response, environ = wsgi.create(request, None, proxy, ("127.0.0.1", 8000), config)
    assert (environ["SCRIPT_NAME"], environ["PATH_INFO"]) == ("", "/nl/")
