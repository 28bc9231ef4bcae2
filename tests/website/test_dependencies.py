"""A save makes stale only the pages rendered from what it changed (issue 24): pages
record the objects and lists they were rendered from, changes the objects and lists they
touch (website/dependencies.py)."""

import pytest

from projects.models import Project
from tests.factories import make_country, make_project, make_workshop
from website import dependencies, freshness, page_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    """The paths that reached a view (a hit answered from a cache reaches none)."""
    seen = []
    original = page_cache.render

    def counting(response):
        seen.append(response)
        return original(response)

    monkeypatch.setattr(page_cache, "render", counting)
    return seen


@pytest.fixture
def site():
    kenia, servie = make_country(name_nl="Kenia"), make_country(name_nl="Servië")
    return {
        "kenia": kenia,
        "servie": servie,
        "a": make_project([kenia], title_nl="Rechtshulp in Kakuma"),
        "b": make_project([servie], title_nl="Opvang in Belgrado"),
        "draft": make_project([kenia], published=False, title_nl="Nog geheim"),
    }


def warm(client, *urls):
    for url in urls:
        assert client.get(url).status_code == 200


def test_a_text_change_makes_stale_only_the_pages_that_show_the_object(client, site, renders):
    a, b = site["a"], site["b"]
    urls = ["/nl/", a.get_absolute_url(), b.get_absolute_url(), site["servie"].get_absolute_url()]
    warm(client, *urls)
    a.body_nl = "<p>Nieuwe tekst over Kakuma.</p>"
    a.save()
    renders.clear()
    assert b"Nieuwe tekst over Kakuma." in client.get(a.get_absolute_url()).content
    client.get("/nl/")
    assert len(renders) == 2  # A's page and the overview, which shows A
    client.get(b.get_absolute_url())
    client.get(site["servie"].get_absolute_url())
    assert len(renders) == 2, "B's page or Servië's page was rendered again"


def test_a_drafts_texts_make_no_public_page_stale(client, site, renders):
    urls = ["/nl/", site["a"].get_absolute_url(), site["kenia"].get_absolute_url()]
    warm(client, *urls)
    draft = site["draft"]
    draft.body_nl = "<p>Nog niet klaar.</p>"
    draft.title_nl = "Nog steeds geheim"
    draft.save()
    renders.clear()
    warm(client, *urls)
    assert renders == []


def test_publishing_a_draft_shows_it_where_it_is_listed(client, site, renders):
    kenia = site["kenia"]
    warm(client, "/nl/", kenia.get_absolute_url())
    draft = site["draft"]
    draft.status = Project.Status.PUBLISHED
    draft.save()
    assert b"Nog geheim" in client.get(kenia.get_absolute_url()).content
    assert b"Nog geheim" in client.get("/nl/").content


def test_a_new_place_of_a_project_shows_it_on_that_places_page(client, site):
    servie = site["servie"]
    warm(client, servie.get_absolute_url())
    site["a"].countries.add(servie)
    assert b"Rechtshulp in Kakuma" in client.get(servie.get_absolute_url()).content


def test_a_new_row_of_a_project_shows_on_its_page(client, site):
    a = site["a"]
    warm(client, a.get_absolute_url())
    make_workshop(a, title_nl="Training over asielrecht")
    assert b"Training over asielrecht" in client.get(a.get_absolute_url()).content


def test_a_change_of_the_overview_texts_reaches_the_overview(client, site):
    from tests.factories import make_overview

    overview = make_overview()
    warm(client, "/nl/")
    overview.intro_nl = "<p>Een nieuwe inleiding.</p>"
    overview.save()
    assert b"Een nieuwe inleiding." in client.get("/nl/").content


def test_pages_record_the_objects_and_lists_they_read(site):
    with dependencies.recording() as read:
        list(Project.objects.published().filter(pk=site["a"].pk))
        list(Project.objects.values_list("title_nl", flat=True))
    keys = read.keys()
    assert f"projects.project:{site['a'].pk}" in keys
    assert "projects.project" in keys  # its table was queried
    assert "projects.project~" in keys  # rows read without loading objects


def test_values_of_listing_fields_only_record_the_list(site):
    """The overview counts and chooses its projects with values() of ids, dates and
    order; said so, that records the list, which a draft's texts do not change."""
    with dependencies.recording() as read, dependencies.reading_listing_fields():
        list(Project.objects.published().values_list("pk", "start_date"))
    assert read.keys() == {"projects.project"}
    with dependencies.recording() as read:
        list(Project.objects.published().values_list("pk", "start_date"))
    keys = read.keys()
    assert "projects.project~" in keys


def test_only_changes_that_can_move_an_object_in_a_list_change_the_list(site):
    project = Project.objects.get(pk=site["a"].pk)
    project.body_nl = "<p>Andere tekst.</p>"
    project.title_en = "Legal aid"
    assert not dependencies.changes_listing(project)
    project.status = Project.Status.DRAFT
    assert dependencies.changes_listing(project)
    assert dependencies.changes_listing(Project(title_nl="Nieuw"))


def test_a_change_is_recorded_with_what_it_touched(site):
    project = site["a"]
    before = freshness.read_clock()[1]
    project.body_nl = "<p>Andere tekst.</p>"
    project.save()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT item FROM vwn_content_change WHERE number > %s", [before])
        items = {item for (item,) in cursor.fetchall()}
    assert items == {f"projects.project:{project.pk}", "projects.project~"}
