"""Write activities as IATI 2.03 XML, in the element order the standard's schema requires."""

from django.utils import timezone
from lxml import etree

from iati.activity import number
from iati.codelists import (
    IATI_VERSION,
    REGION_VOCABULARY_DAC,
    SECTOR_VOCABULARY_DAC,
    BudgetStatus,
    BudgetType,
)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DEFAULT_LANGUAGE = "nl"


def _narratives(parent, texts):
    for language, text in texts.items():
        narrative = etree.SubElement(parent, "narrative")
        if language != DEFAULT_LANGUAGE:
            narrative.set(XML_LANG, language)
        narrative.text = text


def _organisation(parent, tag, organisation):
    element = etree.SubElement(parent, tag)
    if organisation.ref:
        element.set("ref", organisation.ref)
    element.set("type", organisation.type)
    if organisation.role:
        element.set("role", organisation.role)
    _narratives(element, organisation.names)
    return element


def _datetime(value):
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def activity_element(activity):
    """One ``iati-activity`` element for an ``Activity``."""
    root = etree.Element("iati-activity")
    if activity.last_updated:
        root.set("last-updated-datetime", _datetime(activity.last_updated))
    root.set(XML_LANG, DEFAULT_LANGUAGE)
    root.set("default-currency", activity.default_currency)

    etree.SubElement(root, "iati-identifier").text = activity.identifier
    _organisation(root, "reporting-org", activity.reporting_org)
    _narratives(etree.SubElement(root, "title"), activity.titles)
    for description_type, texts in activity.descriptions:
        _narratives(etree.SubElement(root, "description", type=description_type), texts)
    for organisation in activity.participating_orgs:
        _organisation(root, "participating-org", organisation)
    etree.SubElement(root, "activity-status", code=activity.status)
    for date_type, day in sorted(activity.dates.items()):
        etree.SubElement(root, "activity-date", type=date_type, **{"iso-date": day.isoformat()})
    for code, percentage in activity.countries:
        etree.SubElement(root, "recipient-country", code=code, percentage=str(percentage))
    for code, percentage in activity.regions:
        etree.SubElement(
            root,
            "recipient-region",
            code=code,
            vocabulary=REGION_VOCABULARY_DAC,
            percentage=str(percentage),
        )
    etree.SubElement(
        root, "sector", vocabulary=SECTOR_VOCABULARY_DAC, code=activity.sector, percentage="100"
    )
    for budget in activity.budgets:
        element = etree.SubElement(
            root, "budget", type=BudgetType.ORIGINAL, status=BudgetStatus.INDICATIVE
        )
        etree.SubElement(element, "period-start", **{"iso-date": budget.start.isoformat()})
        etree.SubElement(element, "period-end", **{"iso-date": budget.end.isoformat()})
        value = etree.SubElement(
            element,
            "value",
            currency=budget.currency,
            **{"value-date": budget.start.isoformat()},
        )
        value.text = str(budget.amount)
    for link in activity.document_links:
        element = etree.SubElement(root, "document-link", url=link.url, format=link.format)
        _narratives(etree.SubElement(element, "title"), link.titles)
        etree.SubElement(element, "category", code=link.category)
        etree.SubElement(element, "language", code=link.language)
        if link.date:
            etree.SubElement(element, "document-date", **{"iso-date": link.date.isoformat()})
    for result in activity.results:
        _result(root, result)
    return root


def _result(parent, result):
    element = etree.SubElement(parent, "result", type=result.type, **{"aggregation-status": "0"})
    _narratives(etree.SubElement(element, "title"), result.titles)
    for indicator in result.indicators:
        item = etree.SubElement(element, "indicator", measure=indicator.measure)
        if indicator.period is not None:
            item.set("ascending", "1")
        _narratives(etree.SubElement(item, "title"), indicator.titles)
        if indicator.descriptions:
            _narratives(etree.SubElement(item, "description"), indicator.descriptions)
        if indicator.period is None:
            continue
        period = etree.SubElement(item, "period")
        start, end = indicator.period
        etree.SubElement(period, "period-start", **{"iso-date": start.isoformat()})
        etree.SubElement(period, "period-end", **{"iso-date": end.isoformat()})
        if indicator.target is not None:
            etree.SubElement(period, "target", value=number(indicator.target))
        if indicator.actual is not None:
            etree.SubElement(period, "actual", value=number(indicator.actual))


def activities_document(activities):
    """An ``iati-activities`` document of ``Activity`` objects, as an lxml tree."""
    root = etree.Element(
        "iati-activities",
        version=IATI_VERSION,
        **{"generated-datetime": _datetime(timezone.now())},
    )
    for activity in activities:
        root.append(activity_element(activity))
    return etree.ElementTree(root)


def to_bytes(document):
    return etree.tostring(document, xml_declaration=True, encoding="UTF-8", pretty_print=True)
