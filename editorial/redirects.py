"""Old addresses keep working: when a slug changes, in either language, the old address
answers with a 301 to the new one (``django.contrib.redirects``).

Models with a translated ``slug`` and a page (``get_absolute_url``) among the declared
content (countries, projects, partners) are watched. Before a save their address in each
language is read from the database; after it, every language whose address changed gets
a redirect from the old address, earlier redirects to the old address are pointed at the
new one (chains collapse: A→B→C answers A→C), and a redirect *from* the address the object
now has is removed (the address is taken again: the page wins).

``django.contrib.redirects`` fits: one row per old path, an admin where editors see and
delete redirects, and a middleware that consults the table only for requests that would
otherwise be a 404, so a page at that address always wins.
"""

from django.conf import settings
from django.contrib.redirects.middleware import RedirectFallbackMiddleware
from django.contrib.redirects.models import Redirect
from django.contrib.sites.shortcuts import get_current_site
from django.db.models.signals import post_save, pre_save
from django.utils import translation

from content.registry import content_models

OLD_URLS = "_editorial_old_urls"


def watched_models():
    return [
        model
        for model in content_models()
        if hasattr(model, "get_absolute_url")
        and any(field.name == "slug" for field in model._meta.fields)
    ]


def urls_of(obj):
    """{language: the object's address in it}."""
    urls = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            urls[code] = obj.get_absolute_url()
    return urls


def remember_old_urls(sender, instance, raw=False, **kwargs):
    old = None
    if not raw and instance.pk is not None:
        old = sender._base_manager.filter(pk=instance.pk).first()
    setattr(instance, OLD_URLS, urls_of(old) if old is not None else {})


def redirect_old_urls(sender, instance, raw=False, **kwargs):
    if raw:
        return
    old_urls = getattr(instance, OLD_URLS, {})
    new_urls = urls_of(instance)
    site_id = settings.SITE_ID
    for new in set(new_urls.values()):
        Redirect.objects.filter(site_id=site_id, old_path=new).delete()
    for code, new in new_urls.items():
        old = old_urls.get(code)
        if not old or old == new or old in new_urls.values():
            continue
        Redirect.objects.filter(site_id=site_id, new_path=old).update(new_path=new)
        Redirect.objects.update_or_create(site_id=site_id, old_path=old, defaults={"new_path": new})


def connect():
    for model in watched_models():
        uid = f"editorial-redirects:{model._meta.label}"
        pre_save.connect(remember_old_urls, sender=model, dispatch_uid=uid)
        post_save.connect(redirect_old_urls, sender=model, dispatch_uid=uid)


class PageRedirectMiddleware(RedirectFallbackMiddleware):
    """``RedirectFallbackMiddleware`` for the pages only: a 404 under a language prefix
    (``/nl/``, ``/en/``) is looked up in the redirects; one for media, static files or
    the back office never costs a query."""

    prefixes = tuple(f"/{code}/" for code, _name in settings.LANGUAGES)

    def process_response(self, request, response):
        if response.status_code != 404 or not request.path_info.startswith(self.prefixes):
            return response
        redirected = super().process_response(request, response)
        query = request.META.get("QUERY_STRING", "")
        if redirected is not response or not query:
            return redirected
        # Django looks up the path with its query string: a newsletter's or a social
        # network's link to an old address (?utm_source=…, ?fbclid=…) would be a 404. The
        # address's redirect applies, and the query goes along to the new address.
        found = Redirect.objects.filter(
            site=get_current_site(request), old_path=request.path
        ).first()
        if found is None:
            return response
        if not found.new_path:
            return self.response_gone_class()
        separator = "&" if "?" in found.new_path else "?"
        return self.response_redirect_class(f"{found.new_path}{separator}{query}")
