"""The move of existing photos into the library (projects 0011_photo_library), on a
database migrated to the state before it: nothing is lost."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from content.renditions import renditions
from tests.factories import image_bytes

BEFORE = [("projects", "0010_drop_history_tables"), ("photos", None)]


def stored(name, size):
    return default_storage.save(name, ContentFile(image_bytes(size)))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_photos_move_into_the_library_with_their_texts_files_and_renditions(
    media_root,
):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state([BEFORE[0]]).apps
    Project = old.get_model("projects", "Project")
    Workshop = old.get_model("projects", "Workshop")
    CallToAction = old.get_model("projects", "CallToAction")
    project_file = stored("projects/photos/training-belgrado-k3x9q2m4pa7f.jpg", (900, 600))
    shared_file = stored("workshops/photos/groep-a1b2c3d4e5f6.jpg", (640, 480))
    project = Project.objects.create(
        title="Rechtshulp in Servië",
        title_nl="Rechtshulp in Servië",
        slug_nl="rechtshulp-servie",
        status="published",
        photo=project_file,
        photo_width=900,
        photo_height=600,
        photo_alt="Deelnemers van de training",
        photo_alt_nl="Deelnemers van de training",
        photo_alt_en="Participants of the training",
        photo_caption_nl="De training in Belgrado",
        photo_caption_en="The training in Belgrade",
    )
    first = Workshop.objects.create(
        project=project,
        title_nl="Training",
        photo=shared_file,
        photo_width=640,
        photo_height=480,
        photo_alt_nl="Een groep",
        sort_order=1,
    )
    second = Workshop.objects.create(
        project=project,
        title_nl="Tweede training",
        photo=shared_file,
        photo_width=640,
        photo_height=480,
        photo_alt_nl="Dezelfde groep, een dag later",
        sort_order=2,
    )
    call = CallToAction.objects.create(
        heading_nl="Doneer", button_label_nl="Doneer", url_nl="https://example.org/"
    )
    old_rendition = renditions(Project.objects.get(pk=project.pk).photo).default.url

    call_command("migrate", verbosity=0)

    from photos.models import Photo
    from projects.models import CallToAction as NewCall
    from projects.models import Project as NewProject
    from projects.models import Workshop as NewWorkshop

    assert Photo.objects.count() == 2  # the shared file became one library photo
    moved = NewProject.objects.get(pk=project.pk)
    photo = moved.photo
    assert photo.file.name == project_file and (photo.width, photo.height) == (900, 600)
    assert (photo.alt_nl, photo.alt_en) == (
        "Deelnemers van de training",
        "Participants of the training",
    )
    assert photo.title == "Rechtshulp in Servië"
    assert photo.people_shown is None  # consent not yet known: the editors check it
    assert moved.photo_alt_nl == "" and moved.photo_description == "Deelnemers van de training"
    assert (moved.photo_caption_nl, moved.photo_caption_en) == (
        "De training in Belgrado",
        "The training in Belgrade",
    )
    # The same file, so the same renditions.
    assert renditions(photo.file).default.url == old_rendition
    one, two = NewWorkshop.objects.get(pk=first.pk), NewWorkshop.objects.get(pk=second.pk)
    assert one.photo_id == two.photo_id and one.photo.file.name == shared_file
    assert one.photo_description == "Een groep"
    assert two.photo_description == "Dezelfde groep, een dag later"
    assert NewCall.objects.get(pk=call.pk).photo is None
