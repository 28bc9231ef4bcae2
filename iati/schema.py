"""Validation against the official IATI 2.03 schema, when its files are available.

The XSD files are not part of this repository: ``IATI_SCHEMA_DIR`` points at them.
"""

from functools import cache
from pathlib import Path

from django.conf import settings
from lxml import etree

SCHEMA_FILE = "iati-activities-schema.xsd"


def schema_path():
    """The activities schema file, or None when IATI_SCHEMA_DIR does not hold it."""
    path = Path(settings.IATI_SCHEMA_DIR) / SCHEMA_FILE
    return path if path.is_file() else None


@cache
def _schema(path):
    # The schema imports iati-common.xsd and xml.xsd from the same folder: no network.
    return etree.XMLSchema(etree.parse(str(path)))


def schema_errors(document):
    """The schema's complaints about an lxml document, as readable lines (empty: valid)."""
    path = schema_path()
    if path is None:
        raise FileNotFoundError(
            f"The IATI schema is not at {Path(settings.IATI_SCHEMA_DIR) / SCHEMA_FILE}; "
            "set IATI_SCHEMA_DIR to the folder with the IATI 2.03 XSD files."
        )
    schema = _schema(path)
    if schema.validate(document):
        return []
    return [f"line {error.line}: {error.message}" for error in schema.error_log]
