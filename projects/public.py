"""What the public pages show, fetched in a fixed number of queries.

Every public page renders projects through ``includes/project_section.html``. The rows a
section shows hang on each project as plain lists (``project.public_workshops`` and so
on): one query per table for all projects at once, grouped here in Python. Django's
``prefetch_related`` gives the same rows, but its machinery cost a third more CPU than the
queries themselves on the overview (bench/README.md), the page a campaign sends people to.
"""

from collections import Counter
from itertools import groupby
from operator import attrgetter

from django.db.models import Count, Exists, F, OuterRef, Q, Sum, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from modeltranslation.manager import get_translatable_fields_for_model, rewrite_order_lookup_key

from content.registry import publication_rule
from partners.models import FundingSource, PartnerOrganisation
from photos.uses import attach_photos
from website.dependencies import reading_listing_fields

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

# The overview stays light however much work there is (bench/README.md: at most 1.5 times
# the bytes and render time of 10 projects with 1,000). It shows:
# - up to OVERVIEW_PLACES places (all when there are no more; else those with the most
#   current projects, in the editors' order), the others counted and left to the list;
# - a place's projects in full up to OVERVIEW_FULL_PROJECTS; beyond that its
#   OVERVIEW_LISTED most recent ones by title and summary, with a link to all of them;
# - the programmes (projects in several places) in full up to OVERVIEW_FULL_PROGRAMMES,
#   beyond that the OVERVIEW_LISTED_PROGRAMMES most recent by title, places and summary;
# - per year of results the organisation's own and up to OVERVIEW_RESULTS projects'.
# A small organisation's overview (the seed) stays below every limit: it is unchanged.
OVERVIEW_PLACES = 8
OVERVIEW_FULL_PROJECTS = 3
OVERVIEW_LISTED = 5
OVERVIEW_FULL_PROGRAMMES = 6
OVERVIEW_LISTED_PROGRAMMES = 8
OVERVIEW_RESULTS = 12

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
    # The photos of the projects, their workshops and calls to action: one query.
    calls = [call for project in projects for call in project.public_calls_to_action]
    attach_photos([*projects, *workshops.values(), *calls])


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
    attach_photos([country])
    country.published_projects = projects
    country.current_projects = [p for p in projects if not p.is_completed(today)]
    country.completed_projects = [p for p in projects if p.is_completed(today)]
    return country


class OverviewWork:
    """What the overview shows of the current work (``overview_work``)."""

    def __init__(self, countries, more_places, programmes, programme_count):
        self.countries = countries  # the places shown, in the editors' order
        self.more_places = more_places  # how many other places have current work
        self.programmes = programmes  # the programmes shown
        self.programme_count = programme_count  # how many programmes there are
        self.programmes_in_full = programme_count <= OVERVIEW_FULL_PROGRAMMES

    @property
    def projects(self):
        """Every project the overview shows, once each, in the order it shows them."""
        shown = {}
        for country in self.countries:
            shown.update((project.pk, project) for project in country.own_projects)
        shown.update((project.pk, project) for project in self.programmes)
        return list(shown.values())


def newest_first(prefix=""):
    """The order of "the most recent projects": the project that started last first, those
    without a start date last, then the editors' order (``prefix`` reaches the project)."""
    return [
        F(f"{prefix}start_date").desc(nulls_last=True),
        F(f"{prefix}sort_order").asc(),
        F(f"{prefix}pk" if prefix else "pk").asc(),
    ]


def overview_work(today=None):
    """The current work as the overview shows it (``OverviewWork``), within the limits
    above, in a fixed number of queries whatever the number of projects (ten, and seven
    more for the sections shown in full).

    The (place, project) pairs of the current work are read as pairs of numbers and
    counted here: per place its current projects and programmes, the programmes. The
    database chooses the newest projects of each place shown (a window per place) and the
    newest programmes. Only what is shown is then read whole: the places, the projects,
    the sections of those shown in full. A project in several places is a programme: each
    place refers to it (``programmes``) and the programmes' section shows it once.
    """
    through = Project.countries.through
    pairs = through.objects.filter(published_condition("project__")).exclude(
        has_ended(today, prefix="project__")
    )
    elsewhere = Exists(
        through.objects.filter(project_id=OuterRef("project_id")).exclude(
            country_id=OuterRef("country_id")
        )
    )
    # Every (place, current project) pair as two numbers: counting them here is cheaper
    # than asking the database whether each pair's project has another place.
    with reading_listing_fields():
        links = list(pairs.values_list("country_id", "project_id"))
    places_per_project = Counter(project_id for _country_id, project_id in links)
    counts = {}
    for country_id, project_id in links:
        total, programmes = counts.get(country_id, (0, 0))
        counts[country_id] = (total + 1, programmes + (places_per_project[project_id] > 1))
    counts = {
        pk: (total, total - programmes, programmes) for pk, (total, programmes) in counts.items()
    }
    programme_count = sum(1 for places in places_per_project.values() if places > 1)
    shown_places = list(counts)
    if len(counts) > OVERVIEW_PLACES:
        # The places with the most current projects (ties: the oldest place first).
        busiest = sorted(counts, key=lambda pk: (-counts[pk][0], pk))
        shown_places = busiest[:OVERVIEW_PLACES]

    # Per place shown, its newest own projects and programmes (a place with no more own
    # projects than it shows in full gets them all: OVERVIEW_LISTED is not less).
    newest = (
        pairs.filter(country_id__in=shown_places)
        .annotate(
            programme=elsewhere,
            rank=Window(
                RowNumber(),
                partition_by=[F("country_id"), F("programme")],
                order_by=newest_first("project__"),
            ),
        )
        .filter(rank__lte=max(OVERVIEW_LISTED, OVERVIEW_FULL_PROJECTS))
        .values_list("country_id", "project_id", "programme", "rank")
    )
    chosen_own = {pk: [] for pk in shown_places}
    chosen_refs = {pk: [] for pk in shown_places}
    with reading_listing_fields():
        newest = sorted(newest, key=lambda row: row[3])
    for country_id, project_id, programme, _rank in newest:
        (chosen_refs if programme else chosen_own)[country_id].append(project_id)
    for country_id in shown_places:
        if counts[country_id][1] > OVERVIEW_FULL_PROJECTS:
            chosen_own[country_id] = chosen_own[country_id][:OVERVIEW_LISTED]
        chosen_refs[country_id] = chosen_refs[country_id][:OVERVIEW_LISTED]

    # The newest programmes (projects with a second place).
    programmes_in_full_ = programme_count <= OVERVIEW_FULL_PROGRAMMES
    second_place = Exists(through.objects.filter(project_id=OuterRef("pk"))[1:2])
    with reading_listing_fields():
        shown_programme_ids = list(
            Project.objects.current(today)
            .filter(second_place)
            .order_by(*newest_first())
            .values_list("pk", flat=True)[
                : OVERVIEW_FULL_PROGRAMMES if programmes_in_full_ else OVERVIEW_LISTED_PROGRAMMES
            ]
        )
    project_ids = {pk for ids in chosen_own.values() for pk in ids}
    project_ids.update(pk for ids in chosen_refs.values() for pk in ids)
    project_ids.update(shown_programme_ids)
    places_of = {}
    with reading_listing_fields():
        links = list(
            through.objects.filter(project_id__in=project_ids).values_list(
                "project_id", "country_id"
            )
        )
    for project_id, country_id in links:
        places_of.setdefault(project_id, set()).add(country_id)
    place_ids = set(shown_places).union(*places_of.values())
    countries = {
        country.pk: country
        for country in Country.objects.filter(pk__in=place_ids).order_by(*ordering(Country))
    }
    projects = {project.pk: project for project in Project.objects.filter(pk__in=project_ids)}
    for project in projects.values():
        # In the places' order.
        mine = places_of.get(project.pk, set())
        project.public_countries = [c for c in countries.values() if c.pk in mine]

    def in_editor_order(ids):
        return sorted((projects[pk] for pk in ids), key=lambda p: (p.sort_order, p.title, p.pk))

    in_full = {}
    shown = []
    on_overview = set(shown_places)
    for country in countries.values():  # in the editors' order
        country_id = country.pk
        if country_id not in on_overview:
            continue
        country.current_count, country.own_count, country.programme_count = counts[country_id]
        country.shows_projects_in_full = country.own_count <= OVERVIEW_FULL_PROJECTS
        if country.shows_projects_in_full:
            country.own_projects = in_editor_order(chosen_own[country_id])
            in_full.update((project.pk, project) for project in country.own_projects)
        else:
            country.own_projects = [projects[pk] for pk in chosen_own[country_id]]
        country.programmes = (
            in_editor_order(chosen_refs[country_id])
            if country.programme_count <= OVERVIEW_LISTED
            else [projects[pk] for pk in chosen_refs[country_id]]
        )
        country.published_projects = [*country.own_projects, *country.programmes]
        shown.append(country)
    programmes = [projects[pk] for pk in shown_programme_ids]
    if programmes_in_full_:
        programmes = in_editor_order(shown_programme_ids)
        in_full.update((project.pk, project) for project in programmes)
    on_page = set(shown_programme_ids)
    for project in projects.values():
        # A place's reference to a programme lands on its entry when the overview has one.
        project.overview_anchor = f"#programme-{project.pk}" if project.pk in on_page else None
    attach_sections(list(in_full.values()))
    attach_old_anchors(shown)
    return OverviewWork(shown, len(counts) - len(shown), programmes, programme_count)


def overview_countries(today=None):
    """The places the overview shows, each with its projects (``overview_work``)."""
    return overview_work(today).countries


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


def results_of_years(years, per_year=OVERVIEW_RESULTS):
    """The results of ``years`` per year (newest first), as the overview's "Wat hebben we
    in … bereikt?" and the work at a glance show them: [(year, [result, ...], more)]. The
    organisation's own results first, then those of published projects in the projects'
    order; at most ``per_year`` of a year (the database picks them: a thousand projects'
    results are never read), ``more`` counting the others (two queries). Results of
    drafts never appear: neither a draft project's nor an organisation's result still
    waiting for a publisher (status draft)."""
    years = sorted(set(years), reverse=True)
    if not years:
        return []
    public = public_results().filter(year__in=years)
    # The window ranks narrow rows (two numbers each); only the chosen results are read
    # whole, with their projects.
    ranked = (
        public.annotate(
            of_year=Window(Count("pk"), partition_by=[F("year")]),
            rank=Window(
                RowNumber(),
                partition_by=[F("year")],
                order_by=[
                    F("project__sort_order").asc(nulls_first=True),
                    F("project_id").asc(nulls_first=True),
                    F("sort_order").asc(),
                    F("pk").asc(),
                ],
            ),
        )
        .filter(rank__lte=per_year)
        .values_list("pk", "rank", "year", "of_year")
    )
    rank, totals = {}, {}
    with reading_listing_fields():
        ranked = list(ranked)
    for pk, number, year, of_year in ranked:
        rank[pk], totals[year] = number, of_year
    by_year = {year: [] for year in years}
    chosen = Result.objects.filter(pk__in=rank).select_related("project")
    for result in sorted(chosen, key=lambda result: rank[result.pk]):
        by_year[result.year].append(result)
    return [
        (year, items, totals.get(year, 0) - len(items)) for year, items in by_year.items() if items
    ]


def overview_results(years):
    """The overview's results of ``years``, per year: [(year, [result, ...], more)]."""
    return results_of_years(years)


def attach_old_anchors(countries, language=None):
    """Hang on each country the slugs it had before in this language (``old_anchors``),
    from its revisions, so links to the overview's old fragments (``/nl/#macedonie``) still
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
    from content.revisions import histories_of

    versions = (
        histories_of(Country, by_id)
        .order_by("pk")
        .values_list("object_id", *(f"content__item__fields__{name}" for name in fields))
    )
    for country_id, source, *own in versions:
        slug = (own[0] if own else None) or source
        if slug:
            holder[slug] = int(country_id)
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


def public_results():
    """The results the public may see: the organisation's published ones and those of
    published projects."""
    return Result.objects.filter(
        Q(project__isnull=True, status=Result.Status.PUBLISHED) | published_condition("project__")
    )


def result_figures(years):
    """The numbers of the public results of ``years`` added up per year and unit, for the
    charts (``charts.result_charts``): [(year, unit_nl, unit_en, total, results)] (one
    query, a row per year and unit however many results)."""
    if not years:
        return []
    return list(
        public_results()
        .filter(year__in=years, value__isnull=False)
        .values("year", "unit_nl", "unit_en")
        .annotate(total=Sum("value"), results=Count("pk"))
        .order_by()
        .values_list("year", "unit_nl", "unit_en", "total", "results")
    )


def result_years(count=3):
    """The newest ``count`` years with public results (the organisation's or a published
    project's), newest first (one query)."""
    return list(
        public_results().order_by("-year").values_list("year", flat=True).distinct()[:count]
    )


def project_results_by_year(years=3, per_year=OVERVIEW_RESULTS):
    """The work at a glance's results: those of the newest ``years`` years with results,
    as the overview shows its years (``results_of_years``), and their figures per year and
    unit (``result_figures``): (results by year, figures), four queries."""
    chosen = result_years(years)
    return results_of_years(chosen, per_year), result_figures(chosen)
