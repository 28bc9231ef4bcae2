"""Checks on English text that the admin form and the import share, so a value refused
in one is refused in the other: no control characters (NUL, BEL, ...; PostgreSQL refuses
NUL outright) nor invisible characters that reverse or hide text (U+202E, zero-width
spaces, a byte order mark), no line breaks in a one-line field, and, for an import's plain text, no
HTML (it would show literally on the page)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# C0 controls except tab, line feed and carriage return; DEL; C1 controls; the two
# Unicode non-characters some tools use as markers; and the invisible characters that change
# how text shows or is matched: bidirectional embeddings, overrides and isolates (U+202E
# shows the rest of a title reversed), zero-width spaces and joiners, the word joiner and
# the byte order mark.
_INVISIBLE = "\u200b-\u200d\u202a-\u202e\u2060\u2066-\u2069\ufeff"
CONTROL = re.compile(rf"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff{_INVISIBLE}]")
CONTROL_BUT_NUL = re.compile(rf"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff{_INVISIBLE}]")
LINE_BREAK = re.compile(r"[\r\n\u2028\u2029]")
TAG = re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?\s*>|<!--")
ENTITY = re.compile(r"&(#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]{1,31});")


def validate_no_control_characters(value, pattern=CONTROL):
    match = pattern.search(value or "")
    if match:
        raise ValidationError(
            _(
                "The text contains an invisible control character (U+%(code)04X) at "
                "position %(position)s; remove it."
            ),
            code="control_character",
            params={"code": ord(match.group()), "position": match.start() + 1},
        )


def validate_no_other_control_characters(value):
    """The same, NUL left to Django's own form check (one message per problem)."""
    validate_no_control_characters(value, CONTROL_BUT_NUL)


def validate_single_line(value):
    if LINE_BREAK.search(value or ""):
        raise ValidationError(
            _("This field is one line of text: remove the line breaks."), code="line_break"
        )


def validate_no_markup(value):
    match = TAG.search(value or "") or ENTITY.search(value or "")
    if match:
        raise ValidationError(
            _(
                "This field is plain text and shows exactly what is written, so HTML "
                "(“%(markup)s”) is not allowed: write the text without tags or entities."
            ),
            code="markup",
            params={"markup": match.group()[:40]},
        )


def text_validators(model_field):
    """The extra checks for the form field of a text ``model_field``."""
    validators = [validate_no_other_control_characters]
    if isinstance(model_field, models.CharField):
        validators.append(validate_single_line)
    return validators


# A web address on the site is a page a visitor's browser opens: not ftp: (which Django's
# URLField accepts) nor anything else.
WEB_ADDRESS = URLValidator(
    schemes=("http", "https"),
    message=_("A web address starts with http:// or https://."),
    # Not "invalid": a form field replaces that code's message with its own.
    code="web_address",
)


def add_text_validators(form_field, model_field):
    """Give a form's text field the checks the import makes as well; a web address, that
    it is one (http or https)."""
    if isinstance(form_field, forms.CharField) and isinstance(
        model_field, (models.CharField, models.TextField)
    ):
        wanted = list(text_validators(model_field))
        if isinstance(model_field, models.URLField):
            wanted.append(WEB_ADDRESS)
        for validator in wanted:
            if validator not in form_field.validators:
                form_field.validators.append(validator)


LINK_SCHEMES = ("http", "https", "mailto", "tel")


def validate_link_scheme(value):
    """A link address a visitor's browser opens as a page, a mail or a call (not ftp:,
    javascript:, file: ...)."""
    scheme = (value or "").split(":", 1)[0].strip().lower()
    if ":" not in (value or "") or scheme not in LINK_SCHEMES:
        raise ValidationError(
            _("A link address starts with http://, https://, mailto: or tel:."),
            code="link_scheme",
        )
