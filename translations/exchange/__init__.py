"""Export and import of English translations for external translators and their tools
(Poedit, OmegaT, memoQ, Trados, Weblate, ...): PO, XLIFF 1.2 and XLIFF 2.0.

- ``units``: what is exported and how each unit is named (ID and fingerprint);
- ``formats``: writing and reading the three formats;
- ``importer``: checking and applying a file's units, conflicts included;
- ``reports``: the stored report of each import, conflict resolution and the CSV.
"""

import io
import zipfile

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..glossary import all_terms, as_tbx
from ..memory import all_pairs
from ..registry import TARGET_LANGUAGE
from ..state import MISSING, OUTDATED
from ..tmx import OMEGAT_PO, OMEGAT_XLIFF, write_tmx
from .formats import (
    CONTENT_TYPES,
    EXTENSIONS,
    FORMAT_LABELS,
    PO,
    XLIFF2,
    XLIFF12,
    MalformedFile,
    write_file,
    write_po,
)
from .importer import (
    CONFIRMED,
    CONFLICT,
    KEPT,
    MAX_IMPORT_BYTES,
    MAX_IMPORT_UNITS,
    OUTCOME_LABELS,
    REFUSED,
    SKIPPED,
    UNCHANGED,
    UNCONFIRMED,
    UPDATED,
    ImportFailed,
    ImportReport,
    UnitResult,
    import_file,
)
from .units import ALL, NEEDS_WORK, collect

SCOPES = {
    NEEDS_WORK: _("missing and outdated"),
    MISSING: _("missing only"),
    OUTDATED: _("outdated only"),
    ALL: _("everything (also complete translations)"),
}
FORMATS = FORMAT_LABELS


def export_units(scope=NEEDS_WORK, user=None):
    if scope not in SCOPES:
        raise ValueError(f"Unknown scope {scope!r}")
    return collect(scope, user)


def export_file(scope=NEEDS_WORK, file_format=PO, user=None):
    """(bytes, file name, content type) of an export."""
    content = write_file(export_units(scope, user), file_format, scope)
    return content, export_filename(scope, file_format), CONTENT_TYPES[file_format]


BUNDLE_README = """English translations of VluchtelingenWerk Nederland's projects abroad

{name}
    The units to translate ({format_label}). Write the English into the targets and
    import the file on the translators' desk. The targets start as a copy of the Dutch
    (XLIFF 1.2) or empty (PO, XLIFF 2.0); suggestions from the site's translation memory
    and the English of Dutch that changed are offered beside them, never as the target.

vwn-memory.tmx
    The site's translation memory (TMX 1.4, inline codes as TMX level 2), for any tool.

omegat/tm/auto/vwn-memory.tmx
    The same memory as OmegaT applies it by itself: copy it into the tm/auto folder of
    your OmegaT project (its tags are written as OmegaT shows them for this file).

vwn-glossary.tbx (when the site has a glossary)
    Names and terms and the English they must have (TBX; OmegaT reads it from its
    glossary folder). The import reports English that lacks one of them.

A unit whose English is exactly a suggestion of the memory is used only when your tool
marks it translated (or confirmed, approved, not fuzzy); otherwise the import report lists
it with its English, to accept there in one click. Any other English you write is used.
"""


def export_bundle(scope=NEEDS_WORK, file_format=PO, user=None):
    """(ZIP bytes, file name) of an export with the site's translation memory as TMX."""
    content, name, _type = export_file(scope, file_format, user)
    pairs = list(all_pairs())
    flavour = OMEGAT_PO if file_format == PO else OMEGAT_XLIFF
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr(name, content)
        bundle.writestr("vwn-memory.tmx", write_tmx(pairs))
        bundle.writestr("omegat/tm/auto/vwn-memory.tmx", write_tmx(pairs, flavour=flavour))
        terms = all_terms()
        if terms:
            bundle.writestr("vwn-glossary.tbx", as_tbx(terms))
        bundle.writestr(
            "README.txt",
            BUNDLE_README.format(name=name, format_label=FORMAT_LABELS[file_format]),
        )
    return buffer.getvalue(), name.rsplit(".", 1)[0] + ".zip"


def export_catalogue(scope=NEEDS_WORK, user=None):
    """The PO export as a polib.POFile."""
    return write_po(export_units(scope, user), scope)


def export_filename(scope, file_format=PO):
    stamp = f"{timezone.now():%Y%m%d-%H%M}"
    suffix = "" if file_format == PO else f"-{file_format}"
    return f"vwn-projects-{TARGET_LANGUAGE}-{scope}-{stamp}{suffix}.{EXTENSIONS[file_format]}"


def import_catalogue(data, *, user=None, dry_run=False, take_file=()):
    """Import a PO or XLIFF file (the name kept from when only PO existed)."""
    return import_file(data, user=user, dry_run=dry_run, take_file=take_file)


__all__ = [
    "ALL",
    "CONFIRMED",
    "CONFLICT",
    "FORMATS",
    "KEPT",
    "MAX_IMPORT_BYTES",
    "MAX_IMPORT_UNITS",
    "MISSING",
    "NEEDS_WORK",
    "OUTCOME_LABELS",
    "OUTDATED",
    "PO",
    "REFUSED",
    "SCOPES",
    "SKIPPED",
    "UNCHANGED",
    "UNCONFIRMED",
    "UPDATED",
    "XLIFF12",
    "XLIFF2",
    "ImportFailed",
    "ImportReport",
    "MalformedFile",
    "UnitResult",
    "export_bundle",
    "export_catalogue",
    "export_file",
    "export_filename",
    "import_catalogue",
    "import_file",
]
