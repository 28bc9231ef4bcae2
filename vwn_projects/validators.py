"""Validators for uploads, shared by the content apps."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

validate_image_extension = FileExtensionValidator(["jpg", "jpeg", "png", "webp"])
validate_pdf_extension = FileExtensionValidator(["pdf"])


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


def validate_pdf_content(file):
    """A report must really be a PDF, whatever its name says."""
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    header = file.read(5)
    file.seek(position)
    if header != b"%PDF-":
        raise ValidationError(_("This file is not a PDF document."), code="not_pdf")


image_validators = [validate_image_extension, MaxFileSizeValidator("MAX_IMAGE_UPLOAD_BYTES")]
report_validators = [
    validate_pdf_extension,
    validate_pdf_content,
    MaxFileSizeValidator("MAX_REPORT_UPLOAD_BYTES"),
]
