"""Security pieces shared by the whole site: response headers, the client's address,
the admin-login lock-out (its backend, what it counts and its page), signing out idle
sessions, and a safe way to serve uploaded media."""

import ipaddress
import mimetypes
import posixpath
import time
from datetime import timedelta
from urllib.parse import unquote_plus

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import logout
from django.core.exceptions import SuspiciousFileOperation
from django.db.models import Sum
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.views.static import serve

# Uploaded files are shown inline only when they are one of these types; anything else
# (there should be nothing else) is offered as a download.
INLINE_MEDIA_TYPES = {"image/jpeg", "image/png", "image/webp"}


def media_headers(response, path):
    """Headers for an uploaded file: never sniffed, PDFs as attachments.

    Used by ``serve_media`` and ``SecurityHeadersMiddleware``; the reverse proxy must
    send the same headers when it serves MEDIA_ROOT itself (see docs/operations.md).
    """
    response["X-Content-Type-Options"] = "nosniff"
    # An uploaded file is never a page: no scripts, no plugins, no framing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox; frame-ancestors 'none'"
    content_type = mimetypes.guess_type(path)[0]
    if content_type not in INLINE_MEDIA_TYPES:
        filename = posixpath.basename(path)
        # Printable ASCII only: a control character (a path with %0d%0a) cannot reach a header.
        ascii_name = "".join(c for c in filename if " " <= c <= "~" and c != '"') or "download"
        response["Content-Disposition"] = f'attachment; filename="{ascii_name}"'
        if content_type != "application/pdf":
            response["Content-Type"] = "application/octet-stream"
    return response


def serve_media(request, path):
    """Serve a file from MEDIA_ROOT with the headers of ``media_headers``.

    For ``make run`` and small deployments without a separate file server; a reverse
    proxy in front (nginx) should serve /media/ itself with the same headers.
    """
    if "\x00" in path:
        raise Http404("No such file.")
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except SuspiciousFileOperation as error:
        raise Http404("No such file.") from error
    return media_headers(response, path)


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response, and media headers on files under MEDIA_URL.

    Django's SecurityMiddleware sends HSTS, X-Content-Type-Options, Referrer-Policy and
    Cross-Origin-Opener-Policy; django-csp sends the Content-Security-Policy.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.media_prefix = "/" + settings.MEDIA_URL.lstrip("/")

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if request.path.startswith(self.media_prefix):
            media_headers(response, request.path[len(self.media_prefix) :])
        return response


MAX_QUERY_STRING_LENGTH = 8192


# Methods no page of this site answers: a view written for GET would answer TRACE as a GET.
REFUSED_METHODS = frozenset({"TRACE", "TRACK", "CONNECT"})


class RejectMalformedRequestsMiddleware:
    """400 for a NUL byte in the path or query string, 414 for an absurd query string, 405
    for TRACE (and TRACK, CONNECT).

    Nothing legitimate carries them, and a NUL byte reaching PostgreSQL (a search in the
    admin, a lookup) would end in an error page instead of a plain refusal.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in REFUSED_METHODS:
            response = HttpResponse("Method not allowed.", status=405, content_type="text/plain")
            response["Allow"] = "GET, HEAD, POST"
            return response
        query = request.META.get("QUERY_STRING", "")
        if len(query) > MAX_QUERY_STRING_LENGTH:
            return HttpResponse("Request-URI too long.", status=414, content_type="text/plain")
        if "\x00" in request.path or "\x00" in unquote_plus(query) or "%00" in query:
            return HttpResponseBadRequest("Bad request.", content_type="text/plain")
        return self.get_response(request)


def client_ip(request):
    """The address of the client, for the admin-login lock-out.

    With ``TRUSTED_PROXY_COUNT = n`` the n-th address from the right of X-Forwarded-For
    is the one our own proxy saw; anything left of it was sent by the client and may be
    forged. Without a trusted proxy (n = 0) the header is ignored entirely.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            candidate = forwarded[-count]
            if _is_ip(candidate):
                return candidate
    return remote if _is_ip(remote) else "0.0.0.0"


def login_username(request, credentials=None):
    """The username django-axes records for a failed login, cut to what its table holds.

    Django's login form does not limit the username's length before authenticating, and
    an over-long one would make the failed-login record fail on PostgreSQL.
    """
    source = credentials if credentials else request.POST
    return str(source.get("username") or "")[:150]


def _is_ip(value):
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lock-out for logins through a request (the admin login form).

    Logins without a request (the test client's ``login()``, a shell) are not locked out:
    there is no client to lock out. The next backend checks the password as usual.
    """

    def authenticate(self, request=None, *args, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def lockout_parameters(request_or_attempt, credentials=None):
    """What django-axes counts failed logins by (``AXES_LOCKOUT_PARAMETERS``).

    An account from one address: ``AXES_FAILURE_LIMIT`` failures lock that account there
    only, so one guesser behind the office's shared address does not lock out all staff.
    An account from every address together: ``AXES_ACCOUNT_FAILURE_LIMIT`` failures (a
    guesser using many addresses) lock the account everywhere. One address for every
    account together: ``AXES_ADDRESS_FAILURE_LIMIT`` failures (a guesser trying many
    accounts) lock the address. Each lasts ``AXES_COOLOFF_TIME`` after the last failure.
    """
    parameters = [["username", "ip_address"]]
    if isinstance(request_or_attempt, AccessAttempt):  # axes resetting or cleaning up
        return parameters
    username = login_username(request_or_attempt, credentials)
    address = getattr(request_or_attempt, "axes_ip_address", None) or client_ip(request_or_attempt)
    if username and _recent_failures(username=username) >= settings.AXES_ACCOUNT_FAILURE_LIMIT:
        parameters.append("username")
    if _recent_failures(ip_address=address) >= settings.AXES_ADDRESS_FAILURE_LIMIT:
        parameters.append("ip_address")
    return parameters


def _recent_failures(**client):
    since = timezone.now() - get_cool_off()
    recent = AccessAttempt.objects.filter(attempt_time__gte=since, **client)
    return recent.aggregate(failures=Sum("failures_since_start"))["failures"] or 0


def lockout_response(request, original_response=None, credentials=None):
    """The lock-out page (``AXES_LOCKOUT_CALLABLE``): the back office's own page, with the
    site's name, in the admin's language, status 429."""
    context = {
        **admin.site.each_context(request),
        "title": _("Too many failed login attempts"),
    }
    return render(request, "admin/locked_out.html", context, status=429)


# The moment of a session's last request, and how often it is written (not on every
# request: a write per page would be a query per page).
LAST_SEEN_KEY = "last_seen"
LAST_SEEN_INTERVAL = 5 * 60


class IdleSessionMiddleware:
    """Signs out whoever made no request for ``SESSION_IDLE_TIMEOUT`` seconds (two hours
    unless configured): a back-office session left open on a shared computer ends. The
    next page of the back office asks to log in again, then returns to where they were.
    Needs ``request.user`` and messages: after MessageMiddleware. A session is marked at
    login (``seen_at_login``) and then at most every ``LAST_SEEN_INTERVAL`` seconds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Without a session cookie there is no one to sign out: the session is not even
        # read (which would add "Vary: Cookie" to every public page).
        signed_in = settings.SESSION_COOKIE_NAME in request.COOKIES and (
            request.user.is_authenticated
        )
        if signed_in:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and now - last_seen > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                messages.info(
                    request,
                    _("You were signed out after %(time)s without activity.")
                    % {"time": idle_time_text()},
                )
            elif last_seen is None or now - last_seen >= LAST_SEEN_INTERVAL:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


def seen_at_login(sender, request, user, **kwargs):
    """A new session starts its idle time at login (saved with the login itself, so the
    first page after it writes nothing)."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN_KEY] = int(time.time())


def idle_time_text():
    """The idle timeout in words, in the active language ("2 uur", "1 hour, 30 minutes")."""
    now = timezone.now()
    return timesince(now - timedelta(seconds=settings.SESSION_IDLE_TIMEOUT), now)
