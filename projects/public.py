"""What the public pages show, fetched in a fixed number of queries.

Every public page renders projects through ``includes/project_section.html``. The rows a
section shows hang on each project as plain lists (``project.public_workshops`` and so
on): one query per table for all projects at once, grouped here in Python. Django's
``prefetch_related`` gives the same rows, but its machinery cost a third more CPU than the
queries themselves on the overview (bench/README.md), the page a campaign sends people to.
"""

from itertools import groupby
from operator import attrgetter

from django.db.models import Q
from django.utils import timezone
from modeltranslation.manager import get_translatable_fields_for_model, rewrite_order_lookup_key

from content.registry import publication_rule
from partners.models import FundingSource, PartnerOrganisation

from .models import (
    CallToAction,
    Country,
    Project,
    ProjectFunding,
    ProjectLink,
    ProjectPartner,
    Result,
    Video,
    Workshop,
    has_ended,
    published_condition,
)

# A country with more published projects than this lists them on the overview by title and
# summary, with a link to its country page, where they are shown in full. An overview of
# a hundred countries with ten projects each would otherwise be megabytes of HTML.
OVERVIEW_FULL_PROJECTS = 3
# Likewise the programmes (projects in several places): up to this many are shown in full
# under "Programmes in several countries", more are listed by title, places and summary.
OVERVIEW_FULL_PROGRAMMES = 6

SECTION_ROWS = (
    # (attribute on the project, queryset of rows with a project_id)
    ("public_partnerships", lambda: ProjectPartner.objects.select_related("partner")),
    ("public_fundings", lambda: ProjectFunding.objects.select_related("funder")),
    ("public_videos", lambda: Video.objects.all()),
    ("public_links", lambda: ProjectLink.objects.all()),
    ("public_workshops", lambda: Workshop.objects.all()),
)


def ordering(model, prefix=""):
    """``model``'s Meta.ordering as django-modeltranslation applies it in the active
    language (``name`` becomes ``name_en``), for a query that reaches the model through
    ``prefix`` (``"country__"``), ending with the primary key so equal rows keep an order."""
    keys = [prefix + rewrite_order_lookup_key(model, key) for key in model._meta.ordering]
    return [*keys, f"{prefix}pk"]


def row_order(model):
    """A sort key giving rows of ``model`` in its Meta.ordering, which must be plain
    ascending fields (``sort_order``, ``pk``): no translated field, no descending one."""
    names = model._meta.ordering
    translated = set(get_translatable_fields_for_model(model) or ())
    if any(name.startswith("-") or name in translated for name in names):
        raise ValueError(f"{model.__name__}'s ordering cannot be sorted in Python: {names}")
    return attrgetter(*names) if len(names) > 1 else lambda row: (getattr(row, names[0]),)


def attach_sections(projects, now=None):
    """Hang on each project the rows of its section, in their admin order, and the calls
    to action it shows now (seven queries)."""
    by_id = {project.pk: project for project in projects}
    for project in projects:
        for attribute, _rows in SECTION_ROWS:
            setattr(project, attribute, [])
        project.public_calls_to_action = []
    if not by_id:
        return
    placements = (
        Project.calls_to_action.through.objects.filter(
            project_id__in=by_id,
            calltoaction__in=CallToAction.objects.active(now),
        )
        .select_related("calltoaction")
        .order_by(*ordering(CallToAction, "calltoaction__"))
    )
    for placement in placements:
        by_id[placement.project_id].public_calls_to_action.append(placement.calltoaction)
    for attribute, rows in SECTION_ROWS:
        queryset = rows()
        # A project has a handful of rows of a kind: sorted here, the query has no ORDER BY
        # to compile (half of its compilation; the admin order is the same).
        key = row_order(queryset.model)
        for row in sorted(queryset.filter(project_id__in=by_id).order_by(), key=key):
            getattr(by_id[row.project_id], attribute).append(row)
    workshops = {w.pk: w for project in projects for w in project.public_workshops}
    for workshop in workshops.values():
        workshop.public_facilitators = []
    if workshops:
        field = Workshop._meta.get_field("facilitators")
        partner = field.m2m_reverse_field_name()
        links = (
            field.remote_field.through.objects.filter(workshop_id__in=workshops)
            .select_related(partner)
            .order_by(*ordering(field.related_model, f"{partner}__"))
        )
        for link in links:
            workshops[link.workshop_id].public_facilitators.append(getattr(link, partner))


def attach_countries(projects):
    """Hang on each project its countries as ``public_countries`` (one query)."""
    by_id = {project.pk: project for project in projects}
    for project in projects:
        project.public_countries = []
    if not by_id:
        return
    pairs = (
        Project.countries.through.objects.filter(project_id__in=by_id)
        .select_related("country")
        .order_by(*ordering(Country, "country__"))
    )
    for pair in pairs:
        by_id[pair.project_id].public_countries.append(pair.country)


def attach_results(projects):
    """Hang on each project its results as ``public_results`` (one query)."""
    by_id = {project.pk: project for project in projects}
    for project in projects:
        project.public_results = []
    for result in Result.objects.filter(project_id__in=by_id):
        by_id[result.project_id].public_results.append(result)


def load_project(project):
    """A published project as its own page shows it: section rows, countries, results."""
    attach_sections([project])
    attach_countries([project])
    attach_results([project])
    return project


def load_country(country, today=None):
    """A published place as its page shows it: its current projects in full and its
    completed ones by title (``current_projects``, ``completed_projects``), in order. An
    unsaved place (a preview) has none."""
    today = today or timezone.localdate()
    projects = list(Project.objects.published().filter(countries=country)) if country.pk else []
    attach_sections(projects)
    attach_countries(projects)
    country.published_projects = projects
    country.current_projects = [p for p in projects if not p.is_completed(today)]
    country.completed_projects = [p for p in projects if p.is_completed(today)]
    return country


def overview_countries(today=None):
    """The overview's places in order, each with its current projects.

    One query gives every (place, current published project) pair with both rows. A
    project in several places is a programme: each place lists it (``programmes``) and
    the overview shows it once (``overview_programmes``), in full up to
    ``OVERVIEW_FULL_PROGRAMMES`` programmes (``programmes_in_full``). A place's other projects
    (``own_projects``) are shown in full up to ``OVERVIEW_FULL_PROJECTS``
    (``shows_projects_in_full``); beyond that by title and summary, so their workshops,
    partners and funders are not fetched at all. ``published_projects`` holds both kinds.
    """
    pairs = (
        Project.countries.through.objects.filter(published_condition("project__"))
        .exclude(has_ended(today, prefix="project__"))
        .select_related("country", "project")
        .order_by(*ordering(Country, "country__"), *ordering(Project, "project__"))
    )
    countries = {}
    projects = {}
    for pair in pairs:
        country = countries.get(pair.country_id)
        if country is None:
            country = countries[pair.country_id] = pair.country
            country.published_projects = []
        project = projects.get(pair.project_id)
        if project is None:
            project = projects[pair.project_id] = pair.project
            project.public_countries = []
        # Pairs come in the places' order: so do each project's places.
        project.public_countries.append(country)
        country.published_projects.append(project)
    in_full = {}
    for country in countries.values():
        country.programmes = [p for p in country.published_projects if is_programme(p)]
        country.own_projects = [p for p in country.published_projects if not is_programme(p)]
        country.shows_projects_in_full = len(country.own_projects) <= OVERVIEW_FULL_PROJECTS
        if country.shows_projects_in_full:
            in_full.update((project.pk, project) for project in country.own_projects)
    programmes = {pk: project for pk, project in projects.items() if is_programme(project)}
    if programmes_in_full(programmes):
        in_full.update(programmes)
    attach_sections(list(in_full.values()))
    attach_old_anchors(list(countries.values()))
    return list(countries.values())


def programmes_in_full(programmes):
    """True when the overview shows its programmes in full, not as a list."""
    return len(programmes) <= OVERVIEW_FULL_PROGRAMMES


def is_programme(project):
    """A project in several places (its ``public_countries`` loaded)."""
    return len(project.public_countries) > 1


def overview_programmes(countries):
    """The programmes among the overview's places' projects, once each, in project order."""
    programmes = {project.pk: project for country in countries for project in country.programmes}
    order = [key.lstrip("-") for key in Project._meta.ordering]
    return sorted(programmes.values(), key=lambda project: [getattr(project, key) for key in order])


def completed_projects(today=None):
    """The completed projects, newest first, grouped by the year their work ended:
    [(year or None, [project, ...])]; those without an end date last (None). Each project
    has its places (``public_countries``)."""
    projects = list(Project.objects.completed(today))
    attach_countries(projects)

    def year(project):
        return project.end.year if project.end else None

    def newest_first(project):
        return (project.end is None, -(project.end.toordinal() if project.end else 0))

    projects.sort(key=newest_first)
    return [(key, list(group)) for key, group in groupby(projects, key=year)]


def overview_results(years):
    """The results of ``years`` for the overview, per year (newest first): those of the
    organisation as a whole first, then those of published projects, each in its order.
    Results of drafts never appear: neither a draft project's nor an organisation's result
    still waiting for a publisher (status draft)."""
    results = (
        Result.objects.filter(year__in=years)
        .filter(
            Q(project__isnull=True, status=Result.Status.PUBLISHED)
            | Q(project__in=Project.objects.published())
        )
        .select_related("project")
    )

    def organisation_first(result):
        project = result.project
        return (project is not None, project.sort_order if project else 0, result.project_id or 0)

    by_year = {year: [] for year in years}
    for result in sorted(results, key=organisation_first):
        by_year[result.year].append(result)
    return [(year, items) for year, items in by_year.items() if items]


def attach_old_anchors(countries, language=None):
    """Hang on each country the slugs it had before in this language (``old_anchors``),
    from its history, so links to the overview's old fragments (``/nl/#macedonie``) still
    land on its section after a rename (one query). A slug another country has now, or
    had later, is left to that country."""
    from django.conf import settings
    from django.utils import translation

    language = language or translation.get_language() or settings.LANGUAGE_CODE
    for country in countries:
        country.old_anchors = []
    if not countries:
        return
    by_id = {country.pk: country for country in countries}
    fields = ("slug_nl", f"slug_{language}") if language != "nl" else ("slug_nl",)
    taken = {country.slug for country in countries}
    holder = {}
    versions = (
        Country.history.filter(id__in=by_id)
        .order_by("history_date", "history_id")
        .values_list("id", *fields)
    )
    for country_id, source, *own in versions:
        slug = (own[0] if own else None) or source
        if slug:
            holder[slug] = country_id
    for slug, country_id in holder.items():
        if slug not in taken:
            by_id[country_id].old_anchors.append(slug)


@publication_rule(PartnerOrganisation)
def public_partners():
    """Partner organisations the public may see: those in a published project or in one of
    its workshops. Partners are reference data; projects decide what is published."""
    published = Project.objects.published()
    visible = Q(projects__in=published) | Q(facilitated_workshops__project__in=published)
    return PartnerOrganisation.objects.filter(
        pk__in=PartnerOrganisation.objects.filter(visible).values("pk")
    )


def load_partner(partner):
    """A partner as its page shows it: its published projects (with their countries) and
    the published projects' workshops it helped give (three queries)."""
    projects = []
    workshops = []
    if partner.pk is not None:
        published = Project.objects.published()
        projects = list(published.filter(partnerships__partner=partner).distinct())
        workshops = list(
            Workshop.objects.filter(project__in=published, facilitators=partner).select_related(
                "project"
            )
        )
    attach_countries(projects)
    partner.published_projects = projects
    partner.published_workshops = workshops
    return partner


@publication_rule(FundingSource)
def public_funders():
    """Funders the public may see: those funding a published project."""
    funded = ProjectFunding.objects.filter(published_condition("project__")).values("funder")
    return FundingSource.objects.filter(pk__in=funded)


def load_funder(funder):
    """A funder as its page shows it (two queries): the published projects it funds, in
    order, each with its places and this funder's row (``funder_funding``), and the
    amounts shown on their pages added up per currency (``shown_totals``)."""
    projects = []
    if funder.pk is not None:
        fundings = (
            ProjectFunding.objects.filter(published_condition("project__"), funder=funder)
            .select_related("project")
            .order_by(*ordering(Project, "project__"))
        )
        for funding in fundings:
            funding.project.funder_funding = funding
            projects.append(funding.project)
    attach_countries(projects)
    totals = {}
    for project in projects:
        funding = project.funder_funding
        if funding.show_amount and funding.amount is not None:
            totals[funding.currency] = totals.get(funding.currency, 0) + funding.amount
    funder.published_projects = projects
    funder.shown_totals = sorted(totals.items())
    return funder


def project_results_by_year(years=3, per_year=12):
    """The published projects' results of the newest ``years`` years, newest first, at
    most ``per_year`` of each year, each with its project, and how many more that year
    has (two queries): [(year, [result, ...], more)]. A page of a thousand projects'
    results would be megabytes."""
    published = Result.objects.filter(project__in=Project.objects.published())
    newest = list(published.order_by("-year").values_list("year", flat=True).distinct()[:years])
    results = (
        published.filter(year__in=newest)
        .select_related("project")
        .order_by("-year", *ordering(Project, "project__"), "sort_order")
    )
    found = []
    for year, group in groupby(results, key=attrgetter("year")):
        group = list(group)
        found.append(
            (year, group[:per_year], len(group) - per_year if len(group) > per_year else 0)
        )
    return found
