"""Share links: a signed address that shows one object's draft without an account.

The address carries the link's random key, signed with the site's SECRET_KEY, so a
forged or mangled address is refused without a database look-up; the row says whether
the link still works (expiry, revocation). Opening it remembers the key in the visitor's
session, so the draft's photos can be shown to them too (``editorial.access``).
"""

from django.core import signing
from django.urls import reverse

SALT = "editorial.share-link"
SESSION_KEY = "editorial_share_keys"


def token_for(link):
    return signing.Signer(salt=SALT).sign(link.key)


def share_path(link):
    return reverse("editorial:shared_preview", args=[token_for(link)])


def link_for(token):
    """The ShareLink a token names (active or not), or None for a forged token."""
    from .models import ShareLink

    try:
        key = signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None
    return ShareLink.objects.select_related("content_type").filter(key=key).first()


def remember(request, link):
    keys = request.session.get(SESSION_KEY, [])
    if link.key not in keys:
        request.session[SESSION_KEY] = [*keys[-19:], link.key]
