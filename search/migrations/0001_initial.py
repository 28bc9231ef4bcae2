from django.db import migrations, models

# The words of the entries are indexed by the database itself (search/models.py).
POSTGRESQL_CONFIG = "CASE WHEN language = 'en' THEN 'english'::regconfig ELSE 'dutch'::regconfig END"
POSTGRESQL = [
    "ALTER TABLE search_entry ADD COLUMN document tsvector GENERATED ALWAYS AS ("
    f"setweight(to_tsvector({POSTGRESQL_CONFIG}, title), 'A') || "
    f"setweight(to_tsvector({POSTGRESQL_CONFIG}, body), 'B')) STORED",
    "CREATE INDEX search_entry_document ON search_entry USING gin (document)",
]
SQLITE = [
    # Whole words, accents ignored (Curacao finds Curaçao); an external-content table
    # reads the text from search_entry, kept in step by the triggers.
    "CREATE VIRTUAL TABLE search_entry_fts USING fts5(title, body, content='search_entry', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_entry_ai AFTER INSERT ON search_entry BEGIN "
    "INSERT INTO search_entry_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "CREATE TRIGGER search_entry_ad AFTER DELETE ON search_entry BEGIN "
    "INSERT INTO search_entry_fts(search_entry_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); END",
    "CREATE TRIGGER search_entry_au AFTER UPDATE ON search_entry BEGIN "
    "INSERT INTO search_entry_fts(search_entry_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); "
    "INSERT INTO search_entry_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER search_entry_au",
    "DROP TRIGGER search_entry_ad",
    "DROP TRIGGER search_entry_ai",
    "DROP TABLE search_entry_fts",
]


def run(statements):
    def operation(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for statement in statements.get(vendor, ()):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):

    initial = True

    dependencies = [
    ]

    operations = [
        migrations.CreateModel(
            name='Entry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('project', 'project'), ('place', 'country or territory'), ('partner', 'partner organisation'), ('funder', 'funder')], max_length=10, verbose_name='kind')),
                ('object_id', models.PositiveIntegerField(verbose_name='object id')),
                ('language', models.CharField(max_length=5, verbose_name='language')),
                ('title', models.TextField(verbose_name='title')),
                ('body', models.TextField(blank=True, verbose_name='text')),
            ],
            options={
                'verbose_name': 'search index entry',
                'verbose_name_plural': 'search index entries',
                'ordering': ['kind', 'object_id', 'language'],
                'indexes': [models.Index(fields=['language', 'kind'], name='search_entry_language_kind')],
                'constraints': [models.UniqueConstraint(fields=('kind', 'object_id', 'language'), name='one_search_entry_per_language')],
            },
        ),
        migrations.RunPython(
            run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            run({"sqlite": SQLITE_REVERSE}),
        ),
    ]
