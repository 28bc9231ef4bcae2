"""System checks of the open-data settings: what whoever runs the site must set before the
IATI file goes to the registry (``manage.py check --deploy``; also on the admin home page
for superusers, with every check tagged "configuration")."""

from django.core.checks import Info, Warning, register

from iati.rules import check_site

# One stable id per rule of iati.rules.check_site.
CHECK_IDS = {
    "reporting_org_identifier_invalid": "projects.W001",
    # Information, not a warning: the site runs (and `make serve` starts) before the
    # organisation has its IATI identifier; the export flags the placeholder meanwhile.
    "reporting_org_identifier_placeholder": "projects.I002",
    "site_url_local": "projects.W003",
}


@register("configuration", deploy=True)
def check_open_data_settings(app_configs, **kwargs):
    return [
        (Info if CHECK_IDS[warning.code].startswith("projects.I") else Warning)(
            warning.message, id=CHECK_IDS[warning.code]
        )
        for warning in check_site()
    ]
