"""Searching the index: ranked hits with the matching words marked, on PostgreSQL or SQLite.

- PostgreSQL: full-text search with the ``dutch`` and ``english`` configurations
  (stemming: "vluchteling" finds "vluchtelingen"), ``websearch_to_tsquery`` (quotes for
  phrases, ``or``, ``-word``; any input is valid), ranked by ``ts_rank`` over the
  weighted title and text, words marked by ``ts_headline``: django.contrib.postgres.search
  wraps the same functions (SearchQuery, SearchRank, SearchHeadline); they are written
  out here because the query reads the stored, indexed ``document`` column Django does
  not know of.
- SQLite: FTS5, ranked by ``bm25`` (the title counts ten times the text), marked by
  ``highlight`` and ``snippet``. The FTS5 rowid is the entry's ``fts_key`` (language,
  kind and object id in one number): the page's language is a range of rowids, so only
  its matches are ranked, and no entry row is read to know what was found. No stemming:
  every word the visitor types is looked up as a whole word or the start of one
  ("vluchteling" finds "vluchtelingen", "Curacao" finds "Curaçao"), in either language.

Publication is decided here, at search time, by the public pages' own rules
(``Project.objects.published()``, ``public_partners()`` ...): entries of drafts are in the
index, never in a result. Matching words come back between MARK_START and MARK_END, which
the index never holds (``documents.plain``), for the page to escape the text and mark them.
"""

import heapq
import re
from dataclasses import dataclass

from django.db import connection

from projects.models import Project, ProjectFunding, ProjectPartner, Workshop

from .models import Entry

MARK_START = "\x01"
MARK_END = "\x02"
# Longer input is cut to this many characters (the page says so).
MAX_QUERY_LENGTH = 200
# At most this many words are looked up (SQLite): each one is an index lookup.
MAX_WORDS = 12
SNIPPET_WORDS = 28

WORD = re.compile(r"\w+")
# The FTS5 table's rowids (``fts_key``, search/migrations/0002_fts_key.py, which keeps a
# frozen copy): language << 40 | kind << 32 | object id; kinds in their names' order.
FTS_LANGUAGES = {"nl": 0, "en": 1}
FTS_KINDS = {"funder": 0, "partner": 1, "place": 2, "project": 3}
FTS_KIND_OF = {number: kind for kind, number in FTS_KINDS.items()}


@dataclass
class Hit:
    kind: str
    object_id: int
    title: str  # plain text with the matching words between MARK_START and MARK_END
    snippet: str
    rank: float


@dataclass
class Hits:
    hits: list
    total: int


def clean_query(text):
    """The visitor's input as the search reads it: control characters out, whitespace
    collapsed, at most MAX_QUERY_LENGTH characters. Returns (text, whether it was cut)."""
    text = " ".join(re.sub(r"[\x00-\x1f\x7f]", " ", text or "").split())
    if len(text) <= MAX_QUERY_LENGTH:
        return text, False
    cut = text[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0] if " " in text[:MAX_QUERY_LENGTH] else ""
    return (cut or text[:MAX_QUERY_LENGTH]), True


def has_words(text):
    return bool(WORD.search(text))


def public_condition(alias):
    """SQL (with parameters) that holds for entries of objects the public may see now.
    (The kinds are this module's constants, never input.)"""
    parts, params = [], []
    for kind, querysets in public_ids().items():
        ins = []
        for queryset in querysets:
            sql, in_params = queryset.order_by().query.sql_with_params()
            ins.append(f"{alias}.object_id IN ({sql})")
            params += in_params
        parts.append(f"({alias}.kind = '{kind}' AND ({' OR '.join(ins)}))")
    return "(" + " OR ".join(parts) + ")", params


def public_ids():
    """{kind: [querysets of ids]}: an object of the kind is public when one of them holds
    its id. The same rules as the pages' (``Project.objects.published()``,
    ``Country.objects.published()``, ``public_partners()``, ``public_funders()``;
    tests/search compares them), written as plain relations to published projects: the
    planner then needs no join of a partner's projects with its workshops."""
    published = Project.objects.published().values("pk")
    return {
        Entry.Kind.PROJECT: [published],
        Entry.Kind.PLACE: [
            Project.countries.through.objects.filter(project__in=published).values("country_id")
        ],
        Entry.Kind.PARTNER: [
            ProjectPartner.objects.filter(project__in=published).values("partner_id"),
            Workshop.facilitators.through.objects.filter(workshop__project__in=published).values(
                "partnerorganisation_id"
            ),
        ],
        Entry.Kind.FUNDER: [
            ProjectFunding.objects.filter(project__in=published).values("funder_id")
        ],
    }


def search(text, language, offset=0, limit=20):
    """The public hits for ``text`` (already cleaned) in ``language``, best first."""
    if not has_words(text):
        return Hits([], 0)
    if connection.vendor == "postgresql":
        sql, params = postgresql_query(text, language, offset, limit)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    elif connection.vendor == "sqlite":
        query = fts5_query(text)
        if not query:
            return Hits([], 0)
        rows = sqlite_ranked(query, language, offset, limit)
    else:  # pragma: no cover - the site runs on PostgreSQL or SQLite
        raise NotImplementedError(f"No search for the {connection.vendor} database.")
    if connection.vendor == "sqlite":
        marks = sqlite_marks(query, [row[3] for row in rows])
        rows = [
            (kind, pk, rank, *marks.get(entry, ("", "")), total)
            for kind, pk, rank, entry, _e, total in rows
        ]
    total = rows[0][-1] if rows else 0
    if not rows and offset:
        # Past the last page: the count still says how many there are.
        total = count_only(text, language)
    hits = [
        Hit(kind, object_id, title or "", snippet or "", rank)
        for kind, object_id, rank, title, snippet, _total in rows
    ]
    return Hits(hits, total)


def count_only(text, language):
    found = search(text, language, offset=0, limit=1)
    return found.total


def postgresql_config(language):
    return "english" if language == "en" else "dutch"


def postgresql_query(text, language, offset, limit):
    condition, condition_params = public_condition("e")
    options = (
        f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords={SNIPPET_WORDS}, "
        'MinWords=12, MaxFragments=2, FragmentDelimiter=" … "'
    )
    title_options = f"StartSel={MARK_START}, StopSel={MARK_END}, HighlightAll=true"
    # The query is written out where it is used (not in a CTE): so PostgreSQL knows it
    # when planning and finds the matching entries through the GIN index.
    query = "websearch_to_tsquery(%s::regconfig, %s)"
    sql = f"""
        SELECT found.kind, found.object_id, found.rank,
               ts_headline(%s::regconfig, found.title, {query}, %s),
               ts_headline(%s::regconfig, found.body, {query}, %s),
               found.total
        FROM (
            SELECT e.id, e.kind, e.object_id, e.title, e.body,
                   ts_rank(e.document, {query}) AS rank,
                   count(*) OVER () AS total
            FROM search_entry e
            WHERE e.language = %s AND e.document @@ {query} AND {condition}
            ORDER BY rank DESC, e.kind, e.id
            LIMIT %s OFFSET %s
        ) found
        ORDER BY found.rank DESC, found.kind, found.id
    """
    config = postgresql_config(language)
    params = [
        *(config, config, text, title_options),
        *(config, config, text, options),
        *(config, text),
        language,
        *(config, text),
        *condition_params,
        limit,
        offset,
    ]
    return sql, params


def fts5_query(text):
    """The visitor's words as an FTS5 query: each word (letters and digits; FTS5's own
    syntax is never passed on) as a whole word or the start of one, all of them required."""
    words = WORD.findall(text)[:MAX_WORDS]
    return " ".join(f'"{word}"*' for word in words)


def fts_key(language, kind, object_id):
    """The rowid of an entry in the FTS5 table (the ``fts_key`` column, migration 0002)."""
    return (FTS_LANGUAGES[language] << 40) + (FTS_KINDS[kind] << 32) + object_id


def fts_kind(key):
    return FTS_KIND_OF[(key >> 32) & 0xFF]


_public_keys = {}


def public_keys(public, language):
    """The FTS5 rowids of the public objects' entries in ``language``: computed once per
    facet index (``public`` is its ``public_ids()``, kept while the content holds)."""
    kept = _public_keys.get(language)
    if kept is None or kept[0] is not public:
        keys = frozenset(fts_key(language, kind, pk) for kind, ids in public.items() for pk in ids)
        kept = _public_keys[language] = (public, keys)
    return kept[1]


def sqlite_ranked(query, language, offset, limit):
    """The page's rows (kind, object id, rank, FTS5 rowid, '', total) of the public matches
    in ``language``, best first.

    SQLite ranks the matches of the page's language only: the FTS5 rowid (``fts_key``)
    starts with the language, so FTS5 reads the one range of rowids, and it says the kind
    and the object, so no entry row is read. The public ones are chosen by the projects
    list's facet index (``projects.listing.facet_index``: the same rules as
    ``public_ids``, kept by the process while the content clock says they hold), instead
    of the database checking every match against four subqueries."""
    from projects.listing import facet_index

    if language not in FTS_LANGUAGES:
        return []
    public = public_keys(facet_index(language=language).public_ids(), language)
    low = FTS_LANGUAGES[language] << 40
    sql = """
        SELECT bm25(search_entry_fts, 10.0, 1.0), rowid
        FROM search_entry_fts
        WHERE search_entry_fts MATCH %s AND rowid >= %s AND rowid < %s
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [query, low, low + (1 << 40)])
        found = [row for row in cursor.fetchall() if row[1] in public]
    # Best first (the lowest bm25), then by kind and object (the rowid's order): only the
    # page's rows are put in order, not every match.
    page = heapq.nsmallest(offset + limit, found)[offset:]
    total = len(found)
    return [(fts_kind(key), key & 0xFFFFFFFF, rank, key, "", total) for rank, key in page]


def sqlite_marks(query, keys):
    """{FTS5 rowid: (marked title, marked excerpt)} for the page's entries (one query).

    The rowids are given as a range FTS5 reads (from the page's lowest to its highest)
    and chosen within it by SQLite (``+rowid IN``: the ``+`` keeps the list from FTS5,
    which would look the words up again for every rowid in it); ``highlight`` and
    ``snippet`` are worked out only for the rows chosen."""
    if not keys:
        return {}
    placeholders = ", ".join(["%s"] * len(keys))
    sql = f"""
        SELECT rowid, highlight(search_entry_fts, 0, %s, %s),
               snippet(search_entry_fts, 1, %s, %s, '…', %s)
        FROM search_entry_fts
        WHERE search_entry_fts MATCH %s AND rowid >= %s AND rowid <= %s
          AND +rowid IN ({placeholders})
    """
    params = [MARK_START, MARK_END, MARK_START, MARK_END, SNIPPET_WORDS, query]
    params += [min(keys), max(keys), *keys]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {rowid: (title, snippet) for rowid, title, snippet in cursor.fetchall()}
