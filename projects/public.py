"""What the public pages show, fetched in a fixed number of queries.

Every public page renders projects through ``includes/project_section.html``. The rows a
section shows hang on each project as plain lists (``project.public_workshops`` and so
on): one query per table for all projects at once, grouped here in Python. Django's
``prefetch_related`` gives the same rows, but its machinery cost a third more CPU than the
queries themselves on the overview (bench/README.md), the page a campaign sends people to.
"""

from django.db.models import Q
from modeltranslation.manager import rewrite_order_lookup_key

from content.registry import publication_rule
from partners.models import PartnerOrganisation

from .models import (
    Country,
    Project,
    ProjectFunding,
    ProjectLink,
    ProjectPartner,
    Video,
    Workshop,
    published_condition,
)

# A country with more published projects than this lists them on the overview by title and
# summary, with a link to its country page, where they are shown in full. An overview of
# a hundred countries with ten projects each would otherwise be megabytes of HTML.
OVERVIEW_FULL_PROJECTS = 3

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


def attach_sections(projects):
    """Hang on each project the rows of its section, in their admin order (six queries)."""
    by_id = {project.pk: project for project in projects}
    for project in projects:
        for attribute, _rows in SECTION_ROWS:
            setattr(project, attribute, [])
    if not by_id:
        return
    for attribute, rows in SECTION_ROWS:
        for row in rows().filter(project_id__in=by_id):
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


def load_project(project):
    """A published project as its own page shows it: section rows and countries."""
    attach_sections([project])
    attach_countries([project])
    return project


def load_country(country):
    """A country as its page shows it: its published projects in full."""
    projects = list(Project.objects.published().filter(countries=country)) if country.pk else []
    attach_sections(projects)
    attach_countries(projects)
    country.published_projects = projects
    return country


def overview_countries():
    """The overview's countries in order, each with its ``published_projects``.

    One query gives every (country, published project) pair with both rows; projects in
    countries shown in full (``country.shows_projects_in_full``) then get their sections'
    rows. Countries with more projects show title and summary only, so their projects'
    workshops, partners and funders are not fetched at all.
    """
    pairs = (
        Project.countries.through.objects.filter(published_condition("project__"))
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
        country.published_projects.append(projects.setdefault(pair.project_id, pair.project))
    in_full = {}
    for country in countries.values():
        country.shows_projects_in_full = len(country.published_projects) <= OVERVIEW_FULL_PROJECTS
        if country.shows_projects_in_full:
            in_full.update((project.pk, project) for project in country.published_projects)
    attach_sections(list(in_full.values()))
    attach_old_anchors(list(countries.values()))
    return list(countries.values())


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
