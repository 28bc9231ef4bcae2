"""The IATI organisation file (``iati-organisations`` 2.03): VluchtelingenWerk as the
reporting organisation, its name in both languages, and its total budget per calendar
year and currency, added up from the published projects' budgets (the same budgets their
activities report: known funding amounts spread over periods of at most a year, see
``open_data.activity_for``). A budget period that runs into the next year counts for the
year it starts in."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.utils import timezone
from lxml import etree

from iati.activity import number, reporting_organisation
from iati.codelists import IATI_VERSION

from .open_data import activity_for, iati_projects

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA_FILE = "iati-organisations-schema.xsd"
# The organisation's name as the file gives it; the Dutch one is the source.
NAMES = {"nl": "VluchtelingenWerk Nederland", "en": "Dutch Council for Refugees"}


def narratives(parent, texts):
    for language, text in texts.items():
        narrative = etree.SubElement(parent, "narrative")
        if language != "nl":
            narrative.set(XML_LANG, language)
        narrative.text = text


def total_budgets(today=None):
    """{(year, currency): amount} over the published projects' activity budgets."""
    totals = defaultdict(int)
    for project in iati_projects():
        for budget in activity_for(project, today=today).budgets:
            totals[(budget.start.year, budget.currency)] += budget.amount
    return dict(sorted(totals.items()))


def organisation_document(today=None):
    """The organisation file as an lxml tree."""
    now = timezone.localtime().replace(microsecond=0)
    root = etree.Element(
        "iati-organisations", version=IATI_VERSION, **{"generated-datetime": now.isoformat()}
    )
    organisation = etree.SubElement(root, "iati-organisation")
    organisation.set("last-updated-datetime", now.isoformat())
    organisation.set(XML_LANG, "nl")
    organisation.set("default-currency", settings.IATI_DEFAULT_CURRENCY)
    reporter = reporting_organisation()
    etree.SubElement(organisation, "organisation-identifier").text = reporter.ref
    narratives(etree.SubElement(organisation, "name"), NAMES)
    reporting = etree.SubElement(organisation, "reporting-org", ref=reporter.ref)
    reporting.set("type", reporter.type)
    narratives(reporting, NAMES)
    for (year, currency), amount in total_budgets(today).items():
        budget = etree.SubElement(organisation, "total-budget", status="1")
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        etree.SubElement(budget, "period-start", **{"iso-date": start.isoformat()})
        etree.SubElement(budget, "period-end", **{"iso-date": end.isoformat()})
        value = etree.SubElement(
            budget, "value", currency=currency, **{"value-date": start.isoformat()}
        )
        value.text = number(amount)
    return etree.ElementTree(root)
