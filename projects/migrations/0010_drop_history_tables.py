"""django-simple-history's tables go: their versions are revisions now
(content.0002_history_as_revisions)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0002_history_as_revisions"),
        ("projects", "0009_region_as_a_whole"),
    ]

    operations = [
        migrations.DeleteModel(name="HistoricalOverviewPage_calls_to_action"),
        migrations.DeleteModel(name="HistoricalProject_calls_to_action"),
        migrations.DeleteModel(name="HistoricalProject_countries"),
        migrations.DeleteModel(name="HistoricalWorkshop_facilitators"),
        migrations.DeleteModel(name="HistoricalCallToAction"),
        migrations.DeleteModel(name="HistoricalCountry"),
        migrations.DeleteModel(name="HistoricalOverviewPage"),
        migrations.DeleteModel(name="HistoricalProject"),
        migrations.DeleteModel(name="HistoricalProjectFunding"),
        migrations.DeleteModel(name="HistoricalProjectLink"),
        migrations.DeleteModel(name="HistoricalProjectPartner"),
        migrations.DeleteModel(name="HistoricalResult"),
        migrations.DeleteModel(name="HistoricalVideo"),
        migrations.DeleteModel(name="HistoricalWorkshop"),
    ]
