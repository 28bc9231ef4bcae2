"""Image renditions: the resized copies the pages show instead of the original upload.

Each source image gets a set of widths (never wider than the source) in WebP and in a
fallback format (JPEG, or PNG when the image has transparency). Files are written once to
``MEDIA_ROOT/renditions/<source name>/`` under a name derived from the source's name, size
and modification time, so a replaced upload gets new renditions and an unchanged one is
never processed again. The folder names the source, so a rendition is as public as the
upload it was made from (``source_name``; operations/media.py serves them). EXIF
orientation is applied and all metadata (camera, GPS) is dropped.

Why not sorl-thumbnail or easy-thumbnails: both keep a database record per thumbnail and
look it up on every page, which would make the number of queries of a page grow with its
photos. Here the lookup is a file-system check, and the dimensions are cached.
"""

import hashlib
import io
import logging
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

logger = logging.getLogger(__name__)

WIDTHS = (400, 800, 1600)
FOLDER = "renditions"
QUALITY = {"webp": 80, "jpeg": 82}
MIME_TYPES = {"webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png"}
EXTENSIONS = {"webp": "webp", "jpeg": "jpg", "png": "png"}
CACHE_SECONDS = 60 * 60 * 24 * 30


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int
    format: str

    @property
    def mime_type(self):
        return MIME_TYPES[self.format]


@dataclass(frozen=True)
class RenditionSet:
    """All renditions of one image: ``sources[format]`` is a list ordered by width."""

    sources: dict
    fallback_format: str

    @property
    def fallback(self):
        return self.sources[self.fallback_format]

    @property
    def default(self):
        """The fallback rendition nearest 800 px: the ``src`` for browsers without srcset."""
        candidates = self.fallback
        return min(candidates, key=lambda r: abs(r.width - 800))

    def srcset(self, image_format):
        return ", ".join(f"{r.url} {r.width}w" for r in self.sources[image_format])


def source_key(field_file):
    """A short hash of the source's name, size and modification time."""
    storage = field_file.storage
    name = field_file.name
    try:
        # Whole seconds: a backup (tar) keeps those, so restored files keep their renditions.
        stamp = f"{storage.size(name)}:{int(storage.get_modified_time(name).timestamp())}"
    except (NotImplementedError, OSError):
        stamp = ""
    return hashlib.sha256(f"{name}|{stamp}".encode()).hexdigest()[:16]


def target_widths(source_width, widths=WIDTHS):
    """The widths to make: those narrower than the source, or the source's own width."""
    chosen = [w for w in widths if w < source_width]
    if len(chosen) < len(widths):
        chosen.append(source_width)
    return sorted(set(chosen))


def renditions(field_file, widths=WIDTHS):
    """The RenditionSet of an image field's file, making any rendition that is missing.

    Returns None when the file cannot be read as an image (missing or broken upload);
    the page then shows no photo rather than the original or a broken image.
    """
    if not field_file:
        return None
    try:
        key = source_key(field_file)
    except Exception:  # a storage that cannot stat the file: treat as missing
        logger.warning("Cannot read %s for renditions", field_file.name, exc_info=True)
        return None
    cache_key = f"renditions:v2:{key}:{'-'.join(map(str, widths))}"
    plan = _cached(cache.get, cache_key)
    if plan is None:
        plan = _make(field_file, key, widths)
        if plan is None:
            return None
        _cached(cache.set, cache_key, plan, CACHE_SECONDS)
    storage = default_storage
    sources = {
        image_format: [
            Rendition(storage.url(name), width, height, image_format)
            for name, width, height in entries
        ]
        for image_format, entries in plan["sources"].items()
    }
    return RenditionSet(sources=sources, fallback_format=plan["fallback"])


def _cached(operation, *args):
    """A cache read or write that degrades to "not cached" while the cache is down: the
    sizes are then found from the files again, and the page still shows its photos."""
    try:
        return operation(*args)
    except Exception:
        logger.warning("Cache unavailable for renditions", exc_info=True)
        return None


def rendition_name(source_name, key, width, image_format):
    return f"{FOLDER}/{source_name}/{key}-{width}w.{EXTENSIONS[image_format]}"


def source_name(name):
    """The upload a rendition was made from ("renditions/projects/photos/a.jpg/….webp" →
    "projects/photos/a.jpg"), or None when ``name`` is not a rendition."""
    path = PurePosixPath(name)
    if len(path.parts) < 3 or path.parts[0] != FOLDER:
        return None
    return str(PurePosixPath(*path.parts[1:-1]))


def upright_image(field_file):
    """The image of ``field_file`` turned as its EXIF says, or None (logged) when it cannot
    be read as one."""
    try:
        with field_file.storage.open(field_file.name, "rb") as handle:
            image = Image.open(handle)
            image.load()
    except Exception:
        logger.warning("Cannot open %s as an image", field_file.name, exc_info=True)
        return None
    return ImageOps.exif_transpose(image)


def _make(field_file, key, widths):
    """Write the renditions that do not exist yet; return the names and sizes."""
    storage = default_storage
    image = upright_image(field_file)
    if image is None:
        return None
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    image = image.convert("RGBA" if has_alpha else "RGB")
    fallback = "png" if has_alpha else "jpeg"
    plan = {"fallback": fallback, "sources": {"webp": [], fallback: []}}
    for width in target_widths(image.width, widths):
        height = max(1, round(image.height * width / image.width))
        resized = None
        for image_format in ("webp", fallback):
            name = rendition_name(field_file.name, key, width, image_format)
            if not storage.exists(name):
                if resized is None:
                    resized = (
                        image
                        if width == image.width
                        else image.resize((width, height), Image.Resampling.LANCZOS)
                    )
                storage.save(name, ContentFile(_encode(resized, image_format)))
            plan["sources"][image_format].append((name, width, height))
    return plan


def _encode(image, image_format):
    buffer = io.BytesIO()
    if image_format == "jpeg":
        image.save(buffer, "JPEG", quality=QUALITY["jpeg"], optimize=True, progressive=True)
    elif image_format == "webp":
        image.save(buffer, "WEBP", quality=QUALITY["webp"], method=4)
    else:
        image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def crop_box(size, ratio, focus):
    """The largest box of ``ratio`` (width / height) inside an image of ``size``, as near
    centred on ``focus`` (percentages from the left and top) as the edges allow."""
    width, height = size
    box_width, box_height = (width, round(width / ratio))
    if box_height > height:
        box_width, box_height = round(height * ratio), height
    centre_x, centre_y = width * focus[0] / 100, height * focus[1] / 100
    left = min(max(round(centre_x - box_width / 2), 0), width - box_width)
    top = min(max(round(centre_y - box_height / 2), 0), height - box_height)
    return left, top, left + box_width, top + box_height


def cropped(field_file, width, height, focus=(50, 50)):
    """A JPEG rendition of ``width`` × ``height`` (smaller when the source is), cropped
    around ``focus`` (a photo's focal point, in percent): the share image. Made once per
    source, size and focal point; None when the file cannot be read as an image."""
    if not field_file:
        return None
    try:
        key = source_key(field_file)
    except Exception:
        logger.warning("Cannot read %s for a crop", field_file.name, exc_info=True)
        return None
    focus = (int(focus[0]), int(focus[1]))
    name = f"{FOLDER}/{field_file.name}/{key}-crop-{width}x{height}-{focus[0]}-{focus[1]}.jpg"
    cache_key = f"renditions:crop:v1:{name}"
    found = _cached(cache.get, cache_key)
    if found is None:
        found = _make_crop(field_file, name, width, height, focus)
        if found is None:
            return None
        _cached(cache.set, cache_key, found, CACHE_SECONDS)
    made_width, made_height = found
    return Rendition(default_storage.url(name), made_width, made_height, "jpeg")


def _make_crop(field_file, name, width, height, focus):
    image = upright_image(field_file)
    if image is None:
        return None
    image = image.convert("RGB")
    box = crop_box(image.size, width / height, focus)
    part = image.crop(box)
    if part.width > width:
        part = part.resize((width, height), Image.Resampling.LANCZOS)
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(_encode(part, "jpeg")))
    return part.width, part.height
