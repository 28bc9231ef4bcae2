"""Build website/map_data.json, the country outlines of the site's inline SVG map.

Input: ``countries-50m.json`` from the npm package ``world-atlas`` (Natural Earth 1:50m,
public domain; TopoJSON with ISO 3166 numeric ids). Output:

- ``countries``: for every country in the map's window (Europe, the Middle East and East
  Africa) its code, its English name and an SVG path in a fixed viewBox, projected,
  clipped and simplified;
- ``world``: every code in the world as a path in plain longitude/latitude (hundredths
  of a degree, north up), with its bounding box and the centres of its islands, so a
  place outside the window (the Caribbean part of the Kingdom) gets an inset map.

World-atlas gives Kosovo no numeric id (it is the feature named "Kosovo": ``XK``), and
draws some ISO codes as parts of another country: Bonaire, Sint Eustatius and Saba
(``BQ``) inside the Netherlands, the French overseas departments inside France,
Svalbard inside Norway. Those parts are split off by their location (``PARTS``), so every
code IATI knows that Natural Earth draws has a shape of its own.

    make map            # fetches world-atlas with `npm pack` and runs this script
    python tools/build_map.py path/to/countries-50m.json [website/map_data.json]

Only the standard library is needed, plus django-countries' numeric-code table (installed
with the project) to turn numeric ids into alpha-2 codes. Run it again only when the map's
window or the source changes; the site reads the committed JSON.
"""

import json
import math
import sys
from pathlib import Path

# Lambert azimuthal equal-area, centred on the map's window: areas stay true, and
# Europe, Turkey and Kenya keep recognisable shapes in one frame.
CENTRE_LON, CENTRE_LAT = 24.0, 26.0
# The window: every point here is inside the map (west, south, east, north corners).
WINDOW = [(1.0, 38.0), (2.5, 54.0), (30.0, 55.0), (47.5, 40.0), (43.5, -5.5), (30.0, -5.5)]
WIDTH = 1000  # viewBox width; the height follows from the window's shape
PADDING = 0.02  # of the width, around the window
TOLERANCE = 1.1  # Douglas-Peucker tolerance in viewBox units
MIN_RING_AREA = 3.0  # rings smaller than this (islets) are dropped, in square units
# Features Natural Earth gives no ISO numeric id.
CODES_BY_NAME = {"Kosovo": "XK"}
# Codes Natural Earth draws inside another feature: (code, name, feature's code or name,
# (west, south, east, north) in degrees that holds exactly those parts).
PARTS = [
    ("BQ", "Bonaire, Sint Eustatius and Saba", "NL", (-70.0, 11.0, -62.0, 19.0)),
    ("GF", "French Guiana", "FR", (-55.0, 1.5, -51.0, 6.5)),
    ("GP", "Guadeloupe", "FR", (-62.0, 15.8, -60.9, 16.6)),
    ("MQ", "Martinique", "FR", (-61.3, 14.3, -60.7, 15.0)),
    ("RE", "Réunion", "FR", (55.0, -21.5, 56.0, -20.8)),
    ("YT", "Mayotte", "FR", (44.9, -13.1, 45.4, -12.5)),
    ("SJ", "Svalbard and Jan Mayen", "NO", (-10.0, 70.0, 35.0, 81.0)),
    ("CX", "Christmas Island", "Indian Ocean Ter.", (105.0, -11.0, 106.5, -10.0)),
    ("CC", "Cocos (Keeling) Islands", "Indian Ocean Ter.", (96.5, -12.5, 97.2, -11.7)),
]
WORLD_SCALE = 100  # world paths are in hundredths of a degree
WORLD_DETAIL = 250  # a shape keeps about this much detail across its larger side
MAX_ISLANDS = 12  # island centres kept per code (for markers on tiny islands)
DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "website" / "map_data.json"


def laea(lon, lat):
    """Project degrees to the unit sphere's Lambert azimuthal equal-area plane (y up)."""
    lam, phi = math.radians(lon - CENTRE_LON), math.radians(lat)
    phi0 = math.radians(CENTRE_LAT)
    cos_c = math.sin(phi0) * math.sin(phi) + math.cos(phi0) * math.cos(phi) * math.cos(lam)
    k = math.sqrt(2 / max(1 + cos_c, 1e-12))
    x = k * math.cos(phi) * math.sin(lam)
    y = k * (math.cos(phi0) * math.sin(phi) - math.sin(phi0) * math.cos(phi) * math.cos(lam))
    return x, y


def decode_arcs(topology):
    """TopoJSON's quantised, delta-encoded arcs as lists of (lon, lat)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def simplify(points, tolerance):
    """Douglas-Peucker; keeps both ends so arcs shared by two countries still meet."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy)
        worst, index = -1.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            if length:
                distance = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / length
            else:
                distance = math.hypot(px - x1, py - y1)
            if distance > worst:
                worst, index = distance, i
        if index is not None and worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def clip(ring, xmin, ymin, xmax, ymax):
    """Sutherland-Hodgman: the part of a ring inside the rectangle."""
    edges = [
        (lambda p: p[0] >= xmin, lambda a, b: _cross_x(a, b, xmin)),
        (lambda p: p[0] <= xmax, lambda a, b: _cross_x(a, b, xmax)),
        (lambda p: p[1] >= ymin, lambda a, b: _cross_y(a, b, ymin)),
        (lambda p: p[1] <= ymax, lambda a, b: _cross_y(a, b, ymax)),
    ]
    for inside, cross in edges:
        if not ring:
            break
        result = []
        previous = ring[-1]
        for point in ring:
            if inside(point):
                if not inside(previous):
                    result.append(cross(previous, point))
                result.append(point)
            elif inside(previous):
                result.append(cross(previous, point))
            previous = point
        ring = result
    return ring


def _cross_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _cross_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def area(ring):
    pairs = zip(ring, ring[1:] + ring[:1], strict=True)
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairs)) / 2


def path_data(rings):
    """Compact SVG path: absolute move, relative integer lines, close."""
    parts = []
    for ring in rings:
        x0, y0 = ring[0]
        commands = [f"M{x0} {y0}l"]
        numbers = []
        for (xa, ya), (xb, yb) in zip(ring, ring[1:], strict=False):
            numbers += [xb - xa, yb - ya]
        commands.append(_join(numbers))
        parts.append("".join(commands) + "z")
    return "".join(parts)


def _join(numbers):
    text = ""
    for number in numbers:
        text += str(number) if (not text or number < 0) else f" {number}"
    return text


def ring_builder(arcs):
    """A function that joins arcs (by TopoJSON index, ~index reversed) into a ring."""

    def ring_points(indices):
        points = []
        for index in indices:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points += arc[1:] if points else arc
        return points

    return ring_points


def features(topology, alpha2_by_numeric):
    """[(code, name, [polygon, ...])]; each polygon a list of rings as arc indices, the
    first its outline. Parts of a feature that are a code of their own (``PARTS``) are
    split off by where they lie."""
    lonlat_ring = ring_builder(decode_arcs(topology))
    result = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("type") == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry.get("type") == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        name = geometry["properties"]["name"]
        numeric = geometry.get("id")
        code = alpha2_by_numeric.get(int(numeric)) if numeric else CODES_BY_NAME.get(name, "")
        for part_code, part_name, owner, (west, south, east, north) in PARTS:
            if owner not in (code, name):
                continue

            def inside(polygon, west=west, south=south, east=east, north=north):
                return all(
                    west <= lon <= east and south <= lat <= north
                    for lon, lat in lonlat_ring(polygon[0])
                )

            part = [polygon for polygon in polygons if inside(polygon)]
            if part:
                result.append((part_code, part_name, part))
                polygons = [polygon for polygon in polygons if not inside(polygon)]
        if polygons:
            result.append((code or "", name, polygons))
    return result


def build(topology, alpha2_by_numeric):
    places = features(topology, alpha2_by_numeric)
    arcs_lonlat = decode_arcs(topology)
    # The window's extent on the plane fixes the viewBox.
    window = [laea(lon, lat) for lon, lat in WINDOW]
    wx0, wx1 = min(x for x, _ in window), max(x for x, _ in window)
    wy0, wy1 = min(y for _, y in window), max(y for _, y in window)
    scale = WIDTH * (1 - 2 * PADDING) / (wx1 - wx0)
    pad = WIDTH * PADDING
    height = round((wy1 - wy0) * scale + 2 * pad)

    def to_box(lon, lat):
        x, y = laea(lon, lat)
        return ((x - wx0) * scale + pad, (wy1 - y) * scale + pad)

    # Project and simplify each arc once, so neighbours share the same simplified border.
    box_ring = ring_builder(
        [simplify([to_box(lon, lat) for lon, lat in arc], TOLERANCE) for arc in arcs_lonlat]
    )
    lonlat_ring = ring_builder(arcs_lonlat)

    countries = []
    for code, name, polygons in places:
        rings = []
        for polygon in polygons:
            for indices in polygon:
                ring = clip(box_ring(indices), -4, -4, WIDTH + 4, height + 4)
                ring = [(round(x), round(y)) for x, y in ring]
                ring = [p for i, p in enumerate(ring) if i == 0 or p != ring[i - 1]]
                if len(ring) >= 3 and area(ring) >= MIN_RING_AREA:
                    rings.append(ring)
        if not rings:
            continue
        largest = max(rings, key=area)
        centre = [
            round(sum(x for x, _ in largest) / len(largest)),
            round(sum(y for _, y in largest) / len(largest)),
        ]
        countries.append({"code": code, "name": name, "centre": centre, "path": path_data(rings)})
    countries.sort(key=lambda c: (c["code"] == "", c["code"], c["name"]))
    world = [
        world_shape(code, name, [[lonlat_ring(ring) for ring in polygon] for polygon in polygons])
        for code, name, polygons in places
    ]
    world.sort(key=lambda c: (c["code"] == "", c["code"], c["name"]))
    return {
        "source": "Natural Earth 1:50m via world-atlas 2.0.2 (countries-50m.json)",
        "projection": f"Lambert azimuthal equal-area centred on {CENTRE_LON}E {CENTRE_LAT}N",
        "viewBox": f"0 0 {WIDTH} {height}",
        # How a point in degrees becomes a point in the viewBox (website's to_window): the
        # map marks regions without outlines of their own (Europe as a whole) with it.
        "frame": {
            "centre": [CENTRE_LON, CENTRE_LAT],
            "x0": round(wx0, 9),
            "y1": round(wy1, 9),
            "scale": round(scale, 6),
            "pad": pad,
        },
        "countries": countries,
        "world": world,
    }


def world_shape(code, name, polygons):
    """A code's shape in plain longitude/latitude (hundredths of a degree, y = -latitude),
    simplified to its own size, with its bounding box and the centres of its islands."""
    points = [(lon, lat) for polygon in polygons for ring in polygon for lon, lat in ring]
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    tolerance = max(east - west, north - south) / WORLD_DETAIL * WORLD_SCALE

    def plane(ring):
        return [(lon * WORLD_SCALE, -lat * WORLD_SCALE) for lon, lat in ring]

    rings, islands = [], []
    for polygon in polygons:
        for index, ring in enumerate(polygon):
            simplified = [(round(x), round(y)) for x, y in simplify(plane(ring), tolerance)]
            simplified = [p for i, p in enumerate(simplified) if i == 0 or p != simplified[i - 1]]
            if len(simplified) < 3:
                if index:
                    continue  # a hole too small to see
                # An islet too small to keep its shape: a small diamond stands for it.
                x, y = simplified[0]
                simplified = [(x, y - 2), (x + 2, y), (x, y + 2), (x - 2, y)]
            rings.append(simplified)
            if index == 0:
                xs, ys = [p[0] for p in simplified], [p[1] for p in simplified]
                size = (max(xs) - min(xs)) * (max(ys) - min(ys))
                islands.append(
                    (size, [round((min(xs) + max(xs)) / 2), round((min(ys) + max(ys)) / 2)])
                )
    islands.sort(key=lambda item: -item[0])
    return {
        "code": code,
        "name": name,
        "bbox": [
            round(west * WORLD_SCALE),
            round(-north * WORLD_SCALE),
            round(east * WORLD_SCALE),
            round(-south * WORLD_SCALE),
        ],
        "islands": [centre for _size, centre in islands[:MAX_ISLANDS]],
        "path": path_data(rings),
    }


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    from django_countries.data import ALT_CODES  # no Django settings needed

    alpha2_by_numeric = {numeric: alpha2 for alpha2, (_alpha3, numeric) in ALT_CODES.items()}
    topology = json.loads(Path(argv[1]).read_text())
    output = Path(argv[2]) if len(argv) > 2 else DEFAULT_OUTPUT
    data = build(topology, alpha2_by_numeric)
    output.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
    size = sum(len(c["path"]) for c in data["countries"])
    world = sum(len(c["path"]) for c in data["world"])
    print(
        f"{output}: {len(data['countries'])} countries in the window ({size:,} bytes of path "
        f"data), {len(data['world'])} codes in the world ({world:,} bytes)"
    )


if __name__ == "__main__":
    main(sys.argv)
