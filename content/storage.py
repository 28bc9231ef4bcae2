"""File storage for uploads: names normalised to plain, safe, lower-case ASCII."""

import posixpath
import unicodedata

from django.core.files.storage import FileSystemStorage
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


class MediaStorage(FileSystemStorage):
    """The default storage, with normalised file names."""

    def get_valid_name(self, name):
        return normalise_filename(name)
