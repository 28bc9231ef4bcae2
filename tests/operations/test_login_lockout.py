"""Admin login: repeated failures lock out the client, whose address cannot be forged."""

import pytest
from django.urls import reverse

from operations.security import client_ip

pytestmark = pytest.mark.django_db

LIMIT = 5


def login(client, password, **meta):
    return client.post(
        reverse("admin:login"),
        {"username": "boss", "password": password, "next": "/admin/"},
        **meta,
    )


def fail_until_locked(client, **meta):
    for _attempt in range(LIMIT):
        login(client, "wrong", **meta)


def test_the_right_password_logs_in(client, superuser):
    assert login(client, "pw", REMOTE_ADDR="198.51.100.7").status_code == 302


def test_repeated_failures_lock_the_client_out_even_with_the_right_password(client, superuser):
    fail_until_locked(client, REMOTE_ADDR="198.51.100.7")

    response = login(client, "pw", REMOTE_ADDR="198.51.100.7")

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_lockout_is_per_client(client, superuser):
    fail_until_locked(client, REMOTE_ADDR="198.51.100.7")

    assert login(client, "pw", REMOTE_ADDR="198.51.100.8").status_code == 302


def test_without_a_proxy_a_forged_forwarded_for_header_does_not_escape_the_lockout(
    client, superuser, settings
):
    settings.TRUSTED_PROXY_COUNT = 0
    for attempt in range(LIMIT):
        login(client, "wrong", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}")

    response = login(client, "pw", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="10.9.9.9")

    assert response.status_code == 429


def test_behind_one_proxy_clients_are_told_apart_by_the_address_the_proxy_saw(
    client, superuser, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    # The attacker varies the part of the header it controls; the proxy appends the truth.
    for attempt in range(LIMIT):
        login(client, "wrong", **proxy, HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}, 203.0.113.9")

    locked = login(client, "pw", **proxy, HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.9")
    other = login(client, "pw", **proxy, HTTP_X_FORWARDED_FOR="203.0.113.10")

    assert locked.status_code == 429
    assert other.status_code == 302


def test_client_ip_ignores_the_header_without_a_trusted_proxy(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = rf.get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "198.51.100.7"


def test_client_ip_takes_the_entry_the_trusted_proxy_appended(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert client_ip(request) == "203.0.113.9"


def test_client_ip_refuses_garbage_in_the_header(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="not-an-ip")
    assert client_ip(request) == "127.0.0.1"


def test_the_lockout_page_says_what_happened(client, superuser):
    fail_until_locked(client, REMOTE_ADDR="198.51.100.7")
    response = login(client, "pw", REMOTE_ADDR="198.51.100.7")
    assert "Te veel mislukte" in response.content.decode() or "Too many failed" in (
        response.content.decode()
    )
