"""What the public pages show, fetched in a fixed number of queries.

Every public page renders projects through ``includes/project_section.html``. The rows a
section shows hang on each project as plain lists, ``project.public_workshops`` and so on,
filled with ``Prefetch(to_attr=...)``. Related managers (``project.workshops.all()``) would
give the same rows, but the prefetch machinery then builds a queryset per instance, which
on the overview cost more than the queries themselves (bench/README.md).
"""

from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname

from .models import Country, Project, ProjectFunding, ProjectLink, ProjectPartner, Video, Workshop

# A country with more published projects than this lists them on the overview by title and
# summary, with a link to its country page, where they are shown in full. An overview of
# a hundred countries with ten projects each would otherwise be megabytes of HTML.
OVERVIEW_FULL_PROJECTS = 3


def section_lookups():
    """The prefetches a project section needs: five queries plus one for facilitators."""
    return [
        Prefetch(
            "partnerships",
            queryset=ProjectPartner.objects.select_related("partner"),
            to_attr="public_partnerships",
        ),
        Prefetch(
            "fundings",
            queryset=ProjectFunding.objects.select_related("funder"),
            to_attr="public_fundings",
        ),
        Prefetch("videos", queryset=Video.objects.all(), to_attr="public_videos"),
        Prefetch("links", queryset=ProjectLink.objects.all(), to_attr="public_links"),
        Prefetch(
            "workshops",
            queryset=Workshop.objects.prefetch_related(
                Prefetch("facilitators", to_attr="public_facilitators")
            ),
            to_attr="public_workshops",
        ),
    ]


def country_lookup():
    return Prefetch("countries", queryset=Country.objects.all(), to_attr="public_countries")


def published_projects():
    """Published projects with everything their pages show (sections and countries)."""
    return Project.objects.published().prefetch_related(*section_lookups(), country_lookup())


def published_countries():
    """Published countries, each with ``published_projects`` in full."""
    return Country.objects.published().prefetch_related(
        Prefetch("projects", queryset=published_projects(), to_attr="published_projects")
    )


def overview_countries():
    """The overview's countries in order, each with its ``published_projects``.

    One query gives every (country, published project) pair with both rows; projects in
    countries shown in full (``country.shows_projects_in_full``) then get their sections'
    rows. Countries with more projects show title and summary only, so their projects'
    workshops, partners and funders are not fetched at all.
    """
    language = get_language()
    through = Project.countries.through
    pairs = (
        through.objects.filter(project__status=Project.Status.PUBLISHED)
        .select_related("country", "project")
        .order_by(
            "country__sort_order",
            "country__" + build_localized_fieldname("name", language),
            "country_id",
            "project__sort_order",
            "project__" + build_localized_fieldname("title", language),
            "project_id",
        )
    )
    countries = {}
    projects = {}
    for pair in pairs:
        country = countries.setdefault(pair.country_id, pair.country)
        project = projects.setdefault(pair.project_id, pair.project)
        if not hasattr(country, "published_projects"):
            country.published_projects = []
        country.published_projects.append(project)
    in_full = {}
    for country in countries.values():
        country.shows_projects_in_full = len(country.published_projects) <= OVERVIEW_FULL_PROJECTS
        if country.shows_projects_in_full:
            in_full.update((project.pk, project) for project in country.published_projects)
    prefetch_related_objects(list(in_full.values()), *section_lookups())
    return list(countries.values())
