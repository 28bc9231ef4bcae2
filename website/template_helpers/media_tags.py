"""Template helpers for what the pages show besides text: photos, the map, files, sharing."""

import json
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from urllib.parse import quote, urlencode

from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from content.renditions import renditions
from website.seo import absolute_url

# Built by tools/build_map.py (`make map`) and committed with this app.
MAP_DATA = Path(str(files("website") / "map_data.json"))
# Photos fill the text column: 42rem on a wide screen, the screen less its margins on a phone.
DEFAULT_SIZES = "(min-width: 45rem) 42rem, calc(100vw - 2.5rem)"


def picture(field_file, alt, sizes=DEFAULT_SIZES, lazy=True, css_class="", figure="", caption=""):
    """A <picture> of an image's renditions: WebP with a JPEG/PNG fallback, never the original.

    With ``figure`` (its class) the picture is wrapped in a <figure> with ``caption``.
    Nothing is rendered without alt text or when the file cannot be read, so a published
    page never shows a photo that a screen reader cannot describe, nor a lone caption.
    """
    image_set = renditions(field_file) if field_file and alt else None
    if image_set is None:
        return {"image_set": None}
    default = image_set.default
    return {
        "image_set": image_set,
        "webp_srcset": image_set.srcset("webp"),
        "fallback_srcset": image_set.srcset(image_set.fallback_format),
        "default": default,
        "alt": alt,
        "sizes": sizes,
        "lazy": lazy,
        "css_class": css_class,
        "figure": figure,
        "caption": caption,
    }


@lru_cache(maxsize=1)
def map_data():
    return json.loads(MAP_DATA.read_text())


def project_map(countries, link_to="section"):
    """The inline SVG map: every country in the window, project countries highlighted.

    ``countries`` are the published Country objects; each becomes a link, to its section
    on the overview (``link_to="section"``) or to its own page (``link_to="page"``).
    """
    data = map_data()
    by_code = {country.iso_code.code: country for country in countries}
    linked = []
    for shape in data["countries"]:
        country = by_code.get(shape["code"])
        if country is not None:
            href = f"#{country.slug}" if link_to == "section" else country.get_absolute_url()
            linked.append({"country": country, "href": href, **shape})
    linked.sort(key=lambda item: (item["country"].sort_order, item["country"].name))
    return {
        "view_box": data["viewBox"],
        "background": map_background(frozenset(by_code)),
        "linked": linked,
    }


@lru_cache(maxsize=32)
def map_background(linked_codes):
    """The <path>s of the countries without projects: the same on every page until the
    set of project countries changes, so built once per set."""
    shapes = map_data()["countries"]
    return format_html_join(
        "", '<path d="{}"/>', ((s["path"],) for s in shapes if s["code"] not in linked_codes)
    )


def file_label(field_file):
    """ "PDF, 1,2 MB": the format and localised size of an uploaded file."""
    if not field_file:
        return ""
    extension = Path(field_file.name).suffix.lstrip(".").upper()
    try:
        size = field_file.size
    except OSError:
        return extension
    return f"{extension}, {filesizeformat(size)}" if extension else filesizeformat(size)


SHARE_TARGETS = (
    ("email", "E-mail"),
    ("whatsapp", "WhatsApp"),
    ("linkedin", "LinkedIn"),
    ("facebook", "Facebook"),
    ("bluesky", "Bluesky"),
    ("x", "X"),
)


def share_urls(url, title):
    """Plain share links (no third-party scripts): {target: href}."""
    text = f"{title} {url}"
    return {
        "email": "mailto:?" + urlencode({"subject": title, "body": url}, quote_via=quote),
        "whatsapp": "https://wa.me/?" + urlencode({"text": text}, quote_via=quote),
        "linkedin": "https://www.linkedin.com/sharing/share-offsite/?"
        + urlencode({"url": url}, quote_via=quote),
        "facebook": "https://www.facebook.com/sharer/sharer.php?"
        + urlencode({"u": url}, quote_via=quote),
        "bluesky": "https://bsky.app/intent/compose?" + urlencode({"text": text}, quote_via=quote),
        "x": "https://x.com/intent/post?" + urlencode({"text": title, "url": url}, quote_via=quote),
    }


def share_links(context, title):
    request = context["request"]
    url = absolute_url(request, request.path)
    hrefs = share_urls(url, str(title))
    links = []
    for key, name in SHARE_TARGETS:
        label = gettext("E-mail") if key == "email" else name
        links.append({"key": key, "name": label, "href": hrefs[key]})
    return {"links": links, "url": url, "title": title}


def svg_icon(name, css_class="icon"):
    """A small inline icon from the site's own set (decorative: hidden from screen readers)."""
    return format_html(
        '<svg class="{}" aria-hidden="true" focusable="false" viewBox="0 0 24 24">{}</svg>',
        css_class,
        ICONS[name],
    )


# Trusted constants written here, never editor input.
ICONS = {
    "play": mark_safe('<path d="M8 5.5v13l10.5-6.5z" fill="currentColor"/>'),
    "download": mark_safe(
        '<path d="M12 4v11m0 0-4.5-4.5M12 15l4.5-4.5M5 19h14" fill="none" '
        'stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>'
    ),
}
