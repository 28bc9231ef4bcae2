"""Which content is translated, which of its fields a translator tracks, and how the
translator's desk groups it.

The models come from django-modeltranslation's registrations (``partners/translation.py``,
``projects/translation.py``); this module only adds the desk's grouping. Models are named
by label, so neither content app has to import the other.
"""

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

SOURCE_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
TARGET_LANGUAGE = next(
    code for code in settings.MODELTRANSLATION_LANGUAGES if code != SOURCE_LANGUAGE
)


@dataclass(frozen=True)
class Kind:
    """One kind of content on the translator's desk."""

    key: str
    model_label: str
    label: str
    # Related names of inline content (edited in this model's form) counted under it.
    children: tuple[str, ...] = ()

    @property
    def model(self):
        return apps.get_model(self.model_label)

    def child_relations(self):
        """[(related model, name of its foreign key to this kind's model)]."""
        relations = []
        for name in self.children:
            relation = self.model._meta.get_field(name)
            relations.append((relation.related_model, relation.field.name))
        return relations


KINDS = (
    Kind("overview", "projects.OverviewPage", _("overview texts")),
    Kind("countries", "projects.Country", _("countries")),
    Kind("projects", "projects.Project", _("projects"), children=("videos", "links")),
    Kind("workshops", "projects.Workshop", _("workshops")),
    Kind("partners", "partners.PartnerOrganisation", _("partner organisations")),
    Kind("funders", "partners.FundingSource", _("funding sources")),
)


def kind_for_model(model):
    for kind in KINDS:
        if kind.model is model:
            return kind
    return None


def translated_fields(model):
    """All fields registered for translation, in the model's order (slugs included)."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return []
    return [
        field.name
        for field in model._meta.fields
        if field.name in options.fields and not hasattr(field, "translated_field")
    ]


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
