"""Validators for uploads, shared by the content apps.

Uploads are judged by their content, not their name: an image must be a JPEG, PNG or
WebP that Pillow can read, whose extension matches what it really is, within a size and
a pixel limit (checked from the header, before anything is decoded, so a small file that
would decode to a huge image costs no memory); a report must be a real PDF.
"""

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

validate_image_extension = FileExtensionValidator(["jpg", "jpeg", "png", "webp"])
validate_pdf_extension = FileExtensionValidator(["pdf"])

# What Pillow says a file is -> the extensions it may then have.
IMAGE_FORMATS = {"JPEG": {"jpg", "jpeg"}, "PNG": {"png"}, "WEBP": {"webp"}}

TOO_MANY_PIXELS = _(
    "This image is %(width)s × %(height)s pixels; the limit is %(limit)s million pixels. "
    "Make it smaller and upload it again."
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
    except Image.DecompressionBombError as error:
        raise ValidationError(
            _("This image has far too many pixels."), code="too_many_pixels"
        ) from error
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


# Names of active content in a PDF: scripts and launching programs. A best effort (a
# compressed object stream can hide them); reports are always served as downloads.
_PDF_ACTIVE_CONTENT = re.compile(rb"/(?:JavaScript|JS|Launch)(?=[\s/<>\[\]()%]|$)")


def validate_pdf_content(file):
    """A report must really be a PDF, whatever its name says, and carry no active content."""
    if _already_stored(file):
        return
    _rewind(file)
    try:
        header = file.read(1024)
        if not header.startswith(b"%PDF-"):
            raise ValidationError(_("This file is not a PDF document."), code="not_pdf")
        file.seek(max(0, file.size - 2048))
        if b"%%EOF" not in file.read():
            raise ValidationError(
                _("This PDF document is incomplete or damaged."), code="pdf_damaged"
            )
        _rewind(file)
        previous = b""
        for chunk in iter(lambda: file.read(64 * 1024), b""):
            window = previous + chunk
            if _PDF_ACTIVE_CONTENT.search(window):
                raise ValidationError(
                    _(
                        "This PDF contains scripts or automatic actions. Save it again "
                        "as a plain PDF (e.g. print to PDF) and upload that."
                    ),
                    code="pdf_active_content",
                )
            previous = chunk[-16:]
    finally:
        _rewind(file)


class ImageUploadFormField(forms.ImageField):
    """Django's image form field, with a clear message for an image that would decode to
    more pixels than Pillow's own safety limit (it otherwise says "not a valid image")."""

    def to_python(self, data):
        try:
            return super().to_python(data)
        except ValidationError as error:
            if isinstance(error.__cause__, Image.DecompressionBombError):
                raise ValidationError(
                    _("This image has far too many pixels."), code="too_many_pixels"
                ) from error
            raise


class ImageField(models.ImageField):
    """``models.ImageField`` whose form field explains refused decompression bombs."""

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
