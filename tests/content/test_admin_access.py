"""The admin for everyone, as the server renders it: every input the site adds has a name
in the admin's language (the rows of lists and tabular inlines, the date and the time of
a moment), and every admin page loads the script that makes the widgets' own markup
usable (tests/browser/test_admin_accessibility.py runs axe-core on the result)."""

import re

import pytest

from tests.factories import (
    add_partner,
    admin_url,
    make_country,
    make_editor,
    make_partner,
    make_project,
    make_translator,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(make_editor())
    return client


@pytest.mark.parametrize("path", ["/admin/", "/admin/projects/project/", "/admin/translations/"])
def test_every_admin_page_loads_the_access_script_with_its_words_in_dutch(editor_client, path):
    html = editor_client.get(path).content.decode()
    assert re.search(
        r'<script src="/static/content/admin-access\.js" '
        r'data-language-switch="Taal van alle velden" defer></script>',
        html,
    )
    assert '<link rel="stylesheet" href="/static/content/admin-access.css">' in html


def test_the_translator_gets_the_words_in_english(client):
    client.force_login(make_translator())
    html = client.get("/admin/translations/").content.decode()
    assert 'data-language-switch="Language of all fields"' in html


def test_the_rows_of_the_project_list_name_their_sort_order(editor_client):
    make_project(title_nl="Rechtshulp in Turkije")
    html = editor_client.get("/admin/projects/project/").content.decode()
    assert re.search(r'<input [^>]*aria-label="Volgorde: Rechtshulp in Turkije"', html)


def test_the_rows_of_the_place_list_name_their_sort_order(editor_client):
    make_country("KE", name_nl="Kenia")
    html = editor_client.get("/admin/projects/country/").content.decode()
    assert re.search(r'<input [^>]*aria-label="Volgorde: Kenia"', html)


def test_a_tabular_inlines_inputs_are_named_after_column_and_row(editor_client):
    project = make_project()
    add_partner(project, make_partner("CEDEM", plain=True))
    html = editor_client.get(admin_url(project)).content.decode()
    assert re.search(r'<select [^>]*aria-label="Rol: [^"]*CEDEM', html)
    assert re.search(r'<input [^>]*name="partnerships-0-DELETE"[^>]*aria-label="Verwijderen', html)
    # The template of a new row: its inputs are named after their column.
    assert re.search(r'<select [^>]*name="partnerships-__prefix__-role"[^>]*aria-label="Rol"', html)


def test_the_date_and_the_time_of_a_moment_each_have_a_label(editor_client):
    project = make_project()
    html = editor_client.get(admin_url(project)).content.decode()
    for name in ("publish_from", "publish_until"):
        assert f'<label class="datetime-part" for="id_{name}_0">Datum:</label>' in html
        assert f'<label class="datetime-part" for="id_{name}_1">Tijd:</label>' in html
