"""The history made by the previous release (django-simple-history's tables) becomes
revisions: afterwards an item's old versions, and its deleted items, read, compare and
restore as before (content.0002_history_as_revisions).

The database is migrated back to the previous release's migrations, content and versions
are written as that release wrote them (one moment per request, rows with their item),
and migrated forward again."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from content import revisions
from partners.models import PartnerOrganisation
from projects.models import Country, Project, Video

PREVIOUS = [
    ("content", "0001_initial"),
    ("projects", "0007_slug_help"),
    ("partners", "0004_slug_help"),
    ("testapp", "0002_history_verbose_names"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def version(apps, obj, kind, moment, user=None, reason=None):
    """A version of ``obj`` as simple-history wrote it, with its many-to-many rows."""
    model = type(obj)
    historical = apps.get_model(model._meta.app_label, f"Historical{model.__name__}")
    values = {f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields}
    record = historical.objects.create(
        history_date=moment,
        history_type=kind,
        history_user_id=user.pk if user else None,
        history_change_reason=reason,
        **values,
    )
    for relation in model._meta.local_many_to_many:
        if not relation.remote_field.through._meta.auto_created:
            continue
        through = apps.get_model(
            model._meta.app_label, f"Historical{model.__name__}_{relation.name}"
        )
        source = f"{model._meta.model_name}_id"
        target = f"{relation.related_model._meta.model_name}_id"
        rows = relation.remote_field.through.objects.filter(**{source: obj.pk})
        for row_id, key in rows.values_list("id", target):
            through.objects.create(history=record, id=row_id, **{source: obj.pk, target: key})
    return record


@pytest.fixture
def old_history(django_user_model):
    """Content and its history in the previous release's tables: a country renamed, a
    project edited with its video in one request and then deleted, a partner edited."""
    apps = migrate(PREVIOUS)
    editor = django_user_model.objects.create_user("redacteur", is_staff=True)
    start = timezone.now() - datetime.timedelta(days=3)
    moments = [start + datetime.timedelta(hours=hour) for hour in range(4)]

    OldCountry = apps.get_model("projects", "Country")
    OldProject = apps.get_model("projects", "Project")
    OldVideo = apps.get_model("projects", "Video")
    OldPartner = apps.get_model("partners", "PartnerOrganisation")

    photo = Path(settings.MEDIA_ROOT) / "projects" / "photos" / "kenia-k3x9q2m4pa7f.jpg"
    photo.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 30), "white").save(photo)

    country = OldCountry.objects.create(
        name="Kenia", name_nl="Kenia", slug="kenia", slug_nl="kenia", codes="KE"
    )
    version(apps, country, "+", moments[0], editor)
    project = OldProject.objects.create(
        title="Kenia-project",
        title_nl="Kenia-project",
        slug="kenia-project",
        slug_nl="kenia-project",
        status="published",
        photo="projects/photos/kenia-k3x9q2m4pa7f.jpg",
        photo_alt="Een training",
        photo_alt_nl="Een training",
    )
    project.countries.set([country])
    video = OldVideo.objects.create(
        project=project, url="https://youtu.be/abcdefghijk", title="Film", title_nl="Film"
    )
    version(apps, project, "+", moments[0], editor)
    version(apps, video, "+", moments[0], editor)
    # One request: the project's title and its video's title.
    project.title = project.title_nl = "Kenia-project (nieuw)"
    project.save()
    video.title = video.title_nl = "Film (nieuw)"
    video.save()
    version(apps, project, "~", moments[1], editor)
    version(apps, video, "~", moments[1], editor)
    country.name = country.name_nl = "Kenia (Oost-Afrika)"
    country.save()
    version(apps, country, "~", moments[2], editor, "hernoemd")
    partner = OldPartner.objects.create(
        name="Kituo", name_nl="Kituo", slug="kituo", slug_nl="kituo", website="https://oud.example/"
    )
    version(apps, partner, "+", moments[0], editor)
    partner.website = "https://nieuw.example/"
    partner.save()
    version(apps, partner, "~", moments[2], editor)
    # The deletion: the project and, with it, its video.
    version(apps, video, "-", moments[3], editor)
    version(apps, project, "-", moments[3], editor)
    project_pk = project.pk
    OldVideo.objects.filter(pk=video.pk).delete()
    project.countries.clear()
    OldProject.objects.filter(pk=project_pk).delete()

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    return {"country": country.pk, "project": project_pk, "partner": partner.pk}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_old_history_is_readable_comparable_and_restorable(old_history, admin_client):
    assert not any("historical" in t for t in connection.introspection.table_names())

    # A renamed place: two versions, who and why, the change in words.
    country = Country.objects.get(pk=old_history["country"])
    versions = list(revisions.history_of(country))
    assert [v.content["item"]["fields"]["name_nl"] for v in versions] == [
        "Kenia (Oost-Afrika)",
        "Kenia",
    ]
    assert versions[0].user.username == "redacteur" and versions[0].comment == "hernoemd"
    changes = revisions.differences(versions[1].content, versions[0].content)
    assert [(c.old, c.new) for c in changes] == [("Kenia", "Kenia (Oost-Afrika)")]
    page = admin_client.get(reverse("admin:projects_country_history", args=[country.pk]))
    assert "Kenia&nbsp;&rarr;&nbsp;Kenia (Oost-Afrika)" in page.content.decode()
    # ... and its first version restores.
    url = reverse("admin:projects_country_revision", args=[country.pk, versions[1].pk])
    assert admin_client.post(url).status_code == 302
    assert Country.objects.get(pk=country.pk).name_nl == "Kenia"

    # The deleted project: its versions hold its video and place, edited together.
    key = old_history["project"]
    project_versions = list(revisions.history_of(key, Project))
    assert [v.state for v in project_versions] == ["deleted", "saved", "saved"]
    deleted, edited, created = project_versions
    assert deleted.content == edited.content
    assert edited.content["rows"]["videos"][0]["fields"]["title_nl"] == "Film (nieuw)"
    assert created.content["rows"]["videos"][0]["fields"]["title_nl"] == "Film"
    assert edited.content["item"]["fields"]["countries"] == [country.pk]
    # The photo file a version showed is a photo of the library now (photos.0001).
    from photos.models import Photo

    photo = Photo.objects.get(pk=edited.content["item"]["fields"]["photo"])
    assert photo.file.name == "projects/photos/kenia-k3x9q2m4pa7f.jpg"
    labels = [c.label for c in revisions.differences(created.content, edited.content)]
    assert labels == ["Titel [nl]", "Video “Film”: Titel [nl]"] or len(labels) == 2
    listed = admin_client.get(reverse("admin:projects_project_deleted")).content.decode()
    assert "Kenia-project (nieuw)" in listed
    url = reverse("admin:projects_project_revision", args=[key, deleted.pk])
    assert admin_client.post(url).status_code == 302
    restored = Project.objects.get(pk=key)
    assert restored.title_nl == "Kenia-project (nieuw)"
    assert list(restored.countries.all()) == [country]
    assert [v.title_nl for v in Video.objects.filter(project=restored)] == ["Film (nieuw)"]
    assert restored.photo == photo

    # A partner's old website restores.
    partner = PartnerOrganisation.objects.get(pk=old_history["partner"])
    first = revisions.history_of(partner).last()
    url = reverse("admin:partners_partnerorganisation_revision", args=[partner.pk, first.pk])
    assert admin_client.post(url).status_code == 302
    assert PartnerOrganisation.objects.get(pk=partner.pk).website == "https://oud.example/"
