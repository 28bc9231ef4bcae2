"""A project with publish-from / publish-until moments is public exactly between them,
everywhere, at request time: no save, no periodic job, no cached copy past the moment."""

import datetime
import json
import re

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from lxml import etree

from projects.models import Country, Project
from projects.open_data import iati_identifier
from tests.admin_forms import change_form_data
from tests.factories import add_partner, make_country, make_partner, make_project

pytestmark = pytest.mark.django_db

LAUNCH = datetime.datetime(2031, 3, 1, 9, 0, tzinfo=datetime.UTC)
BEFORE = LAUNCH - datetime.timedelta(minutes=1)
AFTER = LAUNCH + datetime.timedelta(seconds=1)


def url_of(obj, language="nl"):
    with translation.override(language):
        return obj.get_absolute_url()


def json_ld_names(response):
    blocks = re.findall(rb'<script type="application/ld\+json">(.*?)</script>', response.content)
    return json.dumps([json.loads(block) for block in blocks])


def where_visible(client, project, partner):
    """Every place the public could see the project, and whether it does."""
    country = project.countries.get()
    overview = client.get("/nl/")
    english = client.get("/en/")
    sitemap = client.get("/sitemap.xml").content.decode()
    iati_file = client.get("/iati/activities.xml")
    identifier = iati_identifier(project)
    return {
        "project page nl": client.get(url_of(project)).status_code == 200,
        "project page en": client.get(url_of(project, "en")).status_code == 200,
        "overview": project.title_nl.encode() in overview.content,
        "overview en": project.title_en.encode() in english.content,
        "overview JSON-LD": project.title_nl in json_ld_names(overview),
        "country page": client.get(url_of(country)).status_code == 200,
        "partner page": client.get(url_of(partner)).status_code == 200,
        "sitemap": url_of(project) in sitemap,
        "IATI file": iati_file.status_code == 200 and identifier.encode() in iati_file.content,
        "IATI activity": client.get(f"/iati/activities/{identifier}.xml").status_code == 200,
    }


@pytest.fixture
def scheduled():
    """A project published from LAUNCH, alone in its country, with its own partner."""
    project = make_project(title_nl="Lancering", publish_from=LAUNCH)
    partner = make_partner()
    add_partner(project, partner)
    # Another published project keeps the overview and the IATI file non-empty.
    make_project(title_nl="Al zichtbaar")
    return project, partner


def test_a_project_with_a_future_publish_from_is_invisible_everywhere(client, scheduled):
    project, partner = scheduled
    with time_machine.travel(BEFORE, tick=False):
        visible = where_visible(client, project, partner)
    assert not any(visible.values()), visible


def test_it_is_visible_everywhere_right_after_the_moment_without_a_save(client, scheduled):
    project, partner = scheduled
    with time_machine.travel(BEFORE, tick=False):
        where_visible(client, project, partner)  # fills the page cache before the moment
    with time_machine.travel(AFTER, tick=False):
        visible = where_visible(client, project, partner)
    assert all(visible.values()), visible


def test_a_project_disappears_everywhere_at_its_publish_until(client):
    project = make_project(title_nl="Afgelopen", publish_until=LAUNCH)
    partner = make_partner()
    add_partner(project, partner)
    make_project(title_nl="Blijft")
    with time_machine.travel(BEFORE, tick=False):
        assert all(where_visible(client, project, partner).values())
    with time_machine.travel(AFTER, tick=False):
        visible = where_visible(client, project, partner)
    assert not any(visible.values()), visible


def test_other_pages_json_ld_leaves_out_a_scheduled_project(client):
    country = make_country()
    shown = make_project([country], title_nl="Nu zichtbaar")
    make_project([country], title_nl="Straks zichtbaar", publish_from=LAUNCH)
    with time_machine.travel(BEFORE, tick=False):
        page = client.get(url_of(country))
    assert "Nu zichtbaar" in json_ld_names(page)
    assert "Straks zichtbaar" not in json_ld_names(page)
    assert shown.title_nl.encode() in page.content


def test_a_country_is_public_only_while_one_of_its_projects_is(client):
    country = make_country()
    make_project([country], publish_from=LAUNCH)
    with time_machine.travel(BEFORE, tick=False):
        assert not Country.objects.published().filter(pk=country.pk).exists()
    with time_machine.travel(AFTER, tick=False):
        assert Country.objects.published().filter(pk=country.pk).exists()


def test_a_draft_with_a_publish_from_in_the_past_stays_hidden():
    make_project(published=False, publish_from=LAUNCH)
    with time_machine.travel(AFTER, tick=False):
        assert not Project.objects.published().exists()


def test_publish_until_must_come_after_publish_from():
    project = make_project(publish_from=LAUNCH)
    project.publish_until = LAUNCH
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "publish_until" in error.value.message_dict


def test_a_scheduled_project_is_first_published_at_its_moment():
    with time_machine.travel(BEFORE, tick=False):
        project = make_project(publish_from=LAUNCH)
    assert project.first_published_at == LAUNCH


def test_the_admin_list_says_when_a_project_is_scheduled(admin_client):
    make_project(title_nl="Lancering", publish_from=LAUNCH)
    make_project(title_nl="Afgelopen", publish_until=timezone.now() - datetime.timedelta(days=1))
    page = admin_client.get(reverse("admin:projects_project_changelist")).content.decode()
    assert "gepland voor 1 maart 2031" in page
    assert "afgelopen op" in page


def test_an_editor_schedules_a_project_in_the_admin(admin_client, client):
    project = make_project(title_nl="Lancering")
    url = reverse("admin:projects_project_change", args=[project.pk])
    data = change_form_data(admin_client.get(url))
    data.update({"publish_from_0": "01-03-2031", "publish_from_1": "10:00:00"})
    assert admin_client.post(url, data).status_code == 302
    project.refresh_from_db()
    # Amsterdam is an hour ahead of UTC in March.
    assert project.publish_from == LAUNCH
    assert client.get(url_of(project)).status_code == 404


class TestPageCacheLifetime:
    def test_a_page_cached_before_a_moment_is_not_served_after_it(self, client, scheduled):
        project, _partner = scheduled
        with time_machine.travel(BEFORE, tick=False):
            assert b"Lancering" not in client.get("/nl/").content
            assert b"Lancering" not in client.get("/nl/").content  # from the cache
        with time_machine.travel(AFTER, tick=False):
            assert b"Lancering" in client.get("/nl/").content

    def test_no_page_is_stored_for_longer_than_the_time_to_the_next_moment(self, scheduled):
        from website.page_cache import entry_timeout, next_scheduled_moment

        with time_machine.travel(BEFORE, tick=False):
            moment = next_scheduled_moment()
            assert moment == LAUNCH
            assert entry_timeout(moment, 24 * 3600) == 61

    def test_the_iati_file_is_fresh_after_a_moment_too(self, client, scheduled):
        project, _partner = scheduled
        with time_machine.travel(BEFORE, tick=False):
            before = client.get("/iati/activities.xml")
        with time_machine.travel(AFTER, tick=False):
            after = client.get("/iati/activities.xml")
        found = [e.text for e in etree.fromstring(after.content).iter("iati-identifier")]
        assert iati_identifier(project) in found
        assert iati_identifier(project).encode() not in before.content
