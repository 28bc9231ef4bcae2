"""IATI rules the schema does not enforce, checked in Python and shown to editors.

They are warnings: the export still works, but an editor sees what to fix. Each has a
stable code (for tests and scripts) and a message in the editor's language.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from iati.codelists import (
    CURRENCIES,
    ORGANISATION_IDENTIFIER,
    ActivityDateType,
    ActivityStatus,
    DocumentCategory,
    IndicatorMeasure,
    Language,
    OrganisationType,
    ResultType,
    Sector,
)

from .activity import one_year_after, reporting_organisation, site_url
from .codelist_data import COUNTRY_CODES, REGIONS

PLACEHOLDER_REPORTING_ORG_IDENTIFIER = "NL-KVK-00000000"


@dataclass(frozen=True)
class RuleWarning:
    code: str
    message: str

    def __str__(self):
        return self.message


def check_site():
    """The rules about the site's settings rather than one project: the reporting
    organisation's identifier and the public address. For whoever runs the site (the
    admin home page shows them to superusers), not for the editor of a project."""
    warnings = []
    reporting_ref = reporting_organisation().ref
    if not re.match(ORGANISATION_IDENTIFIER, reporting_ref):
        warnings.append(
            RuleWarning(
                "reporting_org_identifier_invalid",
                _(
                    "The reporting organisation identifier %(ref)s is not an IATI "
                    "organisation identifier such as NL-KVK-12345678 (setting "
                    "IATI_REPORTING_ORG_IDENTIFIER)."
                )
                % {"ref": reporting_ref},
            )
        )
    elif reporting_ref == PLACEHOLDER_REPORTING_ORG_IDENTIFIER:
        warnings.append(
            RuleWarning(
                "reporting_org_identifier_placeholder",
                _(
                    "The reporting organisation identifier is still the placeholder "
                    "%(ref)s: set IATI_REPORTING_ORG_IDENTIFIER to VluchtelingenWerk's real "
                    "identifier before publishing to the IATI registry."
                )
                % {"ref": reporting_ref},
            )
        )
    if re.match(r"^https?://(localhost|127\.|\[::1\])", site_url()):
        warnings.append(
            RuleWarning(
                "site_url_local",
                _(
                    "Links in the open data point to %(url)s, a local address: set "
                    "SITE_URL to the site's public address."
                )
                % {"url": site_url()},
            )
        )
    return warnings


def check_activity(activity, today=None):
    """The rule warnings for an ``Activity`` (see ``activity.activity_for``); the site's
    settings are checked apart, by ``check_site``."""
    today = today or timezone.localdate()
    warnings = []

    def warn(code, message):
        warnings.append(RuleWarning(code, message))

    dates = activity.dates
    reporting_ref = activity.reporting_org.ref

    # Start date present.
    if activity.start_stand_in:
        if activity.start_stand_in == "published":
            message = _(
                "The project has no start date. The open data uses the day it was first "
                "published (%(date)s) as its planned start until you enter the start date."
            )
        else:
            message = _(
                "The project has no start date. Until you enter it, the open data will use "
                "the day the project is first published as its planned start (today it "
                "would be the day it was created, %(date)s)."
            )
        warn(
            "start_date_missing",
            message % {"date": dates[ActivityDateType.PLANNED_START].isoformat()},
        )

    # Identifier prefix: the reporting organisation's identifier, then a hyphen.
    if not activity.identifier.startswith(f"{reporting_ref}-"):
        warn(
            "identifier_prefix",
            _(
                "The activity identifier %(identifier)s does not start with the reporting "
                "organisation identifier %(ref)s followed by a hyphen."
            )
            % {"identifier": activity.identifier, "ref": reporting_ref},
        )

    # Recipient countries and regions: present, percentages together sum to 100.
    recipients = [*activity.countries, *activity.regions]
    if not recipients:
        warn("country_missing", _("The project has no country: IATI needs a recipient country."))
    elif sum((percentage for _code, percentage in recipients), Decimal(0)) != 100:
        warn(
            "country_percentages",
            _("The recipient country percentages do not add up to 100."),
        )

    # Budgets: known amounts need a period, and each period lasts at most a year.
    if activity.amounts_without_period:
        warn(
            "budget_without_period",
            _(
                "Funding amounts are known, but without a start and end date the open data "
                "cannot give a budget. Enter the project's dates."
            ),
        )
    for budget in activity.budgets:
        if budget.end > one_year_after(budget.start) or budget.end < budget.start:
            warn(
                "budget_period_too_long",
                _("The budget period %(start)s to %(end)s is longer than one year.")
                % {"start": budget.start.isoformat(), "end": budget.end.isoformat()},
            )

    # Start before end, for the planned and the actual dates.
    for start_type, end_type, message in (
        (
            ActivityDateType.PLANNED_START,
            ActivityDateType.PLANNED_END,
            _("The planned end date is before the planned start date."),
        ),
        (
            ActivityDateType.ACTUAL_START,
            ActivityDateType.ACTUAL_END,
            _("The actual end date is before the actual start date."),
        ),
    ):
        if start_type in dates and end_type in dates and dates[end_type] < dates[start_type]:
            warn("end_before_start", message)

    # No actual date in the future.
    for date_type in (ActivityDateType.ACTUAL_START, ActivityDateType.ACTUAL_END):
        if date_type in dates and dates[date_type] > today:
            warn(
                "actual_date_in_future",
                _("The %(kind)s date %(date)s is in the future; actual dates must have passed.")
                % {"kind": ActivityDateType(date_type).label, "date": dates[date_type].isoformat()},
            )

    # Codelist membership.
    def check_code(value, codes, what):
        if value not in codes:
            warn(
                "codelist",
                _("%(what)s %(value)s is not in the IATI codelist.")
                % {"what": what, "value": value or "-"},
            )

    check_code(activity.status, ActivityStatus.values, _("Activity status"))
    for code, _percentage in activity.countries:
        check_code(code, COUNTRY_CODES, _("Country"))
    for code, _percentage in activity.regions:
        check_code(code, REGIONS, _("Region"))
    for result in activity.results:
        check_code(result.type, ResultType.values, _("Result type"))
        for indicator in result.indicators:
            check_code(indicator.measure, IndicatorMeasure.values, _("Indicator measure"))
    check_code(activity.sector, Sector.values, _("Sector"))
    check_code(activity.default_currency, CURRENCIES, _("Default currency"))
    for currency in activity.currencies:
        check_code(currency, CURRENCIES, _("Currency"))
    check_code(
        activity.reporting_org.type, OrganisationType.values, _("Reporting organisation type")
    )
    for organisation in activity.participating_orgs:
        check_code(organisation.type, OrganisationType.values, _("Organisation type"))
    for link in activity.document_links:
        check_code(link.category, DocumentCategory.values, _("Document category"))
        check_code(link.language, Language.values, _("Document language"))

    return warnings
