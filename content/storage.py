"""File storage for uploads: names normalised to plain, safe, lower-case ASCII; photos'
names end in a random part (``unguessable_name``)."""

import hashlib
import posixpath
import re
import unicodedata

from django.core.files.storage import FileSystemStorage
from django.utils.crypto import get_random_string
from django.utils.text import slugify

MAX_STEM_LENGTH = 80
# Uploads under this folder (a photo's consent form) are never served at /media/, to
# anyone: only the admin hands them out (operations.media refuses them before any lookup).
PRIVATE_FOLDER = "private"


def normalise_filename(name):
    """ "Verslag Workshop Sarajevo (def).PDF" -> "verslag-workshop-sarajevo-def.pdf".

    Accents become plain letters, everything else but letters, digits and hyphens goes,
    and a name with nothing left becomes "file". Only the last dot separates the
    extension: "photo.php.jpg" becomes "photo-php.jpg". Folders in the name are dropped
    (the field's upload_to decides the folder).
    """
    base = posixpath.basename(name.replace("\\", "/"))
    stem, dot, extension = base.rpartition(".")
    if not dot:
        stem, extension = base, ""
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    clean_stem = slugify(ascii_stem.replace(".", "-"))[:MAX_STEM_LENGTH].strip("-") or "file"
    clean_extension = slugify(extension).replace("-", "")[:10]
    clean = f"{clean_stem}.{clean_extension}" if clean_extension else clean_stem
    return clean


LOWER_CASE_ALPHANUMERICS = "abcdefghijklmnopqrstuvwxyz0123456789"


class MediaStorage(FileSystemStorage):
    """The storage of uploads in every setting (base, dev, test, production): normalised
    file names, and a name taken already gets a lower-case suffix ("verslag-k3x9q2m.pdf"),
    never Django's mixed-case "verslag_K3x9Q2m.pdf"."""

    def get_valid_name(self, name):
        return normalise_filename(name)

    def get_available_name(self, name, max_length=None):
        # Also for files saved straight through the storage, not through a model field.
        folder, base = posixpath.split(name)
        return super().get_available_name(
            posixpath.join(folder, self.get_valid_name(base)), max_length
        )

    def get_alternative_name(self, file_root, file_ext):
        return f"{file_root}-{get_random_string(7, LOWER_CASE_ALPHANUMERICS)}{file_ext}"


# A photo's public name: its normalised name, then ten random characters and two that
# check them ("workshop-belgrado-k3x9q2m4pa7f.jpg"). Readable for editors, but no one can
# guess it from a camera's numbering (IMG_1234.JPG) or the photographer's file name.
RANDOM_LENGTH = 10
_UNGUESSABLE = re.compile(rf"-([a-z0-9]{{{RANDOM_LENGTH}}})([0-9a-f]{{2}})$")


def _check(random_part):
    return hashlib.sha256(random_part.encode()).hexdigest()[:2]


def is_unguessable(name):
    """Whether ``name`` ends in a random part made by ``unguessable_name`` (the two check
    characters tell it from a file name that happens to end in twelve letters and digits)."""
    stem = posixpath.splitext(posixpath.basename(name))[0]
    found = _UNGUESSABLE.search(stem)
    return found is not None and _check(found.group(1)) == found.group(2)


def unguessable_name(name, max_length=None):
    """``name`` ("projects/photos/img-1234.jpg") with a random part before its extension
    ("projects/photos/img-1234-k3x9q2m4pa7f.jpg"), within ``max_length`` (the name is
    shortened, never the random part); a name that has one already is returned as it is."""
    if is_unguessable(name):
        return name
    folder, base = posixpath.split(name)
    stem, extension = posixpath.splitext(base)
    random_part = get_random_string(RANDOM_LENGTH, LOWER_CASE_ALPHANUMERICS)
    suffix = f"-{random_part}{_check(random_part)}{extension}"
    if max_length:
        room = max_length - len(posixpath.join(folder, suffix))
        stem = stem[: max(room, 1)].rstrip("-") or "file"
    return posixpath.join(folder, stem + suffix)
