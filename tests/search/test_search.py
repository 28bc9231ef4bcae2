"""The public search: in the visitor's language, ranked, words marked, drafts never found,
any input answered. Runs on SQLite and, with DATABASE_URL=postgres://..., on PostgreSQL."""

import io
import re
import statistics
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from projects.models import Project
from search.backends import clean_query, search
from search.index import rebuild
from search.models import Entry
from tests.factories import (
    add_funding,
    add_partner,
    make_country,
    make_funder,
    make_partner,
    make_project,
    make_workshop,
)

pytestmark = pytest.mark.django_db

POSTGRESQL = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="PostgreSQL's stemming and index"
)
SQLITE = pytest.mark.skipif(
    "connection.vendor != 'sqlite'", reason="SQLite's FTS5: accents ignored, words' starts"
)


def found(client, language, query, **extra):
    response = client.get(
        f"/{language}/{'zoeken' if language == 'nl' else 'search'}/", {"q": query, **extra}
    )
    assert response.status_code == 200
    return response.content.decode()


def result_titles(html):
    return [
        re.sub(r"<[^>]+>", "", title)
        for title in re.findall(r'class="search-result__title"><a [^>]*>(.*?)</a>', html)
    ]


def test_a_dutch_word_finds_the_project_that_has_it_in_another_form(client):
    make_project(title_nl="Rechtshulp voor vluchtelingen in Turkije", title_en="Legal aid")
    make_project(title_nl="Training van advocaten", title_en="Training lawyers")
    html = found(client, "nl", "vluchteling")
    assert result_titles(html) == ["Rechtshulp voor vluchtelingen in Turkije"]
    assert "1 resultaat" in html


def test_an_english_word_finds_the_english_text_on_the_english_page(client):
    make_project(title_nl="Rechtshulp", title_en="Legal aid for refugees")
    assert result_titles(found(client, "en", "refugees")) == ["Legal aid for refugees"]
    # The Dutch page searches the Dutch text: the English word is not in it.
    assert result_titles(found(client, "nl", "refugees")) == []


def test_an_untranslated_project_is_found_by_its_dutch_text_on_the_english_page(client):
    make_project(title_nl="Kinderrechten in Kenia", english=False)
    html = found(client, "en", "Kinderrechten")
    assert result_titles(html) == ["Kinderrechten in Kenia"]
    assert 'lang="nl">' in html  # marked as Dutch, as every fallback is


def test_places_partners_and_funders_are_found_too(client):
    kenya = make_country(name_nl="Kenia", name_en="Kenya")
    project = make_project(countries=[kenya], title_nl="Werk", title_en="Work")
    add_partner(project, make_partner("Kituo cha Sheria"))
    add_funding(project, make_funder("het Kenia-fonds", slug="kenia-fonds"))
    titles = result_titles(found(client, "nl", "Kenia"))
    assert "Kenia" in titles and "het Kenia-fonds" in titles
    assert result_titles(found(client, "nl", "Sheria")) == ["Kituo cha Sheria"]
    assert 'href="/nl/financiers/kenia-fonds/"' in found(client, "nl", "Kenia")


def test_a_title_match_ranks_above_a_match_in_the_text(client):
    make_project(title_nl="Werk in Irak", body_nl="<p>Samen met advocaten.</p>")
    make_project(title_nl="Advocaten opleiden", body_nl="<p>In Irak.</p>")
    assert result_titles(found(client, "nl", "advocaten")) == ["Advocaten opleiden", "Werk in Irak"]


def test_the_matching_words_are_marked(client):
    make_project(title_nl="Juridische hulp", body_nl="<p>Wij steunen <b>advocaten</b> in Irak.</p>")
    html = found(client, "nl", "advocaten")
    assert "<mark>advocaten</mark>" in html
    assert "<mark>" not in found(client, "nl", "Juridische").split("search-result__snippet")[-1]


def test_workshops_are_part_of_their_projects_text(client):
    project = make_project(title_nl="Samenwerking")
    make_workshop(project, title_nl="Training over gezinshereniging")
    assert result_titles(found(client, "nl", "gezinshereniging")) == ["Samenwerking"]


def test_drafts_and_what_only_drafts_make_public_are_never_found(client):
    place = make_country(name_nl="Geheimland")
    draft = make_project(countries=[place], title_nl="Geheim project", published=False)
    add_partner(draft, make_partner("Geheime partner"))
    add_funding(draft, make_funder("het geheime fonds"))
    make_workshop(draft, title_nl="Geheime workshop")
    make_project(
        title_nl="Geheim gepland project",
        publish_from=timezone.now() + timedelta(days=1),
    )
    make_project(
        title_nl="Geheim verlopen project", publish_until=timezone.now() - timedelta(days=1)
    )
    for language in ("nl", "en"):
        html = found(client, language, "geheim")
        assert result_titles(html) == []
        assert "Geheim" not in html.split("search-summary")[-1]


def test_a_project_is_found_from_the_moment_it_is_published(client):
    project = make_project(title_nl="Vrijwilligers in Griekenland", published=False)
    assert result_titles(found(client, "nl", "vrijwilligers")) == []
    project.status = Project.Status.PUBLISHED
    project.save()
    assert result_titles(found(client, "nl", "vrijwilligers")) == ["Vrijwilligers in Griekenland"]
    project.title_nl = "Juristen in Griekenland"
    project.save()
    assert result_titles(found(client, "nl", "vrijwilligers")) == []
    project.delete()
    assert not Entry.objects.filter(object_id=project.pk, kind=Entry.Kind.PROJECT).exists()


def test_deleting_a_project_with_workshops_leaves_no_entries():
    project = make_project()
    make_workshop(project)
    make_workshop(project)
    project.delete()
    assert not Entry.objects.filter(kind=Entry.Kind.PROJECT, object_id=project.pk).exists()


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"vluchtelingen',
        "vluchtelingen OR -advocaten",
        "NEAR(a b)",
        "a AND OR NOT b",
        "title:kenia",
        "*",
        "^kenia",
        "(((",
        "') OR 1=1 --",
        "%_\\",
        "😀🇳🇱",
        "vluchtelingen 😀",
        "x" * 8_000,
        "vluchtelingen " * 500,
        "\u202e\u200b",
        ":*",
        "& | ! <->",
    ],
)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_odd_input_gets_results_or_a_clear_no_results(client, query, language):
    make_project(title_nl="Rechtshulp voor vluchtelingen", title_en="Legal aid for refugees")
    html = found(client, language, query)
    assert 'class="search-summary"' in html


def test_a_long_search_is_cut_and_says_so(client):
    make_project(title_nl="Rechtshulp voor vluchtelingen")
    html = found(client, "nl", "vluchtelingen " + "x" * 8_000)
    assert "alleen de eerste 200 tekens" in html
    assert result_titles(html) == ["Rechtshulp voor vluchtelingen"]
    text, shortened = clean_query("a " * 5_000)
    assert shortened and len(text) <= 200
    assert search(clean_query("vluchtelingen " * 1_000)[0], "nl").total == 1


def test_an_absurdly_long_address_is_refused_clearly_not_with_a_server_error(client):
    """Above 8 KB the whole query string is refused before the search sees it
    (operations.security); the search box itself sends at most 200 characters."""
    response = client.get("/nl/zoeken/", {"q": "x" * 10_000})
    assert response.status_code == 414
    assert 'maxlength="200"' in client.get("/nl/zoeken/").content.decode()


def test_a_search_without_words_says_what_to_enter(client):
    make_project(title_nl="Rechtshulp")
    assert "Geen resultaten: vul een woord in" in found(client, "nl", "😀 !!")


def test_no_results_says_so(client):
    make_project(title_nl="Rechtshulp")
    assert "Geen resultaten voor “onbekendwoord”" in found(client, "nl", "onbekendwoord")


def test_the_search_terms_and_the_content_are_escaped(client):
    make_project(
        title_nl="<script>alert(1)</script> vluchtelingen",
        body_nl="<p>&lt;img src=x onerror=alert(1)&gt; vluchtelingen</p>",
    )
    html = found(client, "nl", '<script>alert(2)</script> vluchtelingen"><img src=x>')
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html


def test_results_are_paginated(client):
    for number in range(23):
        make_project(title_nl=f"Vluchtelingenwerk deel {number}")
    first = found(client, "nl", "vluchtelingenwerk")
    assert len(result_titles(first)) == 20
    assert "23 resultaten" in first and "pagina 1 van 2" in first
    second = found(client, "nl", "vluchtelingenwerk", page=2)
    assert len(result_titles(second)) == 3
    assert not set(result_titles(first)) & set(result_titles(second))
    beyond = found(client, "nl", "vluchtelingenwerk", page=9)
    assert result_titles(beyond) == [] and "23 resultaten" in beyond
    assert 'class="search-summary"' in found(client, "nl", "vluchtelingenwerk", page="x")


def test_the_language_switch_keeps_the_search(client):
    make_project(title_nl="Rechtshulp", title_en="Legal aid")
    html = found(client, "nl", "recht hulp")
    assert 'href="/en/search/?q=recht+hulp"' in html


def test_every_page_has_the_search_box(client):
    project = make_project(title_nl="Rechtshulp")
    for path in ("/nl/", "/en/", project.get_absolute_url(), "/nl/bestaat-niet/"):
        html = client.get(path).content.decode()
        assert 'role="search"' in html and 'name="q"' in html, path
    assert 'action="/en/search/"' in client.get("/en/").content.decode()
    # The search page's own form is the only one there: one search landmark.
    assert client.get("/nl/zoeken/").content.decode().count('role="search"') == 1


def test_a_search_is_answered_fresh_never_from_the_page_cache(client):
    make_project(title_nl="Rechtshulp voor vluchtelingen")
    assert len(result_titles(found(client, "nl", "vluchtelingen"))) == 1
    make_project(title_nl="Opvang van vluchtelingen")
    assert len(result_titles(found(client, "nl", "vluchtelingen"))) == 2
    # The form without a query is a page like any other: cached.
    client.get("/nl/zoeken/")
    assert client.get("/nl/zoeken/").has_header("ETag")


def test_rebuilding_the_index_finds_content_saved_without_signals(client):
    project = make_project(title_nl="Rechtshulp")
    Project.objects.filter(pk=project.pk).update(title_nl="Gezinshereniging")
    assert result_titles(found(client, "nl", "gezinshereniging")) == []
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "Search index rebuilt" in out.getvalue()
    assert result_titles(found(client, "nl", "gezinshereniging")) == ["Gezinshereniging"]


def search_queries(language):
    """The search (on SQLite also the marking of the page's words) and, on a page in
    another language than Dutch, the page's projects (their titles and texts say whether
    they are shown in Dutch); places, partners and funders, what a Dutch page shows of
    projects and the overview's texts are kept with the projects list's facet index
    (projects/listing.py)."""
    return (3 if connection.vendor == "sqlite" else 2) - (language == "nl")


# The first search a process answers also reads the content clock (four queries) and the
# facet index (seven: tests/projects/test_project_list.py) with the overview's texts
# (one), kept while it is current; a Dutch page reads the projects it shows once (one),
# then keeps them with the index.
FIRST_SEARCH = 4 + 7 + 1


def first_search_queries(language):
    return FIRST_SEARCH + search_queries(language) + (language == "nl")


@pytest.mark.parametrize("size", [3, 40])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_search_takes_a_fixed_number_of_queries(
    client, django_assert_num_queries, django_assert_max_num_queries, settings, size, language
):
    settings.PAGE_CACHE_ENABLED = False
    kenya = make_country(name_nl="Kenia", name_en="Kenya")
    for number in range(size):
        project = make_project(
            countries=[kenya], title_nl=f"Kenia {number}", title_en=f"Kenya {number}"
        )
        add_partner(project, make_partner(f"Kenia Kenya partner {number}"))
        add_funding(
            project, make_funder(f"het Kenia-fonds {number}", name_en=f"the Kenya fund {number}")
        )
    path = "/nl/zoeken/" if language == "nl" else "/en/search/"
    # Every kind on the page: exactly; a page of one kind needs fewer.
    counted = django_assert_num_queries if size == 3 else django_assert_max_num_queries
    query = {"q": "Kenia" if language == "nl" else "Kenya"}
    with counted(first_search_queries(language)):
        response = client.get(path, query)
    assert len(result_titles(response.content.decode())) == min(20, 1 + 3 * size)
    with counted(search_queries(language)):
        again = client.get(path, query)
    assert result_titles(again.content.decode()) == result_titles(response.content.decode())
    with django_assert_max_num_queries(search_queries(language)):  # funders only: no projects
        response = client.get(path, {"q": "Kenia fonds" if language == "nl" else "Kenya fund"})
    assert len(result_titles(response.content.decode())) == min(20, size)


@POSTGRESQL
def test_a_search_among_a_thousand_projects_takes_under_50_ms(django_db_blocker):
    from bench import content as bench_content

    bench_content.build(1000)
    rebuild()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_entry")
    timings = []
    for query in ["vluchtelingen", "rechtshulp advocaten", "training", "Kenia", "onbekend"] * 4:
        start = time.perf_counter()
        search(query, "nl")
        timings.append(time.perf_counter() - start)
    assert statistics.median(timings) < 0.050, timings
    assert max(timings) < 0.100, timings


def test_the_searchs_publication_rules_are_the_pages_rules():
    from projects.models import Country
    from projects.public import public_funders, public_partners
    from search.backends import public_ids

    place = make_country()
    published = make_project(countries=[place])
    draft = make_project(countries=[make_country()], published=False)
    later = make_project(publish_from=timezone.now() + timedelta(hours=1))
    for project in (published, draft, later):
        add_partner(project, make_partner())
        add_funding(project, make_funder())
        make_workshop(project).facilitators.add(make_partner())
    rules = {
        Entry.Kind.PROJECT: Project.objects.published(),
        Entry.Kind.PLACE: Country.objects.published(),
        Entry.Kind.PARTNER: public_partners(),
        Entry.Kind.FUNDER: public_funders(),
    }
    for kind, querysets in public_ids().items():
        ids = set().union(
            *(set(q.values_list(q.query.values_select[0], flat=True)) for q in querysets)
        )
        assert ids == set(rules[kind].values_list("pk", flat=True)), kind
        assert ids


def test_migrate_fills_an_empty_index_of_a_database_with_content(client):
    make_project(title_nl="Gezinshereniging")
    Entry.objects.all().delete()
    call_command("migrate", verbosity=0)
    assert result_titles(found(client, "nl", "gezinshereniging")) == ["Gezinshereniging"]


def test_the_page_cache_never_answers_a_search(client, django_assert_max_num_queries):
    make_project(title_nl="Rechtshulp")
    found(client, "nl", "rechtshulp")
    with django_assert_max_num_queries(20) as queries:
        assert result_titles(found(client, "nl", "rechtshulp")) == ["Rechtshulp"]
    assert len(queries) > 0


@pytest.mark.parametrize("query", ["nl", "en", "language:en", "language:nl", "NL"])
def test_the_language_and_kind_of_an_entry_are_not_words_a_visitor_finds(client, query):
    make_project(title_nl="Rechtshulp", title_en="Legal aid")
    for language in ("nl", "en"):
        html = found(client, language, query)
        assert result_titles(html) == [], (language, query)
        assert 'class="search-summary"' in html


def test_a_word_only_in_the_other_language_neither_finds_nor_ranks_on_this_page(client):
    make_project(title_nl="Opvang in Griekenland", title_en="Shelter in Greece")
    make_project(title_nl="Shelter-project Griekenland", title_en="A project in Greece")
    # "shelter" is in the English title of the first and the Dutch title of the second.
    assert result_titles(found(client, "nl", "shelter")) == ["Shelter-project Griekenland"]
    assert result_titles(found(client, "en", "shelter")) == ["Shelter in Greece"]


@SQLITE
def test_words_are_marked_whatever_their_accents_case_or_ending(client):
    place = make_country(name_nl="Curaçao", name_en="Curaçao")
    make_project(
        countries=[place],
        title_nl="Rechtshulp op Curaçao",
        body_nl="<p>"
        + "Een lange inleiding zonder het woord. " * 12
        + "Wij steunen VLUCHTELINGEN en vluchtelingenwerk op het eiland.</p>",
    )
    html = found(client, "nl", "curacao")
    assert "Rechtshulp op <mark>Curaçao</mark>" in html
    assert ">&lt;mark&gt;" not in html
    html = found(client, "nl", "Vluchteling")
    assert "<mark>VLUCHTELINGEN</mark> en <mark>vluchtelingenwerk</mark>" in html
    snippet = html.split('class="search-result__snippet"')[1].split("</p>")[0]
    assert snippet.lstrip(">").startswith("…")  # the excerpt around the words, not the start


def test_every_hit_of_every_kind_on_a_page_has_its_words_marked(client):
    kenya = make_country(name_nl="Kenia", name_en="Kenya")
    for number in range(25):
        project = make_project(countries=[kenya], title_nl=f"Kenia {number}")
        if number % 5 == 0:
            add_partner(project, make_partner(f"Kenia partner {number}"))
            add_funding(project, make_funder(f"het Kenia-fonds {number}"))
    for page in (1, 2):
        html = found(client, "nl", "kenia", page=page)
        titles = re.findall(r'class="search-result__title"><a [^>]*>(.*?)</a>', html)
        assert titles and all("<mark>Kenia</mark>" in title for title in titles), titles


def test_the_fts5_rowid_numbers_are_the_migrations_and_cover_every_language_and_kind():
    import importlib

    from django.conf import settings

    from search import backends

    migration = importlib.import_module("search.migrations.0002_fts_key")
    assert backends.FTS_LANGUAGES == migration.LANGUAGES
    assert backends.FTS_KINDS == migration.KINDS
    assert {code for code, _name in settings.LANGUAGES} <= set(backends.FTS_LANGUAGES)
    assert set(Entry.Kind.values) == set(backends.FTS_KINDS)
    if connection.vendor == "sqlite":
        project = make_project(title_nl="Rechtshulp")
        entry = Entry.objects.get(kind=Entry.Kind.PROJECT, object_id=project.pk, language="en")
        with connection.cursor() as cursor:
            cursor.execute("SELECT fts_key FROM search_entry WHERE id = %s", [entry.pk])
            assert cursor.fetchone()[0] == backends.fts_key("en", "project", project.pk)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_kind_of_hit_links_to_its_page_in_the_pages_language(client, language):
    from django.utils import translation

    from projects.views import funder_url

    place = make_country(name_nl="Kenia", name_en="Kenya")
    project = make_project(countries=[place], title_nl="Kenia werk", title_en="Kenya work")
    partner = make_partner("Kenia Kenya partner")
    add_partner(project, partner)
    funder = make_funder("het Kenia-fonds", name_en="the Kenya fund")
    add_funding(project, funder)
    html = found(client, language, "Kenia" if language == "nl" else "Kenya")
    links = re.findall(r'class="search-result__title"><a href="([^"]+)"', html)
    with translation.override(language):
        expected = {
            project.get_absolute_url(),
            place.get_absolute_url(),
            partner.get_absolute_url(),
            funder_url(funder),
        }
    assert set(links) == expected


def test_a_changed_address_or_title_is_found_at_once(client, settings):
    """A Dutch results page shows its projects as the projects list keeps them with the
    facet index; a change of one of them (its slug, its title) is seen by the next
    search, never the kept copy."""
    settings.PAGE_CACHE_ENABLED = False
    project = make_project(title_nl="Opvang in Kakuma", slug_nl="opvang-kakuma")
    html = found(client, "nl", "Kakuma")
    assert 'href="/nl/projecten/opvang-kakuma/"' in html
    project.slug_nl = "opvang-in-kakuma"
    project.title_nl = "Opvang in Kakuma en Nairobi"
    project.save()
    html = found(client, "nl", "Kakuma")
    assert 'href="/nl/projecten/opvang-in-kakuma/"' in html
    assert "opvang-kakuma/" not in html
    assert result_titles(html) == ["Opvang in Kakuma en Nairobi"]
