"""The interface catalogues are complete: nothing untranslated, nothing fuzzy."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUES = sorted(Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/django.po"))


def test_both_catalogues_exist():
    assert {path.parts[-3] for path in CATALOGUES} == {"nl", "en"}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_catalogue_has_no_untranslated_entries(path):
    catalogue = polib.pofile(str(path))
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_catalogue_has_no_fuzzy_entries(path):
    catalogue = polib.pofile(str(path))
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    assert not catalogue.metadata_is_fuzzy


def jinja2_messages():
    """Every interface string the public (Jinja2) templates translate, with its template."""
    from django.template import engines
    from jinja2.ext import extract_from_ast

    environment = engines["jinja2"].env
    root = Path(settings.BASE_DIR, "templates", "jinja2")
    for path in sorted(root.rglob("*.html")):
        tree = environment.parse(path.read_text(), filename=str(path))
        for _line, _function, message in extract_from_ast(tree):
            yield path.relative_to(root), message


def test_public_templates_translate_strings():
    assert len(list(jinja2_messages())) > 30


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_every_string_of_the_public_templates_is_in_the_catalogue(path):
    """`make messages` reads {{ _("...") }} from the Jinja2 templates; a string written in
    another form would be missing from the catalogues and stay English on Dutch pages."""
    msgids = {entry.msgid for entry in polib.pofile(str(path)) if not entry.obsolete}
    missing = [
        (str(template), message) for template, message in jinja2_messages() if message not in msgids
    ]
    assert missing == []
