"""What search engines and link previews read: titles, descriptions, canonical URLs,
hreflang alternates, share images and schema.org data.

The one rule for "this page really exists in English" lives here (``has_content_in``, from
the ``main_text_fields`` each content model declares); the page heads, the sitemap and
the hreflang alternates all ask it.
"""

import html
import json
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import sitemaps
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils import translation
from django.utils.html import strip_tags
from modeltranslation.utils import build_localized_fieldname

from content.registry import options_for
from content.renditions import cropped
from content.renditions import renditions as rendition_set
from content.richtext import is_partial_translation
from website.i18n import language_urls

SOURCE_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
SITE_NAME = "VluchtelingenWerk Nederland"

# Open Graph wants a territory with the language.
OG_LOCALES = {"nl": "nl_NL", "en": "en_GB"}

DESCRIPTION_LENGTH = 160


def _has_text(value):
    return bool(strip_tags(value or "").strip())


def has_content_in(obj, language):
    """True when ``obj``'s page has its own text in ``language`` (not the Dutch fallback).

    The page's own text is in the ``main_text_fields`` of its model's content declaration:
    each of them that has Dutch text must have text in ``language`` too, and rich text all
    of it (a text translated in part is shown in Dutch, so the page is the Dutch one's
    copy: canonical to it, no alternate, not in the sitemap). Dutch, the source, always
    counts. (Names of organisations are left out of those fields on purpose: they
    are rarely translated.)
    """
    if language == SOURCE_LANGUAGE:
        return True
    for name in options_for(type(obj)).main_text_fields:
        source = getattr(obj, build_localized_fieldname(name, SOURCE_LANGUAGE))
        own = getattr(obj, build_localized_fieldname(name, language))
        if _has_text(source) and not _has_text(own):
            return False
        if is_partial_translation(source, own):
            return False  # shown in Dutch as a whole until every paragraph has English
    return True


def content_languages(obj):
    """The site languages in which ``obj``'s page has its own text, in settings order."""
    return [code for code, _name in settings.LANGUAGES if has_content_in(obj, code)]


def excerpt(text, limit=DESCRIPTION_LENGTH):
    """Plain text from (rich) text, cut at a word boundary to at most ``limit`` characters."""
    plain = " ".join(html.unescape(strip_tags(text or "")).split())
    if len(plain) <= limit:
        return plain
    cut = plain[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return cut + "…"


def site_origin(request=None):
    """``https://host`` from the SITE_URL setting, the only source of the site's address.

    Never the request's Host header: a client chooses that (``Host: 127.0.0.1:9999``), and
    it would end up in canonical URLs, the sitemap and cached pages. ``request`` is not
    read; the helpers below take it so their callers need not know that.
    """
    parts = urlsplit(settings.SITE_URL)
    return f"{parts.scheme}://{parts.netloc}"


def absolute_url(request, url):
    """An absolute URL (on SITE_URL) for a site path, or ``url`` when it is absolute."""
    if urlsplit(url).scheme:
        return url
    return site_origin() + url


def organisation_id(request):
    return absolute_url(request, "/#organisation")


def organisation_data(request):
    """schema.org data for VluchtelingenWerk Nederland, referenced by ``@id`` elsewhere."""
    return {
        "@type": "NGO",
        "@id": organisation_id(request),
        "name": SITE_NAME,
        "alternateName": "Dutch Council for Refugees",
        "url": "https://www.vluchtelingenwerk.nl/",
        "areaServed": "NL",
    }


def item_list_data(items):
    """A schema.org ItemList of ``items`` (dicts), in order."""
    return {
        "@type": "ItemList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "item": item}
            for position, item in enumerate(items, start=1)
        ],
    }


def breadcrumb_data(request, page_name, page_url):
    """All projects › this page, as the breadcrumb on the page shows it."""
    from django.urls import reverse

    trail = [(translation.gettext("All projects"), reverse("projects:overview"))]
    trail.append((page_name, page_url))
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(
                ((name, absolute_url(request, url)) for name, url in trail), start=1
            )
        ],
    }


def web_page_data(request, page_meta, page_type="WebPage", **extra):
    """The schema.org WebPage (or subtype) for a page, published by the organisation."""
    return {
        "@type": page_type,
        "@id": page_meta.canonical_url,
        "url": page_meta.canonical_url,
        "name": page_meta.title,
        "description": page_meta.description,
        "publisher": {"@id": organisation_id(request)},
        **extra,
    }


@dataclass
class ShareImage:
    url: str
    width: int | None = None
    height: int | None = None
    alt: str = ""
    # A library photo's maker and licence (a Creative Commons deed), for structured data.
    credit: str = ""
    licence_url: str = ""

    def structured_data(self):
        """A schema.org ImageObject with the photo's credit and licence."""
        data = {"@type": "ImageObject", "contentUrl": self.url, "url": self.url}
        if self.width and self.height:
            data["width"], data["height"] = self.width, self.height
        if self.credit:
            data["creditText"] = self.credit
            data["creator"] = {"@type": "Person", "name": self.credit}
        if self.licence_url:
            data["license"] = self.licence_url
        elif self.credit:
            data["copyrightNotice"] = f"© {self.credit}"
        return data


# The size share previews are made at (Facebook's, LinkedIn's and X's large card).
SHARE_SIZE = (1200, 630)


def share_image_for(request, image_field, alt):
    """A ShareImage for an uploaded photo: its widest JPEG/PNG rendition (never the
    original upload, which may be huge or carry metadata), or None without a photo."""
    renditions = rendition_set(image_field) if image_field else None
    if renditions is None:
        return None
    widest = renditions.fallback[-1]
    return ShareImage(absolute_url(request, widest.url), widest.width, widest.height, alt)


def library_share_image(request, photo, alt):
    """A ShareImage for a library photo (``photos.models.Photo``): a crop of the share
    preview's size around its focal point, with its credit and licence."""
    crop = cropped(photo.file, *SHARE_SIZE, focus=(photo.focal_x, photo.focal_y))
    if crop is None:
        return None
    return ShareImage(
        absolute_url(request, crop.url),
        crop.width,
        crop.height,
        alt,
        credit=photo.credit,
        licence_url=photo.licence_url,
    )


def default_share_image(request):
    return ShareImage(
        absolute_url(request, static("img/share.png")),
        1200,
        630,
        translation.gettext("VluchtelingenWerk Nederland: our projects outside the Netherlands"),
    )


@dataclass
class PageMeta:
    """Everything the page head says about a page; built by the view, shown by
    ``includes/seo_head.html``."""

    title: str
    description: str
    canonical_url: str
    language: str
    alternates: list = field(default_factory=list)  # [(hreflang, absolute URL)]
    image: ShareImage | None = None
    og_type: str = "website"
    structured_data: list = field(default_factory=list)

    @property
    def og_locale(self):
        return OG_LOCALES.get(self.language, self.language)

    @property
    def og_locale_alternates(self):
        return [
            OG_LOCALES.get(code, code)
            for code, _url in self.alternates
            if code not in ("x-default", self.language)
        ]

    @property
    def json_ld(self):
        """The structured data as one schema.org graph, or None when there is none."""
        if not self.structured_data:
            return None
        return {"@context": "https://schema.org", "@graph": self.structured_data}


def build_page_meta(
    request,
    obj,
    url_for_language,
    *,
    title,
    description,
    image=None,
    og_type="website",
    structured_data=(),
):
    """PageMeta for a page about ``obj`` (whose text decides the languages it exists in).

    The canonical URL is the page in the current language when it has its own text there,
    otherwise the Dutch page it falls back to. Alternates list only the languages with
    their own text, plus x-default (the Dutch page, the source).
    """
    language = translation.get_language()
    languages = content_languages(obj)
    urls = dict(language_urls(url_for_language))
    alternates = [(code, absolute_url(request, urls[code])) for code in languages]
    alternates.append(("x-default", absolute_url(request, urls[SOURCE_LANGUAGE])))
    canonical_language = language if language in languages else SOURCE_LANGUAGE
    return PageMeta(
        title=title,
        description=description,
        canonical_url=absolute_url(request, urls[canonical_language]),
        language=language,
        alternates=alternates,
        image=image or default_share_image(request),
        og_type=og_type,
        structured_data=[organisation_data(request), *structured_data],
    )


class PageMetaMixin:
    """Adds ``page_meta`` (see ``get_page_meta``) to the template context."""

    def get_page_meta(self):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_meta"] = self.get_page_meta()
        return context


_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld_dumps(data):
    """JSON for a <script type="application/ld+json">, safe against "</script>" in content."""
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
        _JSON_SCRIPT_ESCAPES
    )


class TranslatedSitemap(sitemaps.Sitemap):
    """One <url> per language in which an item has its own text, with hreflang alternates
    for those languages and x-default for the Dutch page. On SITE_URL, never the request's
    host."""

    i18n = True
    alternates = True

    def get_languages_for_item(self, item):
        return content_languages(item)

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url_info in urls:
            source = [a for a in url_info["alternates"] if a["lang_code"] == SOURCE_LANGUAGE]
            url_info["alternates"].extend(
                {"location": a["location"], "lang_code": "x-default"} for a in source
            )
        return urls
