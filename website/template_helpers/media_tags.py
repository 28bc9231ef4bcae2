"""Template helpers for what the pages show besides text: photos, the map, files, sharing."""

import json
import math
import re
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from urllib.parse import quote, urlencode

from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from content.renditions import renditions
from website.page_cache import note_unreadable_file
from website.seo import absolute_url

# Built by tools/build_map.py (`make map`) and committed with this app.
MAP_DATA = Path(str(files("website") / "map_data.json"))
# Photos fill the text column: 42rem on a wide screen, the screen less its margins on a phone.
DEFAULT_SIZES = "(min-width: 45rem) 42rem, calc(100vw - 2.5rem)"


def picture(
    field_file,
    alt,
    sizes=DEFAULT_SIZES,
    lazy=True,
    css_class="",
    figure="",
    caption="",
    credit=None,
):
    """A <picture> of an image's renditions: WebP with a JPEG/PNG fallback, never the original.

    With ``figure`` (its class) the picture is wrapped in a <figure> with ``caption``;
    ``credit`` (``photo_credit``) is shown under it, in the caption when there is a figure.
    Nothing is rendered without alt text or when the file cannot be read, so a published
    page never shows a photo that a screen reader cannot describe, nor a lone caption.
    """
    image_set = renditions(field_file) if field_file and alt else None
    if image_set is None:
        if field_file and alt:
            # Uploaded but unreadable here (a machine without the file): this page is not
            # what others see, so it is not shared (website.page_cache).
            note_unreadable_file(field_file.name)
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
        "credit": credit,
    }


def item_photo(item, caption="", **options):
    """``picture`` of an item's library photo (an item with ``public_photo()`` and
    ``photo_description``, see ``photos.models.PhotoUse``) with its credit, or nothing
    when it has none the public may see now (none chosen, consent ended or missing)."""
    photo = item.public_photo()
    if photo is None:
        return {"image_set": None}
    return picture(
        photo.file, item.photo_description, caption=caption, credit=photo_credit(photo), **options
    )


def photo_credit(photo):
    """{"name", "licence", "url"} of a library photo's credit line, or None when it has
    neither a maker nor an open licence to name."""
    url = photo.licence_url
    if not photo.credit and not url:
        return None
    licence = str(photo.get_licence_display()).split(" (")[0] if url else ""
    return {"name": photo.credit, "licence": licence, "url": url}


@lru_cache(maxsize=1)
def map_data():
    return json.loads(MAP_DATA.read_text())


@lru_cache(maxsize=1)
def map_shapes():
    """({code: shape in the window}, {code: shape in the world}) from the map data."""
    data = map_data()
    window = {shape["code"]: shape for shape in data["countries"] if shape["code"]}
    world = {shape["code"]: shape for shape in data["world"] if shape["code"]}
    return window, world


def to_window(lon, lat):
    """A point in degrees as (x, y) in the map's window: the projection tools/build_map.py
    drew the outlines with (``frame`` in the map data)."""
    frame = map_data()["frame"]
    centre_lon, centre_lat = frame["centre"]
    lam, phi, phi0 = math.radians(lon - centre_lon), math.radians(lat), math.radians(centre_lat)
    cos_c = math.sin(phi0) * math.sin(phi) + math.cos(phi0) * math.cos(phi) * math.cos(lam)
    k = math.sqrt(2 / max(1 + cos_c, 1e-12))
    x = k * math.cos(phi) * math.sin(lam)
    y = k * (math.cos(phi0) * math.sin(phi) - math.sin(phi0) * math.cos(phi) * math.cos(lam))
    return (
        (x - frame["x0"]) * frame["scale"] + frame["pad"],
        (frame["y1"] - y) * frame["scale"] + frame["pad"],
    )


# Regions worked in as a whole (an IATI region without country codes, ``Country.is_area``)
# that lie in the map's window: (longitude, latitude) of the middle of the area and its
# radius in the window's units. The map outlines such a region as one area with its name
# and never paints the countries it spans; one elsewhere in the world is only listed.
AREAS = {
    "88": (19.0, 43.5, 80),  # States Ex-Yugoslavia
    "89": (15.0, 47.5, 220),  # Europe
    "189": (12.0, 29.0, 220),  # North of Sahara
    "289": (22.0, 6.0, 260),  # South of Sahara
    "298": (20.0, 12.0, 320),  # Africa
    "589": (43.0, 29.0, 170),  # Middle East
    "1027": (37.0, 2.0, 170),  # Eastern Africa
    "1028": (18.0, 2.0, 160),  # Middle Africa
}


def area_outline(country):
    """The circle (and its label's place) that stands for a region worked in as a whole,
    or None when the map does not show its part of the world."""
    if country.iati_region not in AREAS:
        return None
    lon, lat, radius = AREAS[country.iati_region]
    x, y = to_window(lon, lat)
    return {"cx": round(x), "cy": round(y), "r": radius, "label_y": round(y) - 18}


def project_map(countries, link_to="section", about=None, more_places=0):
    """The inline SVG map: every country in the window, the places with projects linked.

    ``countries`` are the published places (``projects.Country``: a country, or a
    territory or region of several codes); each becomes one link, to its section on the
    overview (``link_to="section"``) or to its own page (``link_to="page"``), that draws
    every one of its codes. Codes outside the window (the Caribbean) are drawn in an inset
    in the corner. The text list under the map names every place, in the editors' order.
    With ``about`` (a place) the map is that place's: its caption says where it lies, and
    a place wholly outside the window is drawn on its own, as large as the map. With
    ``more_places`` (the overview of a large organisation shows only its busiest places)
    the caption says the map shows the places below, not all.
    """
    window, world = map_shapes()
    items = []
    for country in countries:
        codes = [part.code for part in country.codes]
        href = f"#{country.slug}" if link_to == "section" else country.get_absolute_url()
        items.append(
            {
                "country": country,
                "href": href,
                "paths": [window[code]["path"] for code in codes if code in window],
                "centres": [window[code]["centre"] for code in codes if code in window],
                "outside": [world[code] for code in codes if code not in window and code in world],
                "parts": [],
                "markers": [],
                "hit_area": None,
                "area": area_outline(country) if country.is_area else None,
            }
        )
    linked_codes = frozenset(code for country in countries for code in country.code_list)
    view_box, background = map_data()["viewBox"], map_background(linked_codes)
    in_window = any(item["paths"] or item["area"] for item in items)
    if about is not None and not in_window and any(item["outside"] for item in items):
        # Nothing of the place in the window over Europe and Africa: its own map instead.
        insets = place_insets(items, world, 0, size=ZOOMED)
        frame = insets[0]["frame"]
        view_box = " ".join(str(frame[key]) for key in ("x", "y", "width", "height"))
        background = ""
    else:
        insets = place_insets(items, world, map_height(view_box))
    drawn = [item for item in items if item["paths"] or item["parts"] or item["area"]]
    # Areas and places of many codes first, so a country inside them stays clickable on top.
    drawn.sort(key=lambda item: (item["area"] is None, -len(item["country"].code_list)))
    return {
        "view_box": view_box,
        "background": background,
        "insets": insets,
        "linked": drawn,
        "listed": items,
        "about": about,
        # A place page of a region outside the window worked in as a whole has nothing to draw.
        "drawn": about is None or bool(drawn or insets),
        "more_places": more_places,
    }


def map_height(view_box):
    return int(view_box.split()[3])


# Insets, in the window's units: at most this wide and high, this far from the edge, with
# room for a label above; a place's own map (ZOOMED) fills the map and needs no label.
INSET = {"width": 440, "height": 380, "margin": 14, "label": 50}
ZOOMED = {"width": 1000, "height": 900, "margin": 0, "label": 0}
# Around the shapes of an inset, and at least this much of the world (hundredths of a
# degree), so a single small island is shown with its surroundings.
INSET_PADDING, INSET_MIN_SPAN, INSET_MERGE_SPAN = 0.12, 180, 4000


def _union(a, b):
    return [min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])]


def place_insets(items, world, height, size=INSET):
    """Group the codes that lie outside the window into insets (nearby places share one)
    and lay them out along the left edge from the bottom up; fills each item's ``parts``
    (nested drawings) and ``markers`` (a dot on each island, in the window's units)."""
    groups = []
    for item in items:
        if not item["outside"]:
            continue
        bbox = item["outside"][0]["bbox"]
        for shape in item["outside"][1:]:
            bbox = _union(bbox, shape["bbox"])
        for group in groups:
            merged = _union(group["bbox"], bbox)
            if max(merged[2] - merged[0], merged[3] - merged[1]) <= INSET_MERGE_SPAN:
                group["bbox"], group["items"] = merged, [*group["items"], item]
                break
        else:
            groups.append({"bbox": bbox, "items": [item]})

    width_limit, height_limit = size["width"], size["height"]
    margin, label = size["margin"], size["label"]
    insets = []
    bottom = (height or height_limit) - margin
    for group in groups:
        west, north, east, south = group["bbox"]
        span_x = max(east - west, INSET_MIN_SPAN) * (1 + 2 * INSET_PADDING)
        span_y = max(south - north, INSET_MIN_SPAN) * (1 + 2 * INSET_PADDING)
        centre_x, centre_y = (west + east) / 2, (north + south) / 2
        # Plain longitude/latitude, with longitude shrunk as on the globe at this latitude.
        squeeze = max(math.cos(math.radians(-centre_y / 100)), 0.2)
        scale = min(width_limit / (span_x * squeeze), (height_limit - label) / span_y)
        width, map_height_ = span_x * squeeze * scale, span_y * scale
        box = [centre_x - span_x / 2, centre_y - span_y / 2, span_x, span_y]
        x, y = margin, bottom - map_height_ - label
        bottom = y - margin
        frame = {"x": x, "y": y, "width": width, "height": map_height_ + label}
        # The shapes are in plain degrees: drawn narrowed by ``squeeze`` (a transform), so
        # the viewBox has the inset's own aspect ratio and nothing is stretched to fit.
        nested = {
            "x": round(x, 1),
            "y": round(y + label, 1),
            "width": round(width, 1),
            "height": round(map_height_, 1),
            "view_box": " ".join(
                str(round(value, 1))
                for value in (box[0] * squeeze, box[1], box[2] * squeeze, box[3])
            ),
            "squeeze": round(squeeze, 4),
        }
        inside = {shape["code"] for item in group["items"] for shape in item["outside"]}
        if len(group["items"]) == 1:
            # The inset of one place is, as a whole, the link to it.
            group["items"][0]["hit_area"] = {key: round(value, 1) for key, value in frame.items()}
        for item in group["items"]:
            item["parts"].append(
                {
                    **nested,
                    "path": "".join(unwrapped(s["path"]) for s in item["outside"]),
                }
            )
            item["markers"] += [
                (
                    round(x + (cx - box[0]) / box[2] * width, 1),
                    round(y + label + (cy - box[1]) / box[3] * map_height_, 1),
                )
                for shape in item["outside"]
                for cx, cy in shape["islands"]
            ]
        insets.append(
            {
                "frame": {key: round(value, 1) for key, value in frame.items()},
                "labelled": bool(label),
                "label_x": round(x + 10, 1),
                "label_y": round(y + label - 16, 1),
                "names": [item["country"] for item in group["items"]],
                "nested": nested,
                "land": inset_land(tuple(round(v) for v in box), frozenset(inside), world),
            }
        )
    return insets


# A ring that crosses the 180th meridian (Russia's, Fiji's) jumps from one side of the
# world to the other and would cross an inset as a grey stripe: a step longer than half
# the world (hundredths of a degree) is taken the short way round instead.
HALF_WORLD, WHOLE_WORLD = 18000, 36000
RING = re.compile(r"M[^M]*")


@lru_cache(maxsize=512)
def unwrapped(path):
    """A world path ("M x y l dx dy … z" per ring) whose rings continue past the 180th
    meridian instead of jumping back across the world."""
    rings = []
    for ring in RING.findall(path):
        numbers = [int(n) for n in re.findall(r"-?\d+", ring)]
        steps = numbers[2:]
        if all(abs(dx) <= HALF_WORLD for dx in steps[::2]):
            rings.append(ring)
            continue
        for index in range(0, len(steps), 2):
            if abs(steps[index]) > HALF_WORLD:
                steps[index] -= WHOLE_WORLD if steps[index] > 0 else -WHOLE_WORLD
        rings.append(f"M{numbers[0]} {numbers[1]}l{' '.join(map(str, steps))}z")
    return "".join(rings)


def inset_land(box, linked_codes, world):
    """The paths of the other land in an inset's part of the world."""
    west, north, span_x, span_y = box
    east, south = west + span_x, north + span_y
    return format_html_join(
        "",
        '<path d="{}"/>',
        (
            (unwrapped(shape["path"]),)
            for shape in world.values()
            if shape["code"] not in linked_codes
            and shape["bbox"][0] <= east
            and shape["bbox"][2] >= west
            and shape["bbox"][1] <= south
            and shape["bbox"][3] >= north
        ),
    )


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
        note_unreadable_file(field_file.name)
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
