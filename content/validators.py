"""Validators for uploads, shared by the content apps.

Uploads are judged by their content, not their name: an image must be a JPEG, PNG or
WebP that Pillow can read, whose extension matches what it really is, within a size and
a pixel limit (checked from the header, before anything is decoded, so a small file that
would decode to a huge image costs no memory), and that decodes completely (a truncated
file is refused instead of silently showing no photo later); a report must be a PDF that
pikepdf (qpdf) parses without repairs, not encrypted (not even with only an owner
password), with pages, without active content, and whose streams do not unpack to far more
than a report needs (a "PDF bomb": measured by decoding in small pieces that are counted
and dropped, so checking one costs little memory).
"""

import base64
import binascii
import os
import re
import zlib

import pikepdf
import pikepdf.settings
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models.fields.files import ImageFieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from .photo_metadata import without_metadata
from .storage import unguessable_name

validate_image_extension = FileExtensionValidator(["jpg", "jpeg", "png", "webp"])
validate_pdf_extension = FileExtensionValidator(["pdf"])

# What Pillow says a file is -> the extensions it may then have.
IMAGE_FORMATS = {"JPEG": {"jpg", "jpeg"}, "PNG": {"png"}, "WEBP": {"webp"}}

TOO_MANY_PIXELS = _(
    "This image is %(width)s × %(height)s pixels; the limit is %(limit)s million pixels. "
    "Make it smaller and upload it again."
)
FAR_TOO_MANY_PIXELS = _(
    "This image has %(pixels)s million pixels; the limit is %(limit)s million pixels. "
    "Make it smaller and upload it again."
)


def far_too_many_pixels(error):
    """The error for an image Pillow refuses to open at all (a DecompressionBombError, at
    twice the limit), with its size when Pillow's message states it."""
    found = re.search(r"Image size \((\d+) pixels\)", str(error))
    if found is None:
        return ValidationError(_("This image has far too many pixels."), code="too_many_pixels")
    return ValidationError(
        FAR_TOO_MANY_PIXELS,
        code="too_many_pixels",
        params={
            "pixels": round(int(found.group(1)) / 1_000_000),
            "limit": settings.MAX_IMAGE_PIXELS // 1_000_000,
        },
    )


@deconstructible
class MaxFileSizeValidator:
    """Refuse files larger than the setting named ``setting_name`` (in bytes)."""

    def __init__(self, setting_name):
        self.setting_name = setting_name

    def __call__(self, file):
        limit = getattr(settings, self.setting_name)
        if file.size > limit:
            raise ValidationError(
                _("This file is %(size)s; the limit is %(limit)s."),
                code="file_too_large",
                params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
            )

    def __eq__(self, other):
        return isinstance(other, MaxFileSizeValidator) and self.setting_name == other.setting_name


def _rewind(file):
    if hasattr(file, "seek"):
        file.seek(0)


def _already_stored(file):
    """A file saved earlier (checked when it was uploaded), not a new upload."""
    return getattr(file, "_committed", False) is True


def _extension(file):
    name = getattr(file, "name", "") or ""
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def validate_image_content(file):
    """A JPEG, PNG or WebP by content, named as what it is, within the pixel limit."""
    if _already_stored(file):
        return
    _rewind(file)
    try:
        with Image.open(file) as image:
            kind, (width, height) = image.format, image.size
            if kind not in IMAGE_FORMATS:
                raise ValidationError(
                    _("Upload a photo as JPEG, PNG or WebP."), code="image_format"
                )
            if width * height > settings.MAX_IMAGE_PIXELS:
                raise ValidationError(
                    TOO_MANY_PIXELS,
                    code="too_many_pixels",
                    params={
                        "width": width,
                        "height": height,
                        "limit": settings.MAX_IMAGE_PIXELS // 1_000_000,
                    },
                )
            # Checks the file's structure without decoding the pixels.
            image.verify()
        _decode_fully(file)
    except Image.DecompressionBombError as error:
        raise far_too_many_pixels(error) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("This file is not a photo in JPEG, PNG or WebP format."), code="not_an_image"
        ) from error
    finally:
        _rewind(file)
    if _extension(file) not in IMAGE_FORMATS[kind]:
        raise ValidationError(
            _("This file is a %(kind)s image but its name says otherwise; rename it to .%(ext)s."),
            code="misleading_extension",
            params={"kind": kind, "ext": sorted(IMAGE_FORMATS[kind])[0]},
        )


def _decode_fully(file):
    """Decode every pixel once (called after the pixel limit was checked): a truncated or
    corrupt file raises here. JPEGs decode at an eighth of their size, which reads all of
    the data at a sixty-fourth of the memory."""
    _rewind(file)
    try:
        with Image.open(file) as image:
            if image.format == "JPEG":
                image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
            image.load()
    except (OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _(
                "This photo is incomplete or damaged (the file may have been cut off while "
                "copying). Save or export it again and upload that."
            ),
            code="image_damaged",
        ) from error


PDF_NOT_A_PDF = _("This file is not a PDF document.")
PDF_DAMAGED = _(
    "This PDF document is incomplete or damaged. Save it again (e.g. print to PDF) and upload that."
)
PDF_ACTIVE_CONTENT = _(
    "This PDF contains %(what)s. Reports are published as plain documents: save it again "
    "as a plain PDF (e.g. print to PDF) and upload that."
)
PDF_ENCRYPTED = _(
    "This PDF is protected with a password, so it cannot be checked. Upload it without a password."
)
PDF_TOO_LARGE_UNPACKED = _(
    "This PDF unpacks to more than %(limit)s when it is opened, far more than a report "
    "needs. Save it again with smaller images (e.g. “reduce file size” or print to PDF) "
    "and upload that."
)

# What a report may not contain, in the words of the message the editor reads.
SCRIPTS = _("scripts (JavaScript)")
AUTOMATIC_ACTIONS = _("actions that run automatically when it is opened or used")
LINKS_AND_ACTIONS = _("links or actions that open web sites, files or programs")
EMBEDDED_FILES = _("embedded files")
XFA_FORMS = _("an XFA form")
MULTIMEDIA = _("embedded multimedia")

# The only action a report may have: going to another place in the same document (a table
# of contents, bookmarks). URI, Launch, JavaScript, SubmitForm, ImportData, GoToR, GoToE,
# Rendition, Named actions and the rest are refused.
SAFE_ACTIONS = {"/GoTo"}
MULTIMEDIA_ANNOTATIONS = {"/RichMedia", "/Movie", "/Sound", "/Screen", "/3D"}
# Keys under which a dictionary is an action (or a list of them).
ACTION_KEYS = ("/A", "/Next", "/OpenAction")


class _ActiveContent(Exception):
    def __init__(self, what):
        self.what = what


def _pdf_actions(key, value):
    """The action dictionaries in an /A, /Next or /OpenAction value: one action, or under
    /Next a list of them (an array under /OpenAction is a destination, not an action)."""
    if isinstance(value, pikepdf.Dictionary):
        return [value]
    if key == "/Next" and isinstance(value, pikepdf.Array):
        return [item for item in value if isinstance(item, pikepdf.Dictionary)]
    return []


def _check_pdf_dictionary(dictionary):
    keys = set(dictionary.keys())
    if keys & {"/JS", "/JavaScript"}:
        raise _ActiveContent(SCRIPTS)
    if "/AA" in keys:
        raise _ActiveContent(AUTOMATIC_ACTIONS)
    if keys & {"/EmbeddedFiles", "/EF"}:
        raise _ActiveContent(EMBEDDED_FILES)
    if "/XFA" in keys:
        raise _ActiveContent(XFA_FORMS)
    kind = dictionary.get("/Type")
    subtype = dictionary.get("/Subtype")
    if kind == "/EmbeddedFile" or subtype == "/FileAttachment":
        raise _ActiveContent(EMBEDDED_FILES)
    if subtype is not None and str(subtype) in MULTIMEDIA_ANNOTATIONS:
        raise _ActiveContent(MULTIMEDIA)
    actions = [dictionary] if kind == "/Action" else []
    for key in ACTION_KEYS:
        if key in keys:
            actions += _pdf_actions(key, dictionary[key])
    for action in actions:
        action_type = action.get("/S")
        if action_type == "/JavaScript":
            raise _ActiveContent(SCRIPTS)
        if action_type is None or str(action_type) not in SAFE_ACTIONS:
            raise _ActiveContent(LINKS_AND_ACTIONS)


_PDF_CONTAINERS = (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream)


def _walk_pdf(obj, depth=0):
    """Check every dictionary in ``obj`` and the direct objects inside it; indirect ones
    are checked on their own (every object of the file is visited once)."""
    if depth > 64:
        raise _ActiveContent(LINKS_AND_ACTIONS)  # absurd nesting: nothing a report needs
    if isinstance(obj, pikepdf.Stream):
        _check_pdf_dictionary(obj.stream_dict)
        children = obj.stream_dict.values()
    elif isinstance(obj, pikepdf.Dictionary):
        _check_pdf_dictionary(obj)
        children = obj.values()
    elif isinstance(obj, pikepdf.Array):
        children = list(obj)
    else:
        return
    for child in children:
        if isinstance(child, _PDF_CONTAINERS) and not child.is_indirect:
            _walk_pdf(child, depth + 1)


# How far a report's streams may unpack (the defaults; settings of the same names override
# them): each stream, and all together. A 300 dpi A4 page scanned in colour is 26 MB.
MAX_REPORT_STREAM_BYTES = 128 * 1024 * 1024
MAX_REPORT_UNPACKED_BYTES = 512 * 1024 * 1024
# Object and cross-reference streams are unpacked by qpdf itself, in memory, to read the
# file's structure: they get a tighter limit, which qpdf enforces as well (below).
MAX_REPORT_STRUCTURE_STREAM_BYTES = 32 * 1024 * 1024
_PIECE = 1024 * 1024  # what a decoder hands on at a time

# qpdf's own guard for the streams it unpacks itself (object and cross-reference streams,
# read before this check can see them): it stops and raises past this many bytes. These
# limits are process-wide; nothing else in the site decodes PDFs.
pikepdf.settings.set_qpdf_limits(
    flate_max_memory=MAX_REPORT_STRUCTURE_STREAM_BYTES,
    run_length_max_memory=MAX_REPORT_STRUCTURE_STREAM_BYTES,
    png_max_memory=MAX_REPORT_STRUCTURE_STREAM_BYTES,
    tiff_max_memory=MAX_REPORT_STRUCTURE_STREAM_BYTES,
)


class _TooLarge(Exception):
    def __init__(self, limit):
        self.limit = limit


class _Undecodable(Exception):
    """Data a decoder cannot read: counted as far as it went (a viewer stops there too)."""


def _pieces(data):
    for start in range(0, len(data), _PIECE):
        yield data[start : start + _PIECE]


def _flate(pieces, _parms):
    decoder = zlib.decompressobj()
    for data in pieces:
        while data and not decoder.eof:
            try:
                out = decoder.decompress(data, _PIECE)
            except zlib.error as error:
                raise _Undecodable from error
            if out:
                yield out
            data = decoder.unconsumed_tail
        if decoder.eof:
            return


_WHITESPACE = b"\x00\t\n\x0c\r "


def _ascii_hex(pieces, _parms):
    carry = b""
    for data in pieces:
        end = data.find(b">")
        digits = carry + (data if end < 0 else data[:end]).translate(None, _WHITESPACE)
        even = len(digits) - len(digits) % 2
        try:
            yield binascii.unhexlify(digits[:even])
        except binascii.Error as error:
            raise _Undecodable from error
        carry = digits[even:]
        if end >= 0:
            break
    if carry:
        yield binascii.unhexlify(carry + b"0")


def _ascii85(pieces, _parms):
    carry = b""
    for data in pieces:
        end = data.find(b"~")
        text = carry + (data if end < 0 else data[:end]).translate(None, _WHITESPACE)
        text = text.replace(b"z", b"!!!!!")
        whole = len(text) - len(text) % 5
        try:
            yield base64.a85decode(text[:whole])
        except ValueError as error:
            raise _Undecodable from error
        carry = text[whole:]
        if end >= 0:
            break
    if carry:
        try:
            yield base64.a85decode(carry)
        except ValueError as error:
            raise _Undecodable from error


def _run_length(pieces, _parms):
    carry, out = b"", bytearray()
    for data in pieces:
        data, at = carry + data, 0
        while at < len(data):
            length = data[at]
            if length == 128:
                yield bytes(out)
                return
            if length < 128:
                if at + 2 + length > len(data):
                    break
                out += data[at + 1 : at + 2 + length]
                at += 2 + length
            else:
                if at + 2 > len(data):
                    break
                out += data[at + 1 : at + 2] * (257 - length)
                at += 2
            if len(out) >= _PIECE:
                yield bytes(out)
                out.clear()
        carry = data[at:]
    yield bytes(out)


def _lzw(pieces, parms):
    """PDF's LZW: 9 to 12 bit codes, 256 clears the table, 257 ends the data."""
    early = int(parms.get("/EarlyChange", 1)) if parms is not None else 1
    table, previous, width = [bytes([n]) for n in range(256)] + [b"", b""], None, 9
    bits = count = 0
    out = bytearray()
    for data in pieces:
        for byte in data:
            bits, count = (bits << 8) | byte, count + 8
            while count >= width:
                count -= width
                code = bits >> count
                bits &= (1 << count) - 1
                if code == 256:
                    del table[258:]
                    previous, width = None, 9
                    continue
                if code == 257:
                    yield bytes(out)
                    return
                if code < len(table):
                    entry = table[code]
                elif code == len(table) and previous is not None:
                    entry = previous + previous[:1]
                else:
                    raise _Undecodable
                if previous is not None and len(table) < 4096:
                    table.append(previous + entry[:1])
                previous = entry
                out += entry
                if len(table) + early >= 1 << width and width < 12:
                    width += 1
                if len(out) >= _PIECE:
                    yield bytes(out)
                    out.clear()
    yield bytes(out)


# The filters that unpack data, by their full and abbreviated names. Image filters (JPEG,
# JPEG 2000, fax, JBIG2) and anything else are counted as they are: the site never
# decodes them, and a viewer decodes those images with limits of its own.
_DECODERS = {
    "/FlateDecode": _flate,
    "/Fl": _flate,
    "/ASCIIHexDecode": _ascii_hex,
    "/AHx": _ascii_hex,
    "/ASCII85Decode": _ascii85,
    "/A85": _ascii85,
    "/RunLengthDecode": _run_length,
    "/RL": _run_length,
    "/LZWDecode": _lzw,
    "/LZW": _lzw,
}


def _as_list(value):
    if value is None:
        return []
    if isinstance(value, pikepdf.Array):
        return list(value)
    return [value]


def _unpacked_size(stream, limit):
    """How many bytes ``stream`` unpacks to, counting no further than just past ``limit``:
    its data is decoded a megabyte at a time through its filters, and each piece is
    counted and dropped."""
    filters = _as_list(stream.stream_dict.get("/Filter"))
    parms = _as_list(stream.stream_dict.get("/DecodeParms"))
    pieces = _pieces(stream.read_raw_bytes())
    for index, name in enumerate(filters):
        decoder = _DECODERS.get(str(name))
        if decoder is None:
            break
        parm = parms[index] if index < len(parms) else None
        pieces = decoder(pieces, parm if isinstance(parm, pikepdf.Dictionary) else None)
    size = 0
    try:
        for piece in pieces:
            size += len(piece)
            if size > limit:
                break
    except _Undecodable:
        pass
    return size


def check_pdf_unpacked_size(pdf):
    """Raise _TooLarge when a stream of ``pdf`` unpacks past its limit, or all of them
    together past MAX_REPORT_UNPACKED_BYTES. Only the objects stored directly in the file
    are looked at (objects inside object streams cannot be streams), before anything else
    reads them, so an object stream is measured before qpdf unpacks it."""
    per_stream = getattr(settings, "MAX_REPORT_STREAM_BYTES", MAX_REPORT_STREAM_BYTES)
    in_all = getattr(settings, "MAX_REPORT_UNPACKED_BYTES", MAX_REPORT_UNPACKED_BYTES)
    total = 0
    for objgen, entry in pdf.get_xref_table().items():
        if entry.type != 1:
            continue
        obj = pdf.get_object(objgen)
        if not isinstance(obj, pikepdf.Stream):
            continue
        limit = per_stream
        if obj.stream_dict.get("/Type") in (pikepdf.Name.ObjStm, pikepdf.Name.XRef):
            limit = min(limit, MAX_REPORT_STRUCTURE_STREAM_BYTES)
        size = _unpacked_size(obj, min(limit, in_all - total))
        if size > limit:
            raise _TooLarge(limit)
        total += size
        if total > in_all:
            raise _TooLarge(in_all)


_STRUCTURE_STREAM = re.compile(rb"/Type\s*/(?:ObjStm|XRef)\b")


def _structure_stream_too_large(file):
    """Whether an object or cross-reference stream in the raw file unpacks past qpdf's own
    limit: qpdf then reports the file's structure as missing, and this tells why. Read
    only for a file qpdf could not open; the streams are counted as they unpack."""
    if isinstance(file, (str, os.PathLike)):
        with open(file, "rb") as handle:
            data = handle.read()
    else:
        file.seek(0)
        data = file.read()
    for found in _STRUCTURE_STREAM.finditer(data):
        start = data.find(b"stream", found.end())
        if start < 0:
            break
        start += len(b"stream")
        start += 2 if data[start : start + 2] == b"\r\n" else 1
        end = data.find(b"endstream", start)
        size = 0
        try:
            for piece in _flate(_pieces(data[start : end if end >= 0 else len(data)]), None):
                size += len(piece)
                if size > MAX_REPORT_STRUCTURE_STREAM_BYTES:
                    return True
        except _Undecodable:
            continue
    return False


def inspect_pdf(file):
    """Open ``file`` with pikepdf and raise ValidationError unless it is a plain PDF:
    parseable without reconstructing its structure, with at least one page, not
    encrypted, and with no JavaScript, no actions other than going to a place in the
    document (in the document catalogue, pages, annotations, outlines or form fields:
    open actions, additional actions, links), no embedded files, no XFA form and no
    embedded multimedia, and within the limits of what its streams unpack to. Every object
    is checked, including those in compressed object streams; names written with ``#xx``
    escapes are read as what they spell. A PDF encrypted with only an owner password (it
    opens without one, but with "permissions") is refused like one that needs a password:
    its content could not be checked as it is stored."""
    try:
        # No recovery: a file whose structure qpdf would have to reconstruct (an HTML page
        # behind a "%PDF-" header, a cut-off download) is not accepted as a PDF.
        with pikepdf.open(file, attempt_recovery=False) as pdf:
            if pdf.is_encrypted:
                raise ValidationError(PDF_ENCRYPTED, code="pdf_encrypted")
            check_pdf_unpacked_size(pdf)
            for obj in pdf.objects:
                _walk_pdf(obj)
            _walk_pdf(pdf.trailer)
            pages = len(pdf.pages)
    except _ActiveContent as found:
        raise ValidationError(
            PDF_ACTIVE_CONTENT, code="pdf_active_content", params={"what": found.what}
        ) from None
    except _TooLarge as found:
        raise ValidationError(
            PDF_TOO_LARGE_UNPACKED,
            code="pdf_too_large_unpacked",
            params={"limit": filesizeformat(found.limit)},
        ) from None
    except pikepdf.PasswordError as error:
        raise ValidationError(PDF_ENCRYPTED, code="pdf_encrypted") from error
    except (pikepdf.PdfError, RecursionError, ValueError, TypeError) as error:
        if _structure_stream_too_large(file):
            # qpdf stopped at its own limit while unpacking an object or cross-reference
            # stream (while opening the file, before the check above could measure it).
            raise ValidationError(
                PDF_TOO_LARGE_UNPACKED,
                code="pdf_too_large_unpacked",
                params={"limit": filesizeformat(MAX_REPORT_STRUCTURE_STREAM_BYTES)},
            ) from error
        raise ValidationError(PDF_NOT_A_PDF, code="not_pdf") from error
    if pages == 0:
        raise ValidationError(PDF_NOT_A_PDF, code="not_pdf")


def validate_pdf_content(file):
    """A report must really be a PDF, whatever its name says, and carry no active content."""
    if _already_stored(file):
        return
    _rewind(file)
    try:
        if not file.read(1024).startswith(b"%PDF-"):
            raise ValidationError(PDF_NOT_A_PDF, code="not_pdf")
        file.seek(max(0, file.size - 2048))
        if b"%%EOF" not in file.read():
            raise ValidationError(PDF_DAMAGED, code="pdf_damaged")
        _rewind(file)
        inspect_pdf(_readable(file))
    finally:
        _rewind(file)


def _readable(file):
    """What pikepdf can open: a path for a file on disk, else the file object itself."""
    path = getattr(file, "temporary_file_path", None)
    return path() if path else getattr(file, "file", file)


class ImageUploadFormField(forms.ImageField):
    """Django's image form field, with a clear message for an image that would decode to
    more pixels than Pillow's own safety limit (it otherwise says "not a valid image")."""

    def to_python(self, data):
        try:
            return super().to_python(data)
        except ValidationError as error:
            if isinstance(error.__cause__, Image.DecompressionBombError):
                raise far_too_many_pixels(error.__cause__) from error
            raise


class MetadataFreeImageFieldFile(ImageFieldFile):
    """An image field's file that is stored without personal metadata
    (``content.photo_metadata``): GPS, camera, serial number, author and the rest never
    reach the disk, whatever saves the file (a form, the admin, a command)."""

    def save(self, name, content, save=True):
        _rewind(content)
        data = content.read()
        super().save(name, ContentFile(without_metadata(data), name=name), save)


class ImageField(models.ImageField):
    """``models.ImageField`` whose files are stored without personal metadata, under a
    name with a random part (``content.storage.unguessable_name``), and whose form field
    explains refused decompression bombs."""

    attr_class = MetadataFreeImageFieldFile

    def generate_filename(self, instance, filename):
        return unguessable_name(super().generate_filename(instance, filename), self.max_length)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadFormField, **kwargs})

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.ImageField", args, kwargs


image_validators = [
    validate_image_extension,
    MaxFileSizeValidator("MAX_IMAGE_UPLOAD_BYTES"),
    validate_image_content,
]
report_validators = [
    validate_pdf_extension,
    MaxFileSizeValidator("MAX_REPORT_UPLOAD_BYTES"),
    validate_pdf_content,
]
