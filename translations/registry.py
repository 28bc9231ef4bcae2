"""Which content is translated, which of its fields a translator tracks, and how the
translator's desk groups it.

The fields come from django-modeltranslation's registrations (each content app's
translation.py); the desk's grouping from the content declarations (``content.registry``:
``desk`` and ``desk_children``).
"""

from django.conf import settings
from django.db import models
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

from content.registry import options_for

SOURCE_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
TARGET_LANGUAGE = next(
    code for code in settings.MODELTRANSLATION_LANGUAGES if code != SOURCE_LANGUAGE
)


def kind_for_model(model):
    """The desk's kind of content for ``model`` (its declaration), or None."""
    options = options_for(model)
    return options if options is not None and options.desk else None


def translated_fields(model):
    """All fields registered for translation, in the model's order (slugs included): its
    own fields first, then those of shared field groups (``content.models.Photo``), which
    Django puts first."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return []
    shared = {
        field.name
        for base in model.__mro__[1:]
        if issubclass(base, models.Model) and base is not models.Model and base._meta.abstract
        for field in base._meta.local_fields
    }
    names = [
        field.name
        for field in model._meta.fields
        if field.name in options.fields and not hasattr(field, "translated_field")
    ]
    return sorted(names, key=lambda name: name in shared)


def tracked_fields(model):
    """The translated fields whose English a translator writes and keeps up to date.

    Slugs are left out: they are addresses derived from the title, and an object without
    an English slug is still reached at its Dutch one.
    """
    return [
        name
        for name in translated_fields(model)
        if not isinstance(model._meta.get_field(name), models.SlugField)
    ]


def is_optional(model, field_name):
    """A web address needs no English of its own: the Dutch one is used until there is one."""
    return isinstance(model._meta.get_field(field_name), models.URLField)


def tracked_models():
    return [model for model in translator.get_registered_models() if tracked_fields(model)]


def source_name(field_name):
    return build_localized_fieldname(field_name, SOURCE_LANGUAGE)


def english_name(field_name):
    return build_localized_fieldname(field_name, TARGET_LANGUAGE)


def english_field_names(model):
    """The form fields a translator may change: the English column of each translated field."""
    return {english_name(name) for name in translated_fields(model)}


def source_field_names(model):
    return {source_name(name) for name in translated_fields(model)}


def english_slug_suggestion(obj):
    """An English address for ``obj`` made from its English title or name ("" if none)."""
    from django.utils.text import slugify

    for name in ("title", "name"):
        if name in translated_fields(type(obj)):
            suggestion = slugify(getattr(obj, english_name(name)) or "")
            if suggestion:
                return suggestion
    return ""
