"""The interface catalogues are complete: nothing untranslated, nothing fuzzy."""

import ast
import io
import re
import tokenize
from pathlib import Path

import polib
import pytest
from django.conf import settings

# django.po: the Python code and templates; djangojs.po: the admin's scripts.
CATALOGUES = sorted(Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/*.po"))


def test_both_catalogues_exist():
    assert {(path.parts[-3], path.stem) for path in CATALOGUES} == {
        (language, domain) for language in ("nl", "en") for domain in ("django", "djangojs")
    }


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: f"{path.parts[-3]}-{path.stem}")
def test_catalogue_has_no_untranslated_entries(path):
    catalogue = polib.pofile(str(path))
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: f"{path.parts[-3]}-{path.stem}")
def test_catalogue_has_no_fuzzy_entries(path):
    catalogue = polib.pofile(str(path))
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    assert not catalogue.metadata_is_fuzzy


JINJA2_TEMPLATES = sorted(Path(settings.BASE_DIR, "templates", "jinja2").rglob("*.html"))


def jinja2_messages(path):
    """The interface strings a Jinja2 template translates, as Jinja2 itself sees them."""
    from django.template import engines
    from jinja2.ext import extract_from_ast

    tree = engines["jinja2"].env.parse(path.read_text(), filename=str(path))
    return [message for _line, _function, message in extract_from_ast(tree)]


def makemessages_messages(path):
    """The strings `make messages` extracts from the same template: Django's templatize
    turns it into text with a _("...") call per string, which xgettext then reads."""
    from django.utils.translation.template import templatize

    tokens = list(tokenize.generate_tokens(io.StringIO(templatize(path.read_text())).readline))
    return [
        ast.literal_eval(tokens[index + 2].string)
        for index, token in enumerate(tokens[:-3])
        if token.string == "_"
        and tokens[index + 1].string == "("
        and tokens[index + 2].type == tokenize.STRING
        and tokens[index + 3].string == ")"
    ]


def test_public_templates_translate_strings():
    assert sum(len(jinja2_messages(path)) for path in JINJA2_TEMPLATES) > 30


@pytest.mark.parametrize("path", JINJA2_TEMPLATES, ids=lambda path: path.name)
def test_make_messages_extracts_every_string_of_the_public_templates(path):
    """A _() that is not first in its {{ }} is translated on the page but never extracted:
    the next `make messages` would drop it from the catalogues."""
    assert sorted(makemessages_messages(path)) == sorted(jinja2_messages(path))


@pytest.mark.parametrize(
    "path", [p for p in CATALOGUES if p.stem == "django"], ids=lambda path: path.parts[-3]
)
def test_every_string_of_the_public_templates_is_in_the_catalogue(path):
    msgids = {entry.msgid for entry in polib.pofile(str(path)) if not entry.obsolete}
    missing = [
        (template.name, message)
        for template in JINJA2_TEMPLATES
        for message in jinja2_messages(template)
        if message not in msgids
    ]
    assert missing == []


PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]")


def placeholders(text):
    return sorted(match.group(0) for match in PLACEHOLDER.finditer(text))


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: f"{path.parts[-3]}-{path.stem}")
def test_translations_keep_the_placeholders_of_their_source(path):
    """A translation that misspells %(country)s would make the page fail as it is
    filled in (templates fill placeholders with Jinja2's format filter, which raises)."""
    wrong = []
    for entry in polib.pofile(str(path)):
        if entry.obsolete or "python-format" not in entry.flags:
            continue
        if entry.msgid_plural:
            source = placeholders(entry.msgid_plural)
            translations = entry.msgstr_plural.values()
        else:
            source = placeholders(entry.msgid)
            translations = [entry.msgstr]
        for text in translations:
            found = placeholders(text)
            # A singular form may leave out the count ("een jaar" for %(count)s year).
            if found != source and not (entry.msgid_plural and set(found) <= set(source)):
                wrong.append((entry.msgid, text))
    assert wrong == []
