"""django-simple-history's tables go: their versions are revisions now
(content.0002_history_as_revisions)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0002_history_as_revisions"),
        ("partners", "0004_slug_help"),
    ]

    operations = [
        migrations.DeleteModel(name="HistoricalFundingSource"),
        migrations.DeleteModel(name="HistoricalPartnerOrganisation"),
    ]
