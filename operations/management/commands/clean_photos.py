"""Give photos and logos stored before uploads were cleaned the treatment new uploads get.

New uploads are stored without personal metadata under a name with a random part
(``content.validators.ImageField``). For files stored earlier this command:

1. gives every photo and logo an item points at a name with a random part
   ("projects/photos/img-1234.jpg" → "projects/photos/img-1234-k3x9q2m4pa7f.jpg"), stored
   without metadata; the items and their revisions (so that restoring an older version
   still finds its photo) are changed to the new name, and the old file and its
   renditions are removed;
2. rewrites every other JPEG, PNG and WebP under MEDIA_ROOT (replaced uploads kept for
   the history, proposals waiting for review) without metadata, under the same name.

Renditions are made without metadata anyway; those of a rewritten file are removed and
made again from the clean file on the next visit (or by ``make_renditions``). Cached pages
are made stale when anything changed. Running it again changes nothing: it reports what
it did, or with ``--dry-run`` what it would do.
"""

import os
import posixpath
import tempfile
from collections import defaultdict
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import transaction

from content.models import Revision
from content.photo_metadata import without_metadata
from content.registry import content_options
from content.renditions import FOLDER as RENDITIONS
from content.revisions import objects_in
from content.storage import is_unguessable, unguessable_name
from website import page_cache

IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")


def names_in_revisions(model, field_name):
    """The names the revisions (history, proposals) of any item keep in ``model``'s field
    ``field_name``."""
    label = model._meta.label_lower
    names = set()
    for content in Revision.objects.values_list("content", flat=True).iterator():
        for data in objects_in(content):
            if data.get("model") == label and data["fields"].get(field_name):
                names.add(data["fields"][field_name])
    return names


def rename_in_revisions(uses, old, new):
    """Point every revision that keeps ``old`` in one of ``uses`` at ``new`` instead."""
    wanted = {(model._meta.label_lower, field.name) for model, field in uses}
    for revision in Revision.objects.only("pk", "content").iterator():
        changed = False
        for data in objects_in(revision.content):
            for label, name in wanted:
                if data.get("model") == label and data["fields"].get(name) == old:
                    data["fields"][name] = new
                    changed = True
        if changed:
            revision.save(update_fields=["content"])


def replace_in_place(storage, name, data):
    """Write ``data`` over the stored file ``name`` at once (a new file moved over the old
    one), so that the file is never missing or half written."""
    path = Path(storage.path(name))
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".clean-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove_renditions(storage, name):
    folder = f"{RENDITIONS}/{name}"
    try:
        _folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for file in files:
        storage.delete(f"{folder}/{file}")


class Command(BaseCommand):
    help = (
        "Store every photo and logo uploaded earlier without personal metadata (GPS, "
        "camera, author) and under a name that cannot be guessed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        self.storage = default_storage
        self.dry_run = dry_run
        self.counts = {"renamed": 0, "cleaned": 0, "clean": 0, "missing": 0, "unreadable": 0}
        # Every item (and version) that points at a file, whatever its model and field: a
        # file two items share is renamed once, for both.
        uses = defaultdict(list)
        for declaration in content_options():
            for field_name in declaration.image_fields:
                field = declaration.model._meta.get_field(field_name)
                for name in self.names_in_use(declaration.model, field_name):
                    uses[name].append((declaration.model, field))
        for name in sorted(uses):
            self.rename(name, uses[name])
        for name in self.stored_images():
            if name not in uses:
                self.clean(name)
        if (self.counts["renamed"] or self.counts["cleaned"]) and not dry_run:
            page_cache.bump_content_version()
        c = self.counts
        would = "would be " if dry_run else ""
        self.stdout.write(
            f"{c['renamed']} photos {would}renamed and stored without metadata, "
            f"{c['cleaned']} images {would}rewritten without metadata under their own name, "
            f"{c['clean']} clean already; {c['missing']} missing, "
            f"{c['unreadable']} not readable as images."
        )

    def names_in_use(self, model, field_name):
        """The names the items and their versions point at, in a stable order."""
        names = set(
            model._base_manager.exclude(**{field_name: ""})
            .exclude(**{f"{field_name}__isnull": True})
            .values_list(field_name, flat=True)
            .distinct()
        )
        return sorted(names | names_in_revisions(model, field_name))

    def stored_images(self):
        """Every JPEG, PNG and WebP under MEDIA_ROOT but the renditions."""
        root = Path(self.storage.location)
        found = []
        for folder, subfolders, files in os.walk(root):
            relative = Path(folder).relative_to(root).as_posix()
            if relative == RENDITIONS:
                subfolders.clear()
                continue
            for file in files:
                if file.lower().endswith(IMAGE_EXTENSIONS) and not file.startswith(".clean-"):
                    found.append(posixpath.normpath(posixpath.join(relative, file)))
        return sorted(found)

    def read(self, name):
        if not self.storage.exists(name):
            self.counts["missing"] += 1
            self.stderr.write(f"  ! missing: {name}")
            return None, None
        with self.storage.open(name, "rb") as handle:
            data = handle.read()
        try:
            return data, without_metadata(data)
        except Exception as error:  # a damaged file: left as it is, and said so
            self.counts["unreadable"] += 1
            self.stderr.write(f"  ! not readable as an image: {name} ({error})")
            return None, None

    def rename(self, name, uses):
        if is_unguessable(name):
            self.clean(name)
            return
        data, cleaned = self.read(name)
        if data is None:
            return
        self.counts["renamed"] += 1
        if self.dry_run:
            self.stdout.write(f"  would rename {name} and remove its metadata")
            return
        max_length = min(field.max_length for _model, field in uses)
        new_name = self.storage.save(
            unguessable_name(name, max_length), ContentFile(cleaned), max_length
        )
        with transaction.atomic():
            for model, field in uses:
                model._base_manager.filter(**{field.name: name}).update(**{field.name: new_name})
            rename_in_revisions(uses, name, new_name)
        self.storage.delete(name)
        remove_renditions(self.storage, name)
        self.stdout.write(f"  {name} → {new_name}" + (", metadata removed" * (cleaned != data)))

    def clean(self, name):
        data, cleaned = self.read(name)
        if data is None:
            return
        if cleaned == data:
            self.counts["clean"] += 1
            return
        self.counts["cleaned"] += 1
        if self.dry_run:
            self.stdout.write(f"  would remove the metadata of {name}")
            return
        replace_in_place(self.storage, name, cleaned)
        remove_renditions(self.storage, name)
        self.stdout.write(f"  {name}: metadata removed")
