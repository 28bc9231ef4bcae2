"""Projects, workshops and calls to action show a photo of the library (photos.Photo)
instead of a file of their own, and places may show one too.

Every photo file moves into the library as it is: same file, so its renditions stay; its
size; its description (Dutch and English) as the library photo's own. A file that several
items used becomes one library photo; an item whose description differed keeps it as its
own. Captions stay with the items. Consent is not yet known: the photos are listed as
"not yet checked for people" until an editor answers (photos.admin)."""

import django.db.models.deletion
from django.db import migrations, models

USES = {"project": "title", "workshop": "title", "calltoaction": "heading"}
ALT_FIELDS = ("photo_alt", "photo_alt_nl", "photo_alt_en")


def into_the_library(apps, schema_editor):
    Photo = apps.get_model("photos", "Photo")
    by_file = {}
    for model_name, title_field in USES.items():
        model = apps.get_model("projects", model_name)
        for item in model.objects.exclude(photo="").exclude(photo__isnull=True).order_by("pk"):
            name = item.photo.name if hasattr(item.photo, "name") else item.photo
            photo = by_file.get(name)
            alts = {field: getattr(item, field) or "" for field in ALT_FIELDS}
            if photo is None:
                photo = Photo(
                    title=(getattr(item, title_field) or name.rsplit("/", 1)[-1])[:200],
                    width=item.photo_width,
                    height=item.photo_height,
                    alt=alts["photo_alt"] or alts["photo_alt_nl"],
                    alt_nl=alts["photo_alt_nl"] or alts["photo_alt"],
                    alt_en=alts["photo_alt_en"] or None,
                )
                # The stored name as it is (no upload, no reading the file).
                photo.__dict__["file"] = name
                photo.save()
                by_file[name] = photo
            own = {
                "photo_alt": photo.alt,
                "photo_alt_nl": photo.alt_nl,
                "photo_alt_en": photo.alt_en or "",
            }
            # The library's description stands for the item's own where they are the same.
            updates = {
                field: "" if alts[field] == own[field] else alts[field] for field in ALT_FIELDS
            }
            model.objects.filter(pk=item.pk).update(library_photo=photo, **updates)
    versions_into_the_library(apps, Photo, by_file)


def versions_into_the_library(apps, Photo, by_file):
    """The versions in the history show library photos too: a file an older version
    showed becomes (or is found as) a library photo, so restoring it shows that photo."""
    Revision = apps.get_model("content", "Revision")
    labels = {f"projects.{model_name}": title for model_name, title in USES.items()}
    for revision in Revision.objects.only("pk", "content").iterator():
        changed = False
        for data in _objects_in(revision.content):
            if data.get("model") not in labels or "photo" not in data.get("fields", {}):
                continue
            fields = data["fields"]
            name = fields["photo"]
            if isinstance(name, str):
                photo = by_file.get(name) if name else None
                if name and photo is None:
                    photo = Photo(
                        title=(fields.get(labels[data["model"]] + "_nl") or name)[-200:],
                        width=fields.get("photo_width"),
                        height=fields.get("photo_height"),
                        alt=fields.get("photo_alt_nl") or fields.get("photo_alt") or "",
                        alt_nl=fields.get("photo_alt_nl") or "",
                        alt_en=fields.get("photo_alt_en") or None,
                    )
                    photo.__dict__["file"] = name
                    photo.save()
                    by_file[name] = photo
                fields["photo"] = photo.pk if photo is not None else None
                changed = True
            for gone in ("photo_width", "photo_height"):
                changed = fields.pop(gone, None) is not None or changed
        if changed:
            revision.save(update_fields=["content"])


def _objects_in(content):
    if not content:
        return
    yield content["item"]
    for rows in content.get("rows", {}).values():
        yield from rows
    yield from _objects_in(content.get("base"))


def out_of_the_library(apps, schema_editor):
    for model_name in USES:
        model = apps.get_model("projects", model_name)
        for item in model.objects.filter(library_photo__isnull=False).select_related(
            "library_photo"
        ):
            photo = item.library_photo
            model.objects.filter(pk=item.pk).update(
                photo=photo.file.name if hasattr(photo.file, "name") else photo.file,
                photo_width=photo.width,
                photo_height=photo.height,
                photo_alt=item.photo_alt or photo.alt,
                photo_alt_nl=item.photo_alt_nl or photo.alt_nl,
                photo_alt_en=item.photo_alt_en or photo.alt_en,
            )


def library_photo():
    return models.ForeignKey(
        blank=True,
        null=True,
        on_delete=django.db.models.deletion.SET_NULL,
        related_name="+",
        to="photos.photo",
        verbose_name="photo",
    )


ALT_HELP = "Leave empty to use the photo's own description from the library."
ALT_LABEL = "description of the photo here (alt text)"


def alt_field(translated):
    return models.CharField(
        blank=True, help_text=ALT_HELP, max_length=250, null=translated, verbose_name=ALT_LABEL
    )


def caption_field(translated):
    return models.CharField(
        blank=True, max_length=300, null=translated, verbose_name="photo caption"
    )


def alt_fields(model_name, operation):
    return [
        operation(model_name=model_name, name=name, field=alt_field(translated))
        for name, translated in (
            ("photo_alt", False),
            ("photo_alt_en", True),
            ("photo_alt_nl", True),
        )
    ]


def place_fields(model_name, photo_field):
    return [
        migrations.AddField(model_name=model_name, name="photo", field=photo_field),
        *alt_fields(model_name, migrations.AddField),
        *[
            migrations.AddField(model_name=model_name, name=name, field=caption_field(translated))
            for name, translated in (
                ("photo_caption", False),
                ("photo_caption_en", True),
                ("photo_caption_nl", True),
            )
        ],
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("photos", "0001_library"),
        ("projects", "0010_drop_history_tables"),
        ("content", "0002_history_as_revisions"),
    ]

    operations = [
        *[
            migrations.AddField(model_name=name, name="library_photo", field=library_photo())
            for name in USES
        ],
        migrations.RunPython(into_the_library, out_of_the_library),
        *[
            migrations.RemoveField(model_name=model_name, name=name)
            for model_name in USES
            for name in ("photo", "photo_width", "photo_height")
        ],
        *[
            migrations.RenameField(model_name=name, old_name="library_photo", new_name="photo")
            for name in USES
        ],
        *[operation for name in USES for operation in alt_fields(name, migrations.AlterField)],
        # Places may show a photo too.
        *place_fields("country", library_photo()),
    ]
