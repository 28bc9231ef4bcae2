"""Uploaded photos without what they tell about the people who made them.

A camera or phone writes where a photo was taken (GPS), with what (make, model, serial
number, lens), by whom (artist, copyright, the owner's name) and much more into the file:
EXIF with its maker notes and an embedded thumbnail (which may show the photo before it
was cropped), XMP, IPTC (Photoshop's block), comments. ``without_metadata`` rewrites a
JPEG, PNG or WebP without any of it, keeping what the picture needs to look the same: the
image data untouched (no re-encoding, no loss of quality), the colour profile (ICC), and
the orientation (a minimal EXIF block with nothing but the Orientation tag).

It works on the file's structure, not its pixels: only the segments (JPEG) or chunks
(PNG, WebP) that carry image data, colour or decoding information are copied, from a
list of those known to be harmless; everything else goes, including data after the end
of the image (other pictures appended by phones, e.g. MPF previews). What comes out is
opened again with Pillow to check it is the same picture; a file whose structure the
rewrite cannot follow is re-encoded by Pillow instead (the pixels, the colour profile and
the orientation only).

Used on every upload by ``content.validators.ImageField`` and for files stored earlier by
``manage.py clean_photo_metadata``.
"""

import io
import struct
import zlib

from PIL import Image

ORIENTATION = 0x0112

JPEG_START = b"\xff\xd8"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class UnknownStructure(Exception):
    """A file the structural rewrite does not follow (then Pillow re-encodes it)."""


def image_format(data):
    """The format from the first bytes: "JPEG", "PNG" or "WEBP", or None."""
    if data.startswith(JPEG_START):
        return "JPEG"
    if data.startswith(PNG_SIGNATURE):
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


def orientation(data):
    """The EXIF orientation (1–8) Pillow reads from the file (EXIF or XMP), 1 if none."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format == "PNG":
                # Pillow would decode the whole picture to find an eXIf chunk after the
                # image data: look for it in the chunks instead.
                found = _png_chunks_of(data, b"eXIf")
                if found:
                    image.info["exif"] = found[0]
                exif = Image.Image.getexif(image)
            else:
                exif = image.getexif()
            value = exif.get(ORIENTATION, 1)
    except Exception:
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def minimal_exif(value):
    """A TIFF block (what EXIF is) holding only the orientation, or b"" for the normal one."""
    if value == 1:
        return b""
    exif = Image.Exif()
    exif[ORIENTATION] = value
    return exif.tobytes()[len(b"Exif\x00\x00") :]


def without_metadata(data):
    """``data`` (a JPEG, PNG or WebP file) without personal metadata; other data unchanged.

    Returns the bytes to store: the same bytes when there was nothing to remove.
    """
    kind = image_format(data)
    if kind is None:
        return data
    tiff = minimal_exif(orientation(data))
    try:
        cleaned = {"JPEG": _jpeg, "PNG": _png, "WEBP": _webp}[kind](data, tiff)
        _check_same_picture(data, cleaned)
    except (UnknownStructure, OSError, SyntaxError, ValueError, struct.error, IndexError):
        cleaned = _reencode(data, kind, tiff)
    return cleaned


def has_metadata(data):
    """Whether ``without_metadata`` would change the file."""
    return without_metadata(data) != data


# JPEG ---------------------------------------------------------------------------------------

# Markers without a length: TEM, RST0–7, SOI, EOI.
_STANDALONE = {0x01, *range(0xD0, 0xD8), 0xD8, 0xD9}
_APP0, _APP1, _APP2, _APP14, _SOS, _EOI, _COM = 0xE0, 0xE1, 0xE2, 0xEE, 0xDA, 0xD9, 0xFE


def _keep_jpeg_segment(marker, payload):
    """The segment to copy (possibly trimmed), or None to drop it."""
    if marker == _APP0:
        if payload.startswith(b"JFIF\x00") and len(payload) >= 14:
            # The JFIF header without its thumbnail (width and height 0).
            return payload[:12] + b"\x00\x00"
        return None  # JFXX (thumbnails) and others
    if marker == _APP2:
        return payload if payload.startswith(b"ICC_PROFILE\x00") else None  # not MPF, FPXR
    if marker == _APP14:
        # Adobe's colour transform flag: needed to decode CMYK and YCCK correctly.
        return payload if payload.startswith(b"Adobe") else None
    if 0xE0 <= marker <= 0xEF or marker == _COM:
        return None  # EXIF, XMP, IPTC (APP13), Ducky, comments and other application data
    return payload  # tables, frame and scan headers, restart interval, ...


def _segment(marker, payload):
    if len(payload) + 2 > 0xFFFF:
        raise UnknownStructure("segment too long")
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def _jpeg(data, tiff):
    out = [JPEG_START]
    exif = _segment(_APP1, b"Exif\x00\x00" + tiff) if tiff else b""
    at, size = 2, len(data)
    while True:
        if at >= size or data[at] != 0xFF:
            raise UnknownStructure("no marker where one must be")
        while at < size and data[at] == 0xFF:  # fill bytes
            at += 1
        if at >= size:
            raise UnknownStructure("cut off")
        marker = data[at]
        at += 1
        if marker == _EOI:
            out.append(b"\xff\xd9")
            break  # anything after the image (appended previews, trailers) is dropped
        if marker in _STANDALONE:
            out.append(bytes([0xFF, marker]))
            continue
        if at + 2 > size:
            raise UnknownStructure("cut off")
        (length,) = struct.unpack(">H", data[at : at + 2])
        if length < 2 or at + length > size:
            raise UnknownStructure("bad segment length")
        payload = data[at + 2 : at + length]
        at += length
        if exif and marker != _APP0:
            out.append(exif)  # right after SOI and JFIF, where readers look for it
            exif = b""
        if marker == _SOS:
            # The compressed data runs to the next marker that is not a stuffed 0xFF00 or a
            # restart marker.
            end = at
            while True:
                end = data.find(b"\xff", end)
                if end < 0 or end + 1 >= size:
                    raise UnknownStructure("scan without end")
                following = data[end + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7:
                    end += 2
                    continue
                if following == 0xFF:
                    end += 1
                    continue
                break
            out.append(_segment(marker, payload) + data[at:end])
            at = end
            continue
        kept = _keep_jpeg_segment(marker, payload)
        if kept is not None:
            out.append(_segment(marker, kept))
    return b"".join(out)


# PNG ----------------------------------------------------------------------------------------

# Chunks that make up the picture: its data, palette and transparency, colour (profile,
# gamma, chromaticities, HDR information), significant bits, background, pixel size and
# animation. Text (tEXt, zTXt, iTXt: XMP, comments, "Raw profile" EXIF), eXIf, the time of
# the last change and any other chunk are dropped.
_PNG_KEEP = {
    b"IHDR",
    b"PLTE",
    b"IDAT",
    b"IEND",
    b"tRNS",
    b"cHRM",
    b"gAMA",
    b"iCCP",
    b"sBIT",
    b"sRGB",
    b"cICP",
    b"mDCV",
    b"mDCv",
    b"cLLI",
    b"cLLi",
    b"bKGD",
    b"hIST",
    b"pHYs",
    b"acTL",
    b"fcTL",
    b"fdAT",
}


def _png_chunk(kind, payload):
    return (
        struct.pack(">I", len(payload))
        + kind
        + payload
        + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)
    )


def _png_chunks_of(data, wanted):
    """The payloads of the chunks of kind ``wanted``, in order."""
    found, at = [], len(PNG_SIGNATURE)
    while at + 8 <= len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind = data[at + 4 : at + 8]
        if kind == wanted:
            found.append(data[at + 8 : at + 8 + length])
        if kind == b"IEND":
            break
        at += 12 + length
    return found


def _png(data, tiff):
    out = [PNG_SIGNATURE]
    at, size = len(PNG_SIGNATURE), len(data)
    exif = _png_chunk(b"eXIf", tiff) if tiff else b""
    while True:
        if at + 8 > size:
            raise UnknownStructure("cut off")
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind = data[at + 4 : at + 8]
        end = at + 12 + length
        if end > size:
            raise UnknownStructure("cut off")
        if kind in (b"IDAT", b"fdAT", b"acTL") and exif:
            out.append(exif)  # eXIf must come before the image data
            exif = b""
        if kind in _PNG_KEEP:
            out.append(data[at:end])
        at = end
        if kind == b"IEND":
            return b"".join(out)


# WebP ---------------------------------------------------------------------------------------

# The extended format's header, colour profile, animation, alpha and image data; EXIF,
# XMP and unknown chunks are dropped.
_WEBP_KEEP = {b"VP8X", b"ICCP", b"ANIM", b"ANMF", b"ALPH", b"VP8 ", b"VP8L"}
_VP8X_EXIF, _VP8X_XMP = 0x08, 0x04


def _webp_chunk(kind, payload):
    return kind + struct.pack("<I", len(payload)) + payload + (b"\x00" if len(payload) % 2 else b"")


def _webp(data, tiff):
    (riff_size,) = struct.unpack("<I", data[4:8])
    end_of_file = min(len(data), 8 + riff_size)
    chunks, at = [], 12
    while at + 8 <= end_of_file:
        kind = data[at : at + 4]
        (length,) = struct.unpack("<I", data[at + 4 : at + 8])
        end = at + 8 + length
        if end > end_of_file:
            raise UnknownStructure("cut off")
        chunks.append((kind, data[at + 8 : end]))
        at = end + (length % 2)
    kept = [(kind, payload) for kind, payload in chunks if kind in _WEBP_KEEP]
    extended = bool(kept) and kept[0][0] == b"VP8X"
    if not extended:
        if any(kind not in _WEBP_KEEP for kind, _ in chunks):
            raise UnknownStructure("metadata in a simple WebP")
        return data[:end_of_file]
    header = bytearray(kept[0][1])
    header[0] &= ~(_VP8X_EXIF | _VP8X_XMP) & 0xFF
    if tiff:
        header[0] |= _VP8X_EXIF
    kept[0] = (b"VP8X", bytes(header))
    if tiff:
        kept.append((b"EXIF", tiff))
    body = b"WEBP" + b"".join(_webp_chunk(kind, payload) for kind, payload in kept)
    return b"RIFF" + struct.pack("<I", len(body)) + body


# Checking and the fallback ------------------------------------------------------------------


def _check_same_picture(original, cleaned):
    """Pillow reads ``cleaned`` as the same kind and size of picture as ``original``."""
    with Image.open(io.BytesIO(original)) as before, Image.open(io.BytesIO(cleaned)) as after:
        if (before.format, before.size, before.mode) != (after.format, after.size, after.mode):
            raise UnknownStructure("not the same picture")
        if getattr(before, "n_frames", 1) != getattr(after, "n_frames", 1):
            raise UnknownStructure("frames lost")
        after.verify()


def _reencode(data, kind, tiff):
    """The pixels again through Pillow, with the colour profile and the orientation only
    (JPEG with its own quantisation tables, so at the quality it had)."""
    with Image.open(io.BytesIO(data)) as image:
        options = {}
        profile = image.info.get("icc_profile")
        image.info.clear()  # Pillow would copy a comment, XMP or EXIF from it otherwise
        if profile:
            options["icc_profile"] = profile
        if tiff:
            options["exif"] = b"Exif\x00\x00" + tiff
        if kind == "JPEG":
            options.update(quality="keep", subsampling="keep", optimize=True)
        elif kind == "WEBP":
            options.update(quality=90)
        if getattr(image, "n_frames", 1) > 1:
            options["save_all"] = True  # every frame of an animation
        buffer = io.BytesIO()
        image.save(buffer, kind, **options)
    return buffer.getvalue()
