"""The published projects as IATI 2.03 open data (https://iatistandard.org/).

``activity_for(project)`` maps a project onto the plain data of ``iati.activity``; the
``iati`` app writes that as XML and checks its rules. This module is the only place that
knows both the content and the standard.
"""

import datetime
import re

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone, translation

from content.richtext import is_partial_translation
from iati.activity import (
    HUNDRED,
    Activity,
    DocumentLink,
    Indicator,
    Organisation,
    Result,
    absolute_url,
    budgets,
    plain_text,
    reporting_organisation,
    split_evenly,
)
from iati.builder import activities_document
from iati.codelists import (
    ActivityDateType,
    ActivityStatus,
    DescriptionType,
    DocumentCategory,
    IndicatorMeasure,
    OrganisationRole,
)
from iati.rules import check_activity

from .models import Country, Project, planned_end

LANGUAGES = ("nl", "en")


def with_activity_relations(projects):
    """``projects`` with everything their activity needs, in a fixed number of queries."""
    return projects.prefetch_related(
        Prefetch("countries", queryset=Country.objects.order_by("sort_order", "name")),
        "partnerships__partner",
        "fundings__funder__parent",
        "workshops",
        "results",
    )


def iati_projects():
    """Published projects with everything their activity needs, in a fixed number of queries."""
    return with_activity_relations(Project.objects.published())


def iati_identifier(project):
    return f"{settings.IATI_REPORTING_ORG_IDENTIFIER}-{project.project_code}"


def project_code_from_identifier(identifier):
    """The project code inside one of this organisation's activity identifiers, or None."""
    prefix = f"{settings.IATI_REPORTING_ORG_IDENTIFIER}-"
    if identifier.startswith(prefix) and len(identifier) > len(prefix):
        return identifier[len(prefix) :]
    return None


def translated(obj, name, to_text=str.strip):
    """{language: text} for each language that has its own text (no fallback)."""
    values = {language: to_text(getattr(obj, f"{name}_{language}") or "") for language in LANGUAGES}
    return {language: text for language, text in values.items() if text}


def organisation_name(name):
    """A funder's name "as it reads in a sentence" ("de EU") as a name on its own ("EU")."""
    name = re.sub(r"^(de|het|the)\s+", "", name.strip())
    return name[:1].upper() + name[1:]


def activity_dates(project):
    """The IATI activity dates, and whether the start had to fall back to the publication."""
    dates = {
        ActivityDateType.PLANNED_START: project.start_date,
        ActivityDateType.ACTUAL_START: project.actual_start_date,
        ActivityDateType.PLANNED_END: planned_end(
            project.start_date, project.end_date, project.duration_months
        ),
        ActivityDateType.ACTUAL_END: project.actual_end_date,
    }
    stand_in = ""
    if not project.start_date and not project.actual_start_date:
        # IATI requires an activity date. Until an editor enters one, the day the project
        # was first published (else created) stands in as its planned start.
        stand_in = "published" if project.first_published_at else "created"
        moment = project.first_published_at or project.created_at or timezone.now()
        dates[ActivityDateType.PLANNED_START] = timezone.localdate(moment)
    return {kind: day for kind, day in dates.items() if day is not None}, stand_in


def activity_status(project, dates, today):
    """The editor's choice, else what the site shows: a completed project is closed when
    its actual end date has passed or an editor marked it completed, and in finalisation
    when only its planned end date has passed; a current one is in the pipeline until it
    starts, then in implementation."""
    if project.activity_status:
        return project.activity_status
    if project.is_completed(today):
        actual_end = dates.get(ActivityDateType.ACTUAL_END)
        if project.completed or (actual_end and actual_end < today):
            return ActivityStatus.CLOSED
        return ActivityStatus.FINALISATION
    start = dates.get(ActivityDateType.ACTUAL_START) or dates.get(ActivityDateType.PLANNED_START)
    if start and start > today and ActivityDateType.ACTUAL_START not in dates:
        return ActivityStatus.PIPELINE
    return ActivityStatus.IMPLEMENTATION


def recipients(places):
    """([(country code, percentage)], [(region code, percentage)]) for a project's places.

    Each place has an equal share of 100%; a place reported as an IATI region gives its
    share to that region, any other place splits it evenly over its codes (the Dutch
    Caribbean: a quarter each to AW, BQ, CW and SX). A code or region that two places
    share adds up. All percentages together make exactly 100.
    """
    countries, regions = {}, {}
    if not places:
        return [], []
    for place, share in zip(places, split_evenly(HUNDRED, len(places)), strict=True):
        if place.iati_region:
            regions[place.iati_region] = regions.get(place.iati_region, 0) + share
            continue
        codes = place.code_list
        for code, part in zip(codes, split_evenly(share, len(codes)), strict=True):
            countries[code] = countries.get(code, 0) + part
    return list(countries.items()), list(regions.items())


def year_period(year):
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def results(project):
    """The project's results as IATI results: one indicator each, with the year as its
    period and the number (and target) where the editor gave them, else qualitative."""
    items = []
    for result in project.results.all():
        titles = translated(result, "statement")
        if result.value is None and result.target is None:
            indicator = Indicator(titles=titles, measure=IndicatorMeasure.QUALITATIVE)
        else:
            indicator = Indicator(
                titles=titles,
                measure=(
                    IndicatorMeasure.PERCENTAGE if result.is_percentage else IndicatorMeasure.UNIT
                ),
                descriptions={} if result.is_percentage else translated(result, "unit"),
                period=year_period(result.year),
                target=result.target,
                actual=result.value,
            )
        items.append(Result(type=result.result_type, titles=titles, indicators=[indicator]))
    return items


def document_links(project):
    links = []
    for workshop in project.workshops.all():
        if workshop.report:
            links.append(
                DocumentLink(
                    url=absolute_url(workshop.report.url),
                    format="application/pdf",
                    category=DocumentCategory.RESULTS,
                    titles=translated(workshop, "title"),
                    language=workshop.report_language,
                    date=workshop.date,
                )
            )
    for language in LANGUAGES:
        titles = translated(project, "title")
        if language not in titles:
            continue
        with translation.override(language):
            url = absolute_url(project.get_absolute_url())
        links.append(
            DocumentLink(
                url=url,
                format="text/html",
                category=DocumentCategory.WEB_PAGE,
                titles={language: titles[language]},
                language=language,
            )
        )
    return links


def participating_organisations(project):
    organisations = []
    for funding in project.fundings.all():
        funder = funding.funder
        organisations.append(
            Organisation(
                names={
                    language: organisation_name(name)
                    for language, name in translated(funder, "name").items()
                },
                type=funder.organisation_type,
                ref=funder.iati_ref,
                role=OrganisationRole.FUNDING,
            )
        )
    accountable = reporting_organisation()
    accountable.role = OrganisationRole.ACCOUNTABLE
    organisations.append(accountable)
    for partnership in project.partnerships.all():
        partner = partnership.partner
        names = translated(partner, "name")
        if partner.acronym:
            names = {language: f"{name} ({partner.acronym})" for language, name in names.items()}
        organisations.append(
            Organisation(
                names=names,
                type=partner.organisation_type,
                ref=partner.iati_identifier,
                role=OrganisationRole.IMPLEMENTING,
            )
        )
    return organisations


def own_text(obj, name, language):
    """The text of ``obj``'s field ``name`` in ``language`` as plain text; none where it is
    rich text translated in part (it would read as the whole)."""
    value = getattr(obj, f"{name}_{language}") or ""
    source = getattr(obj, f"{name}_{LANGUAGES[0]}") or ""
    return "" if is_partial_translation(source, value) else plain_text(value)


def descriptions(project, countries):
    general = {}
    for language in LANGUAGES:
        parts = [own_text(project, "summary", language), own_text(project, "body", language)]
        text = "\n\n".join(part for part in parts if part)
        if text:
            general[language] = text
    if not general:
        # The schema needs a description; the title is the best there is.
        general = translated(project, "title")
    result = [(DescriptionType.GENERAL, general)]
    situation = {}
    for language in LANGUAGES:
        texts = []
        for country in countries:
            text = own_text(country, "situation", language)
            if text:
                name = getattr(country, f"name_{language}") or country.name_nl
                texts.append(f"{name}: {text}" if len(countries) > 1 else text)
        if texts:
            situation[language] = "\n\n".join(texts)
    if situation:
        result.append((DescriptionType.OTHER, situation))
    return result


def activity_for(project, today=None):
    today = today or timezone.localdate()
    countries = list(project.countries.all())
    dates, start_stand_in = activity_dates(project)
    # A stand-in start date is no basis for the status or budget periods.
    known_dates = dict(dates)
    if start_stand_in:
        del known_dates[ActivityDateType.PLANNED_START]
    project_budgets, currencies = budgets(project.fundings.all(), known_dates)
    recipient_countries, recipient_regions = recipients(countries)
    return Activity(
        identifier=iati_identifier(project),
        reporting_org=reporting_organisation(),
        titles=translated(project, "title"),
        descriptions=descriptions(project, countries),
        participating_orgs=participating_organisations(project),
        status=activity_status(project, known_dates, today),
        dates=dates,
        countries=recipient_countries,
        regions=recipient_regions,
        sector=project.sector or settings.IATI_DEFAULT_SECTOR,
        budgets=project_budgets,
        default_currency=settings.IATI_DEFAULT_CURRENCY,
        document_links=document_links(project),
        last_updated=project.updated_at,
        results=results(project),
        start_stand_in=start_stand_in,
        amounts_without_period=bool(currencies) and not project_budgets,
        currencies=currencies,
    )


def check_project(project, today=None):
    """The IATI rule warnings for a project as it would be exported now."""
    return check_activity(activity_for(project, today=today), today=today)


def projects_document(projects, today=None):
    """An ``iati-activities`` document with one activity per project, as an lxml tree."""
    return activities_document(activity_for(project, today=today) for project in projects)
