"""The record of content changes that tells every process what is public now
(website/freshness.py). Plain tables, no models: they are the site's machinery, not
content, so they are never part of a backup, a fixture or a flush."""

import secrets

from django.db import migrations


def start_the_clock(apps, schema_editor):
    # A new database (also one a backup is restored into) gets a new epoch: what any
    # process cached from another database is stale in it.
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO vwn_content_clock (id, epoch, number) VALUES (1, %s, 0)",
            [secrets.token_hex(8)],
        )


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.RunSQL(
            "CREATE TABLE vwn_content_clock ("
            " id integer NOT NULL PRIMARY KEY,"
            " epoch varchar(32) NOT NULL,"
            " number bigint NOT NULL)",
            "DROP TABLE vwn_content_clock",
        ),
        migrations.RunSQL(
            "CREATE TABLE vwn_content_change ("
            " number bigint NOT NULL,"
            " item varchar(200) NOT NULL,"
            " PRIMARY KEY (number, item))",
            "DROP TABLE vwn_content_change",
        ),
        migrations.RunPython(start_the_clock, migrations.RunPython.noop),
    ]
