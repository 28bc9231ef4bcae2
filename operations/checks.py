"""System checks for settings this project adds.

Checks tagged "configuration" are about settings whoever runs the site must get right;
the admin home page shows their findings to superusers (``templatetags/site_checks.py``).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, register


@register("configuration")
def check_site_url(app_configs, **kwargs):
    """SITE_URL is an origin such as https://projecten.vluchtelingenwerk.nl."""
    parts = urlsplit(settings.SITE_URL)
    if parts.scheme in ("http", "https") and parts.netloc and parts.path in ("", "/"):
        return []
    return [
        Error(
            f"SITE_URL must be a scheme and host only, e.g. https://example.org; "
            f"got {settings.SITE_URL!r}.",
            id="operations.E001",
        )
    ]


@register()
def check_upload_storage(app_configs, **kwargs):
    """Uploads are stored with normalised names in every setting (docs/operations.md, Security)."""
    from django.core.files.storage import storages
    from django.utils.module_loading import import_string

    from content.storage import MediaStorage

    backend = import_string(storages.backends["default"]["BACKEND"])
    if issubclass(backend, MediaStorage):
        return []
    return [
        Error(
            f"The default storage is {backend.__module__}.{backend.__qualname__}; uploads "
            "must use content.storage.MediaStorage (or a subclass), which normalises their "
            "names to lower-case ASCII.",
            id="operations.E002",
        )
    ]


@register()
def check_files_have_a_publication_rule(app_configs, **kwargs):
    """Every public content model with file fields says which of its objects are published:
    without that its files could never be served (operations/media.py serves a file only
    while a published object owns it)."""
    from content.registry import content_options, has_publication_rule

    return [
        Error(
            f"{options.key} has file fields ({', '.join(options.file_fields)}) but no "
            "publication rule, so its files are never served to the public.",
            hint="Give its queryset a published() method (STYLE: the one publication "
            "rule), or declare one with content.registry.publication_rule.",
            obj=options.model,
            id="operations.E003",
        )
        for options in content_options()
        if options.public and options.file_fields and not has_publication_rule(options.model)
    ]
