"""Changing the translation state: recording what English was translated from, confirming
English as still correct, and saying a Dutch change needs no retranslation."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.contenttypes.models import ContentType

from .models import TranslationRecord
from .registry import tracked_fields
from .state import OUTDATED, field_statuses, records_for, source_hash

_trivial_source_change = ContextVar("trivial_source_change", default=False)


@contextmanager
def source_change_is_trivial():
    """Within this block, saving a changed Dutch text keeps up-to-date English up to date:
    an editor's "no retranslation needed" for a typo fix."""
    token = _trivial_source_change.set(True)
    try:
        yield
    finally:
        _trivial_source_change.reset(token)


def source_change_is_trivial_now():
    return _trivial_source_change.get()


def record_translation(obj, field_name, source):
    """Store that the English of ``field_name`` was translated from the Dutch ``source``."""
    TranslationRecord.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        field=field_name,
        defaults={"source_hash": source_hash(source), "source_text": source or ""},
    )


def forget_translation(obj, field_names):
    TranslationRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        field__in=field_names,
    ).delete()


def confirm_english(obj, field_names=None):
    """The translator's "still correct": the current English of outdated fields (all tracked
    fields, or ``field_names``) now counts as translated from the current Dutch.

    Returns the names of the fields that were outdated and are now up to date.
    """
    wanted = set(tracked_fields(type(obj)) if field_names is None else field_names)
    confirmed = []
    for status in field_statuses(obj, records_for(obj)):
        if status.field in wanted and status.state == OUTDATED:
            record_translation(obj, status.field, status.source)
            confirmed.append(status.field)
    return confirmed
