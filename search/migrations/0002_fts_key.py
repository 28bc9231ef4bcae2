"""SQLite: the search index's rows are numbered by what they are (search.backends.fts_key).

The FTS5 table's rowid was the entry's id, so a search read every match's entry row to
learn its language, kind and object (and ranked the matches of both languages). Now the
rowid is ``fts_key``, a number computed from the entry's language, kind and object id
(a virtual generated column with a unique index): a search in one language asks FTS5 for
one range of rowids only, and the rowids themselves say which objects were found. The
table is made again and filled from the entries (``rebuild``), so an existing database
keeps finding what it found. PostgreSQL is left as it is.

(Like the triggers of 0001, the column is unknown to Django: a later migration that makes
``search_entry`` again on SQLite must make the column, its index, the FTS5 table and its
triggers again, as this one does.)
"""

from django.db import migrations

# Frozen copies of search.backends' numbers (tests/search compares them): the rowid is
# language << 40 | kind << 32 | object id. Kinds are numbered in their names' order, so
# rowids sort as (kind, object id) within a language. An entry of another language or kind
# gets minus its id: unique, and outside every language's range (never found).
LANGUAGES = {"nl": 0, "en": 1}
KINDS = {"funder": 0, "partner": 1, "place": 2, "project": 3}


def case(column, numbers):
    whens = " ".join(f"WHEN '{value}' THEN {number}" for value, number in numbers.items())
    return f"(CASE {column} {whens} END)"


FTS_KEY = (
    f"COALESCE(({case('language', LANGUAGES)} << 40) + ({case('kind', KINDS)} << 32) "
    "+ object_id, -id)"
)
TOKENIZE = "tokenize='unicode61 remove_diacritics 2'"


def fts(rowid):
    return [
        "CREATE VIRTUAL TABLE search_entry_fts USING fts5(title, body, content='search_entry', "
        f"content_rowid='{rowid}', {TOKENIZE})",
        "CREATE TRIGGER search_entry_ai AFTER INSERT ON search_entry BEGIN "
        f"INSERT INTO search_entry_fts(rowid, title, body) VALUES (new.{rowid}, new.title, new.body); END",
        "CREATE TRIGGER search_entry_ad AFTER DELETE ON search_entry BEGIN "
        "INSERT INTO search_entry_fts(search_entry_fts, rowid, title, body) "
        f"VALUES ('delete', old.{rowid}, old.title, old.body); END",
        "CREATE TRIGGER search_entry_au AFTER UPDATE ON search_entry BEGIN "
        "INSERT INTO search_entry_fts(search_entry_fts, rowid, title, body) "
        f"VALUES ('delete', old.{rowid}, old.title, old.body); "
        f"INSERT INTO search_entry_fts(rowid, title, body) VALUES (new.{rowid}, new.title, new.body); END",
        "INSERT INTO search_entry_fts(search_entry_fts) VALUES('rebuild')",
    ]


DROP_FTS = [
    "DROP TRIGGER IF EXISTS search_entry_au",
    "DROP TRIGGER IF EXISTS search_entry_ad",
    "DROP TRIGGER IF EXISTS search_entry_ai",
    "DROP TABLE IF EXISTS search_entry_fts",
]
FORWARD = [
    *DROP_FTS,
    f"ALTER TABLE search_entry ADD COLUMN fts_key INTEGER GENERATED ALWAYS AS ({FTS_KEY}) VIRTUAL",
    "CREATE UNIQUE INDEX search_entry_fts_key ON search_entry (fts_key)",
    *fts("fts_key"),
]
BACKWARD = [
    *DROP_FTS,
    "DROP INDEX search_entry_fts_key",
    "ALTER TABLE search_entry DROP COLUMN fts_key",
    *fts("id"),
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(run(FORWARD), run(BACKWARD)),
    ]
