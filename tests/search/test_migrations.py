"""search 0002_fts_key on a database migrated to the state before it (the previous
release's): the FTS5 table is made again, and what was found is found still."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from search.backends import search

BEFORE = [("search", "0001_initial")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_entries_are_found_after_the_fts_table_is_made_again():
    from tests.factories import make_project

    project = make_project(title_nl="Rechtshulp op Curaçao", title_en="Legal aid on Curaçao")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Entry = old.get_model("search", "Entry")
    # An entry written by the previous release (0001's triggers index it).
    Entry.objects.create(
        kind="project",
        object_id=project.pk + 1000,
        language="nl",
        title="Gezinshereniging",
        body="Wij helpen vluchtelingen met hun familie.",
    )

    call_command("migrate", verbosity=0)

    from search.models import Entry as NewEntry

    assert NewEntry.objects.filter(title="Gezinshereniging").exists()
    assert [hit.object_id for hit in search("rechtshulp", "nl").hits] == [project.pk]
    assert [hit.object_id for hit in search("legal", "en").hits] == [project.pk]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO search_entry_fts(search_entry_fts) VALUES('integrity-check')"
            )
            cursor.execute(
                "SELECT count(*) FROM search_entry_fts WHERE search_entry_fts MATCH 'familie'"
            )
            assert cursor.fetchone()[0] == 1
    # Kept in step afterwards too.
    project.title_nl = "Opvang op Aruba"
    project.save()
    assert search("rechtshulp", "nl").hits == []
    assert [hit.object_id for hit in search("aruba", "nl").hits] == [project.pk]
