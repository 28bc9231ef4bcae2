from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0002_history_as_revisions"),
        ("testapp", "0002_history_verbose_names"),
    ]

    operations = [migrations.DeleteModel(name="HistoricalLeaflet")]
