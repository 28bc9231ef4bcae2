"""What the search index holds of each kind of object, per language.

A document is (title, text) as plain text, in the language a visitor reads it in: the
English text where there is one, else the Dutch the English page falls back to (rich text
translated in part counts as untranslated, as on the pages).
"""

import html
import re

from django.conf import settings
from django.utils.html import strip_tags
from modeltranslation.utils import build_localized_fieldname

from content.richtext import is_partial_translation
from partners.models import FundingSource, PartnerOrganisation
from projects.models import Country, Project, Workshop

from .models import Entry

SOURCE_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
LANGUAGES = [code for code, _name in settings.LANGUAGES]

# Control characters never belong in text; the search marks matching words with \x01 and
# \x02 (backends.MARK_START, MARK_END), so those must not occur in what is indexed.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain(value):
    """Plain text of (rich) text: tags out, entities decoded, whitespace collapsed."""
    text = html.unescape(strip_tags(value or ""))
    return " ".join(CONTROL_CHARACTERS.sub(" ", text).split())


def localized(obj, name, language, rich=False):
    """The text of field ``name`` as the page in ``language`` shows it."""
    source = getattr(obj, build_localized_fieldname(name, SOURCE_LANGUAGE), None) or ""
    if language == SOURCE_LANGUAGE:
        return source
    own = getattr(obj, build_localized_fieldname(name, language), None) or ""
    if own and not (rich and is_partial_translation(source, own)):
        return own
    return source


def join(*parts):
    return " ".join(part for part in parts if part)


def project_document(project, language, workshops):
    text = [
        localized(project, "summary", language),
        plain(localized(project, "body", language, rich=True)),
    ]
    for workshop in workshops:
        text.append(localized(workshop, "title", language))
        text.append(plain(localized(workshop, "description", language, rich=True)))
    return plain(localized(project, "title", language)), join(*text)


def place_document(place, language):
    # The situation first: a hit's excerpt starts with it.
    return plain(localized(place, "name", language)), join(
        plain(localized(place, "situation", language, rich=True)),
        localized(place, "region", language),
    )


def partner_document(partner, language):
    name = plain(localized(partner, "name", language))
    title = f"{name} ({partner.acronym})" if partner.acronym else name
    return title, plain(localized(partner, "description", language, rich=True))


def funder_document(funder, language):
    return plain(localized(funder, "name", language)), plain(
        localized(funder, "description", language, rich=True)
    )


KINDS = {
    # model -> kind of entry
    Project: Entry.Kind.PROJECT,
    Country: Entry.Kind.PLACE,
    PartnerOrganisation: Entry.Kind.PARTNER,
    FundingSource: Entry.Kind.FUNDER,
}


def documents(obj, workshops=None):
    """[(language, title, text)] of an object of one of the indexed models."""
    found = []
    for language in LANGUAGES:
        if isinstance(obj, Project):
            if workshops is None:
                workshops = list(Workshop.objects.filter(project=obj))
            title, text = project_document(obj, language, workshops)
        elif isinstance(obj, Country):
            title, text = place_document(obj, language)
        elif isinstance(obj, PartnerOrganisation):
            title, text = partner_document(obj, language)
        else:
            title, text = funder_document(obj, language)
        found.append((language, title, text))
    return found
