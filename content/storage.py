"""File storage for uploads: names normalised to plain, safe, lower-case ASCII."""

import posixpath
import unicodedata

from django.core.files.storage import FileSystemStorage
from django.utils.crypto import get_random_string
from django.utils.text import slugify

MAX_STEM_LENGTH = 80


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
