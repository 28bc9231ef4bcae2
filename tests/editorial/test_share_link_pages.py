"""A share link's page leads its reader, who has no account, only to pages that work for
them: the draft's place or partner without anything published is named, not linked."""

import re

import pytest
from django.test import Client

from tests.editorial.test_sharing import create_link
from tests.factories import add_partner, make_country, make_editor, make_partner, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client():
    client = Client()
    client.force_login(make_editor())
    return client


def links(html):
    return re.findall(r'<a\b[^>]*href="([^"]*)"', html)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_shared_draft_links_only_to_pages_the_public_can_open(client, editor_client, language):
    new_place = make_country(name_nl="Moldavië", name_en="Moldova")
    known_place = make_country(name_nl="Kosovo", name_en="Kosovo")
    make_project(countries=[known_place])  # published: Kosovo's page is public
    known_partner, new_partner = make_partner(), make_partner()
    add_partner(make_project(countries=[known_place]), known_partner)
    draft = make_project(published=False, countries=[new_place, known_place])
    add_partner(draft, new_partner)
    add_partner(draft, known_partner)

    html = client.get(create_link(editor_client, draft, language=language)).content.decode()
    hrefs = links(html)
    # The public sees a 404 at the new place's and the new partner's pages: not linked,
    # but still named.
    for page in (new_place, new_partner):
        address = _address(page, language)
        assert client.get(address).status_code == 404
        assert address not in hrefs
    assert (new_place.name_nl if language == "nl" else new_place.name_en) in html
    assert str(new_partner.name) in html
    # What the public can open stays linked.
    for page in (known_place, known_partner):
        address = _address(page, language)
        assert client.get(address).status_code == 200
        assert address in hrefs


def _address(obj, language):
    from django.utils import translation

    with translation.override(language):
        return obj.get_absolute_url()
