"""What the public pages show, fetched in a fixed number of queries.

Every public page renders projects through ``includes/project_section.html``. The rows a
section shows hang on each project as plain lists (``project.public_workshops`` and so
on): one query per table for all projects at once, grouped here in Python. Django's
``prefetch_related`` gives the same rows, but its machinery cost a third more CPU than the
queries themselves on the overview (bench/README.md), the page a campaign sends people to.
"""

from functools import partial
from itertools import groupby
from operator import attrgetter, itemgetter

from django.db.models import Q
from django.utils import timezone
from modeltranslation.manager import get_translatable_fields_for_model, rewrite_order_lookup_key

from content.registry import publication_rule
from partners.models import FundingSource, PartnerOrganisation
from photos.uses import attach_photos
from website import dependencies

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


def overview_work(today=None):
    """The current work as the overview shows it (``OverviewWork``), within the limits
    above, in a fixed number of queries whatever the number of projects.

    What to show is chosen from the projects list's facet index
    (``projects.listing.facet_index``: every published project's places, status, start
    and order, kept by the process while the content clock says they hold): per place
    its current projects and programmes are counted, the newest of each place shown and
    the newest programmes chosen. Only what is shown is then read whole: the places, the
    projects, the sections of those shown in full. A project in several places is a
    programme: each place refers to it (``programmes``) and the programmes' section
    shows it once.
    """
    from .listing import facet_index, path_maker

    # The page depends on the projects and places it was chosen from, not on the
    # partners and funders the index holds too, nor on the list's order by title.
    index = facet_index(today=today, note=False)
    dependencies.note(index.reads_of("projects.project", "projects.country"))
    newest = index.newest_current()
    counts = {}
    for item in newest:
        programme = len(item.places) > 1
        for country_id in item.places:
            total, programmes = counts.get(country_id, (0, 0))
            counts[country_id] = (total + 1, programmes + programme)
    counts = {
        pk: (total, total - programmes, programmes) for pk, (total, programmes) in counts.items()
    }
    programme_count = sum(1 for item in newest if len(item.places) > 1)
    shown_places = list(counts)
    if len(counts) > OVERVIEW_PLACES:
        # The places with the most current projects (ties: the oldest place first).
        busiest = sorted(counts, key=lambda pk: (-counts[pk][0], pk))
        shown_places = busiest[:OVERVIEW_PLACES]

    # Per place shown, its newest own projects and programmes (a place with no more own
    # projects than it shows in full gets them all: OVERVIEW_LISTED is not less).
    most = max(OVERVIEW_LISTED, OVERVIEW_FULL_PROJECTS)
    chosen_own = {pk: [] for pk in shown_places}
    chosen_refs = {pk: [] for pk in shown_places}
    for item in newest:
        chosen = chosen_refs if len(item.places) > 1 else chosen_own
        for country_id in item.places:
            found = chosen.get(country_id)
            if found is not None and len(found) < most:
                found.append(item.pk)
    for country_id in shown_places:
        if counts[country_id][1] > OVERVIEW_FULL_PROJECTS:
            chosen_own[country_id] = chosen_own[country_id][:OVERVIEW_LISTED]
        chosen_refs[country_id] = chosen_refs[country_id][:OVERVIEW_LISTED]

    # The newest programmes (projects with a second place).
    programmes_in_full_ = programme_count <= OVERVIEW_FULL_PROGRAMMES
    limit = OVERVIEW_FULL_PROGRAMMES if programmes_in_full_ else OVERVIEW_LISTED_PROGRAMMES
    shown_programme_ids = [item.pk for item in newest if len(item.places) > 1][:limit]
    project_ids = {pk for ids in chosen_own.values() for pk in ids}
    project_ids.update(pk for ids in chosen_refs.values() for pk in ids)
    project_ids.update(shown_programme_ids)
    places_of = {pk: index.items[pk].places for pk in project_ids}
    place_ids = set(shown_places).union(*places_of.values())
    countries = {
        country.pk: country
        for country in Country.objects.filter(pk__in=place_ids).order_by(*ordering(Country))
    }
    projects = {project.pk: project for project in Project.objects.filter(pk__in=project_ids)}
    # Their addresses, asked for several times each by the page: reversed once for it.
    project_path, country_path = (
        path_maker("projects:project_detail"),
        path_maker("projects:country_detail"),
    )
    for country in countries.values():
        country.get_absolute_url = partial(str, country_path(country.slug))
    for project in projects.values():
        # In the places' order.
        mine = places_of.get(project.pk, set())
        project.public_countries = [c for c in countries.values() if c.pk in mine]
        project.get_absolute_url = partial(str, project_path(project.slug))

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


RESULT_ROW = ("pk", "year", "project_id", "sort_order", "status", "value", "unit_nl", "unit_en")


def public_result_rows(years, today=None):
    """The public results of ``years`` as narrow rows, in the order the pages show them
    (the organisation's own results first, then those of published projects in the
    projects' order): a ``PublicResults``.

    Kept with the projects list's facet index (``FacetIndex.result_rows``: read once per
    set of years while the content clock says nothing they were read from has changed),
    so a page with the results of a thousand projects reads only those it shows."""
    from .listing import facet_index

    return facet_index(today=today, note=False).result_rows(years)


def read_result_rows(years, projects):
    """``public_result_rows`` read from the database (one query): the results of ``years``
    alone, without a join; which projects are published, and their order, are the facet
    index's ``projects`` (its items: the same rule as ``public_results``)."""
    if not years:
        return PublicResults([])
    published = Result.Status.PUBLISHED
    query = Result.objects.filter(year__in=years).values_list(*RESULT_ROW).query
    # Read as plain tuples (the database's values converted as by values_list, without
    # its wrapping of each row); the dependency on any result's row recorded as
    # values_list records it.
    dependencies.note({f"{Result._meta.label_lower}~"})
    compiler = query.get_compiler(using=Result.objects.db)
    rows = list(compiler.results_iter())
    # The columns in the order the query selects them (django-modeltranslation's
    # values_list may ask for them in another than the one written).
    names = [alias for _expression, _sql, alias in compiler.select]
    columns = itemgetter(*(names.index(name) for name in RESULT_ROW))
    found = []
    for row in rows:
        pk, year, project_id, order, status, value, unit_nl, unit_en = columns(row)
        if project_id is None:  # the organisation's own: when a publisher has passed it
            if status != published:
                continue
            key = (0, 0, 0, order, pk)
        else:
            item = projects.get(project_id)
            if item is None:  # a draft's, or of a project no longer (or not yet) public
                continue
            key = (1, item.sort_order, project_id, order, pk)
        found.append((key, (year, pk, value, unit_nl, unit_en)))
    found.sort(key=itemgetter(0))
    return PublicResults([row for _key, row in found])


class PublicResults:
    """``public_result_rows``: the public results of some years, from their rows in the
    pages' order ([(year, pk, value, unit_nl, unit_en)]): per year their primary keys in
    that order (``by_year``) and their figures (``figures``: as ``result_figures`` gives
    them)."""

    def __init__(self, rows):
        self.by_year = {}
        sums = {}
        for year, pk, value, unit_nl, unit_en in rows:
            self.by_year.setdefault(year, []).append(pk)
            if value is not None:
                total, results = sums.get((year, unit_nl, unit_en), (0, 0))
                sums[(year, unit_nl, unit_en)] = (total + value, results + 1)
        self.figures = [
            (*key, total, results)
            for key, (total, results) in sorted(
                sums.items(), key=lambda item: (item[0][0], item[0][1] or "", item[0][2] or "")
            )
        ]


def results_of_years(years, per_year=OVERVIEW_RESULTS, rows=None):
    """The results of ``years`` per year (newest first), as the overview's "Wat hebben we
    in … bereikt?" and the work at a glance show them: [(year, [result, ...], more)]. The
    organisation's own results first, then those of published projects in the projects'
    order; at most ``per_year`` of a year, ``more`` counting the others. Only the chosen
    results are read whole, with their projects (two queries; one with ``rows``, the
    ``public_result_rows`` of ``years``). Results of drafts never appear: neither a draft
    project's nor an organisation's result still waiting for a publisher (status draft)."""
    years = sorted(set(years), reverse=True)
    if not years:
        return []
    if rows is None:
        rows = public_result_rows(years)
    chosen = {}
    for year in years:
        for pk in rows.by_year.get(year, ())[:per_year]:
            chosen[pk] = len(chosen)
    by_year = {year: [] for year in years}
    loaded = Result.objects.filter(pk__in=chosen).select_related("project") if chosen else []
    for result in sorted(loaded, key=lambda result: chosen[result.pk]):
        by_year[result.year].append(result)
    return [
        (year, items, len(rows.by_year[year]) - len(items))
        for year, items in by_year.items()
        if items
    ]


def overview_results(years):
    """The overview's results of ``years``, per year, and their figures:
    ([(year, [result, ...], more)], ``result_figures``), two queries."""
    rows = public_result_rows(years)
    return results_of_years(years, rows=rows), result_figures(years, rows=rows)


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


def result_figures(years, rows=None):
    """The numbers of the public results of ``years`` added up per year and unit, for the
    charts (``charts.result_charts``): [(year, unit_nl, unit_en, total, results)], a row
    per year and unit however many results (one query; none with ``rows``, the
    ``public_result_rows`` of ``years``)."""
    if not years:
        return []
    if rows is None:
        rows = public_result_rows(years)
    return rows.figures


def result_years(count=3):
    """The newest ``count`` years with public results (the organisation's or a published
    project's), newest first (one query)."""
    return list(
        public_results().order_by("-year").values_list("year", flat=True).distinct()[:count]
    )


def project_results_by_year(years=3, per_year=OVERVIEW_RESULTS):
    """The work at a glance's results: those of the newest ``years`` years with results,
    as the overview shows its years (``results_of_years``), and their figures per year and
    unit (``result_figures``): (results by year, figures), three queries."""
    chosen = result_years(years)
    rows = public_result_rows(chosen)
    return results_of_years(chosen, per_year, rows=rows), result_figures(chosen, rows=rows)
