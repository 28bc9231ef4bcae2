"""Language helpers for the public pages: per-language slugs and the language switcher."""

from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname

SOURCE_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def slug_lookup(slug, language=None):
    """A Q that finds the object whose slug in ``language`` is ``slug``.

    An object without a slug of its own in that language is reached by its Dutch slug,
    the same one its ``get_absolute_url`` falls back to.
    """
    language = language or translation.get_language()
    source_field = build_localized_fieldname("slug", SOURCE_LANGUAGE)
    if language == SOURCE_LANGUAGE:
        return Q(**{source_field: slug})
    field = build_localized_fieldname("slug", language)
    return Q(**{field: slug}) | (
        (Q(**{f"{field}__isnull": True}) | Q(**{field: ""})) & Q(**{source_field: slug})
    )


def language_urls(url_for_language):
    """[(code, url)] for every site language, with ``url_for_language`` called in each."""
    urls = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            urls.append((code, url_for_language()))
    return urls


class TranslatedSlugMixin:
    """For DetailViews whose slug is translated (slug_nl, slug_en).

    Finds the object by the slug of the current language. An address that carries the
    slug of another language redirects to the object's real address in this language.
    """

    def get_object(self, queryset=None):
        queryset = self.get_queryset() if queryset is None else queryset
        obj = queryset.filter(slug_lookup(self.kwargs[self.slug_url_kwarg])).first()
        if obj is None:
            raise Http404("No object with this address.")
        return obj

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            slug = self.kwargs[self.slug_url_kwarg]
            any_language = Q()
            for code, _name in settings.LANGUAGES:
                any_language |= Q(**{build_localized_fieldname("slug", code): slug})
            found = self.get_queryset().filter(any_language).first()
            if found is None:
                raise
            return HttpResponsePermanentRedirect(found.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["language_urls"] = language_urls(self.object.get_absolute_url)
        return context


class NamedURLLanguagesMixin:
    """For pages without an object: each language's URL is the same named route."""

    url_name = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["language_urls"] = language_urls(lambda: reverse(self.url_name))
        return context
