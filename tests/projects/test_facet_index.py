"""The projects list's facet index (projects/listing.py): kept by a process between
requests, read again as soon as the content clock (website/freshness.py) says something
it was read from changed, and never holding what the public may not see."""

import datetime
import re
from unittest import mock

import pytest
from django.db import connection
from django.utils import timezone

from projects import listing
from projects.models import Project
from tests.factories import add_funding, make_country, make_funder, make_overview, make_project
from website import dependencies, freshness

pytestmark = pytest.mark.django_db


def titles(client, path="/nl/projecten/", **parameters):
    response = client.get(path, parameters)
    assert response.status_code == 200
    return re.findall(
        r'class="project-list__title" href="[^"]*">(.*?)</a>', response.content.decode()
    )


def api_titles(client, **parameters):
    response = client.get("/api/v1/projects", parameters)
    assert response.status_code == 200
    return [item["title"] for item in response.json()["items"]]


@pytest.fixture(autouse=True)
def uncached(settings):
    settings.PAGE_CACHE_ENABLED = False  # every request is rendered: only the index is kept


def test_the_index_is_kept_while_nothing_changes(client, django_assert_num_queries):
    make_project(title_nl="Een")
    titles(client, status="current")
    kept = listing._indexes["nl"]
    # None: the projects shown and the overview's texts are kept with the index.
    with django_assert_num_queries(0):
        assert titles(client, status="current") == ["Een"]
    assert listing._indexes["nl"] is kept


def test_the_projects_shown_are_read_again_after_a_change(client):
    project = make_project(title_nl="Een", summary_nl="Oud")
    make_project(title_nl="Twee")
    assert titles(client, status="current") == ["Een", "Twee"]
    project.title_nl = "Eén, herschreven"
    project.summary_nl = "Nieuw"
    project.save()
    assert titles(client, status="current") == ["Eén, herschreven", "Twee"]
    assert "Nieuw" in client.get("/nl/projecten/").content.decode()


def test_a_save_in_this_process_is_seen_at_once(client):
    place = make_country(name_nl="Kenia", slug_nl="kenia")
    project = make_project(countries=[place], title_nl="Een")
    make_project(title_nl="Twee")
    assert titles(client, status="current") == ["Een", "Twee"]
    assert titles(client, place="kenia") == ["Een"]
    project.status = Project.Status.DRAFT  # unpublished
    project.save()
    assert titles(client, status="current") == ["Twee"]
    # The place has no published project left: not offered, and its filter left out.
    assert "kenia" not in listing._indexes["nl"].place_slugs
    assert "no longer applies" in client.get("/en/projects/", {"place": "kenia"}).content.decode()
    assert api_titles(client) == ["Twee"]
    draft = make_project(title_nl="Concept", published=False)
    add_funding(draft, make_funder("het stille fonds", slug="stil"))
    assert titles(client) == ["Twee"]
    assert "stille fonds" not in client.get("/nl/projecten/").content.decode()
    assert "stil" not in listing._indexes["nl"].funder_slugs


def test_a_change_made_by_another_process_is_seen_at_the_next_poll(client, settings):
    """Another process (admin, ``manage.py shell``, an import) writes the change in its own
    transaction; this process sees it when its knowledge polls the clock (within the
    staleness bound), as the page cache does."""
    settings.PAGE_CACHE_POLL_SECONDS = 0  # each request polls (in production: 0.2 s)
    project = make_project(title_nl="Een")
    make_project(title_nl="Twee")
    assert titles(client, status="current") == ["Een", "Twee"]
    assert api_titles(client) == ["Een", "Twee"]
    # No signal in this process: the row and its change record (the items a save of it
    # writes), as another process commits them; this process's knowledge is not told.
    items = sorted(dependencies.changed_items(project) | {freshness.TAKEDOWN})
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE projects_project SET status = %s WHERE id = %s",
            [Project.Status.DRAFT, project.pk],
        )
        cursor.execute(
            f"UPDATE {freshness.CLOCK_TABLE} SET number = number + 1 WHERE id = 1 RETURNING number"
        )
        (number,) = cursor.fetchone()
        cursor.executemany(
            f"INSERT INTO {freshness.CHANGE_TABLE} (number, item) VALUES (%s, %s)",
            [(number, item) for item in items],
        )
    assert titles(client, status="current") == ["Twee"]
    assert api_titles(client) == ["Twee"]


def test_without_a_current_knowledge_of_the_clock_nothing_is_kept(client):
    make_project(title_nl="Een")
    with mock.patch.object(freshness.knowledge, "current", return_value=None):
        assert titles(client) == ["Een"]
        assert "nl" not in listing._indexes
        make_project(title_nl="Twee")
        assert titles(client) == ["Een", "Twee"]


def test_a_scheduled_project_appears_when_its_moment_comes(client):
    now = timezone.now()
    make_project(title_nl="Nu")
    make_project(title_nl="Straks", publish_from=now + datetime.timedelta(hours=1))
    make_project(title_nl="Tot straks", publish_until=now + datetime.timedelta(hours=2))
    assert titles(client) == ["Nu", "Tot straks"]
    later = now + datetime.timedelta(hours=1, minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert titles(client) == ["Nu", "Straks", "Tot straks"]
        assert api_titles(client) == ["Nu", "Straks", "Tot straks"]
    much_later = now + datetime.timedelta(hours=3)
    with mock.patch("django.utils.timezone.now", return_value=much_later):
        assert titles(client) == ["Nu", "Straks"]


def test_an_index_of_a_database_put_back_to_an_earlier_state_is_not_used(client):
    """A restore (or a rolled-back transaction) lowers the clock below the index's."""
    make_project(title_nl="Een")
    assert titles(client) == ["Een"]
    index = listing._indexes["nl"]
    epoch, number = index.stamp
    index.stamp = (epoch, number + 10**9)  # as if read after changes since undone
    index.read_at -= 60  # (not one the warm-up just read ahead of the process's state)
    freshness.knowledge.changed_here()
    assert titles(client) == ["Een"]
    assert listing._indexes["nl"] is not index


def test_the_list_and_its_counts_are_the_same_from_the_kept_index(client):
    place = make_country(name_nl="Kenia", slug_nl="kenia")
    for number in range(3):
        make_project(countries=[place], title_nl=f"K{number}", sector="15160")
    make_project(title_nl="Elders")
    first = client.get("/nl/projecten/", {"theme": "15160"}).content
    assert listing._indexes["nl"] is not None
    listing.forget_facet_indexes()
    again = client.get("/nl/projecten/", {"theme": "15160"}).content
    kept = client.get("/nl/projecten/", {"theme": "15160"}).content
    strip = lambda html: re.sub(rb'nonce="[^"]*"', b"", html)  # noqa: E731
    assert strip(first) == strip(again) == strip(kept)
    assert "Kenia (3)" in kept.decode()


def test_the_search_chooses_public_hits_by_the_kept_index(client):
    place = make_country(name_nl="Waterland", slug_nl="waterland")
    project = make_project(countries=[place], title_nl="Schoon water")
    add_funding(project, make_funder("het waterfonds", slug="waterfonds"))

    def found(query):
        html = client.get("/nl/zoeken/", {"q": query}).content.decode()
        return re.sub(r"<[^>]+>", "", html)

    assert "Schoon water" in found("water") and "Waterland" in found("water")
    assert "het waterfonds" in found("waterfonds")
    kept = listing._indexes["nl"]
    project.status = Project.Status.DRAFT
    project.save()
    assert "Schoon water" not in found("water") and "Waterland" not in found("water")
    assert "het waterfonds" not in found("waterfonds")
    assert listing._indexes["nl"] is not kept


def test_the_overview_texts_kept_with_the_index_follow_an_edit(client):
    """The list and the search take their languages from the overview's texts, kept with
    the index: an English title written for the overview adds the English page at once."""
    overview = make_overview(title_en="")
    make_project(title_nl="Een")
    path = "/nl/projecten/?status=current"
    assert '<link rel="alternate" hreflang="en"' not in client.get(path).content.decode()
    overview.title_en = "Our projects"
    overview.save()
    assert '<link rel="alternate" hreflang="en"' in client.get(path).content.decode()
    assert '<link rel="alternate" hreflang="en"' in client.get("/nl/zoeken/?q=een").content.decode()


def test_a_rename_moves_a_project_in_the_list_even_before_it_was_shown(client):
    """The list's order has the titles in it (projects of the same order by title): a
    project renamed, that no page of the list showed yet, takes its new place at once."""
    projects = [make_project(title_nl=f"Project {n:02}") for n in range(25)]
    Project.objects.update(sort_order=1)
    listing.forget_facet_indexes()
    assert titles(client)[:2] == ["Project 00", "Project 01"]  # page 1: 00 to 19
    last = projects[-1]
    last.refresh_from_db()
    last.title_nl = "Aanpak 24"
    last.save()
    assert titles(client)[:2] == ["Aanpak 24", "Project 00"]


def test_an_index_of_an_earlier_state_does_not_replace_a_later_one(settings):
    """The warm-up renders under the new state while requests are still served under the
    old one: the index built for the old state is used, not kept over the new one's."""
    make_project(title_nl="Een")
    listing.forget_facet_indexes()
    old = freshness.knowledge.current()
    newer = freshness.State(
        old.epoch, old.number + 1, old.changed, old.moment, old.passed, old.polled_at,
        recent=((old.number + 1,), ("projects.project",)), floor=old.floor,
    )  # fmt: skip
    with freshness.knowledge.rendering_under(newer):
        kept = listing.facet_index(language="nl")
    assert listing._indexes["nl"] is kept
    served = listing.facet_index(language="nl")  # under the old state
    assert served is not kept and served.stamp == old.stamp()
    assert listing._indexes["nl"] is kept
