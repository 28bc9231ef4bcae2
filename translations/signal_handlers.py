"""Keep TranslationRecords in step with saves of translated content.

- English written or changed: it was translated from the Dutch text saved with it.
- English emptied: nothing to record.
- Dutch changed, English not: the record is left alone, so the English becomes outdated,
  unless the change is marked trivial (``services.source_change_is_trivial``) and the
  English was up to date before this save.
- English that existed before this workflow (no record yet) is recorded as translated
  from the Dutch text it stood next to before this save.
- English put together from segments (an import, the translator's form) says itself which
  Dutch it was translated from (``services.set_translated_from``): only the segments that
  have English, each with the Dutch it was translated from.
Raw saves (loaddata) are left alone.
"""

from django.db.models.signals import post_delete, post_save, pre_save

from .registry import english_name, source_name, tracked_fields, tracked_models
from .services import (
    TRANSLATED_FROM,
    forget_translation,
    record_translation,
    source_change_is_trivial_now,
)
from .state import records_for, source_hash

PREVIOUS = "_translation_previous_values"
# Set before a save by code that already knows the stored values (an import loaded them):
# saves the query that would read them again.
KNOWN_PREVIOUS = "_translation_known_previous_values"


def previous_values(obj):
    """The stored Dutch and English of ``obj``'s tracked fields, as the handler reads them."""
    return {
        name: getattr(obj, name)
        for field in tracked_fields(type(obj))
        for name in (source_name(field), english_name(field))
    }


def remember_previous_values(sender, instance, raw=False, **kwargs):
    known = instance.__dict__.pop(KNOWN_PREVIOUS, None)
    if raw or instance._state.adding or instance.pk is None:
        setattr(instance, PREVIOUS, None)
        return
    if known is not None:
        setattr(instance, PREVIOUS, known)
        return
    names = [
        name
        for field in tracked_fields(sender)
        for name in (source_name(field), english_name(field))
    ]
    previous = sender._base_manager.filter(pk=instance.pk).values(*names).first()
    setattr(instance, PREVIOUS, previous)


def update_records(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    previous = instance.__dict__.pop(PREVIOUS, None)
    records = None  # read only when needed

    def record_of(field):
        nonlocal records
        if records is None:
            records = records_for(instance)
        return records.get(field)

    trivial = source_change_is_trivial_now()
    translated_from = instance.__dict__.pop(TRANSLATED_FROM, {})
    emptied = []
    for field in tracked_fields(sender):
        nl_name, en_name = source_name(field), english_name(field)
        if update_fields is not None and not {nl_name, en_name} & set(update_fields):
            continue
        source = getattr(instance, nl_name) or ""
        english = getattr(instance, en_name) or ""
        if not english.strip():
            emptied.append(field)
            continue
        if field in translated_from:
            record_translation(instance, field, translated_from[field])
            continue
        if previous is None:
            record_translation(instance, field, source)
            continue
        old_source = previous[nl_name] or ""
        old_english = previous[en_name] or ""
        if english != old_english:
            record_translation(instance, field, source)
            continue
        record = record_of(field)
        if record is None:
            record_translation(instance, field, source if trivial else old_source)
        elif trivial and source != old_source and record.source_hash == source_hash(old_source):
            record_translation(instance, field, source)
    if emptied and not created:
        forget_translation(instance, emptied)


def delete_records(sender, instance, **kwargs):
    forget_translation(instance, tracked_fields(sender))


def connect():
    for model in tracked_models():
        uid = f"translations:{model._meta.label}"
        pre_save.connect(remember_previous_values, sender=model, dispatch_uid=uid)
        post_save.connect(update_records, sender=model, dispatch_uid=uid)
        post_delete.connect(delete_records, sender=model, dispatch_uid=uid)
