"""The projects list (``/nl/projecten/``): the published projects, filtered by place or
region, partner, funder, theme, current or completed, and year, with the number of
projects each choice would give, in a fixed number of queries whatever the number of
projects.

The filters are the query string (``?place=kenia&theme=15136&page=2``), so an address
can be shared and every filter works without JavaScript. Values are the slugs of the
page's language (the Dutch slug where there is no English one; either is understood),
a region's Dutch name as a slug, the theme's IATI sector code, ``current`` or
``completed``, and a year. A value that names nothing public (a partner no longer in a
published project) is left out and the page says so.

A theme is the IATI sector (OECD DAC purpose code) a project reports, or the site's
default sector (``IATI_DEFAULT_SECTOR``) when it has none; its name is the sector's name
in the page's language without its code.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from iati.codelists import Sector

from .models import Country, Project, ProjectFunding, ProjectPartner, published_condition
from .public import attach_countries, ordering, public_funders, public_partners

SOURCE_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
PER_PAGE = 20


# -- themes -------------------------------------------------------------------------------


def project_theme(sector):
    """The theme (sector code) of a project with this ``sector`` field."""
    return sector or settings.IATI_DEFAULT_SECTOR


def theme_name(code):
    """The sector's name in the active language without its code ("immigratie"); a code
    the codelist lacks is named by itself."""
    try:
        label = str(Sector(code).label)
    except ValueError:
        return code
    return label.split(" ", 1)[1] if label.startswith(code + " ") else label


def used_themes():
    """[(code, name)] of the themes of the published projects, by name (one query)."""
    sectors = Project.objects.published().values_list("sector", flat=True).distinct()
    codes = {project_theme(sector) for sector in sectors}
    return sorted(((code, theme_name(code)) for code in codes), key=lambda pair: pair[1])


def theme_projects(code):
    """The published projects of a theme, in their order, with their places (two
    queries); None when no published project has it."""
    sectors = [code, ""] if code == settings.IATI_DEFAULT_SECTOR else [code]
    projects = list(Project.objects.published().filter(sector__in=sectors))
    if not projects:
        return None
    attach_countries(projects)
    return projects


# -- the list -----------------------------------------------------------------------------


@dataclass
class Choice:
    value: str
    label: str
    count: int = 0
    selected: bool = False
    # The label is Dutch shown on an English page (it gets lang="nl").
    fallback: bool = False

    def __post_init__(self):
        self.label = str(self.label)


@dataclass
class Facet:
    name: str  # the query parameter
    label: str
    all_label: str
    choices: list = field(default_factory=list)

    @property
    def selected(self):
        return next((choice for choice in self.choices if choice.selected), None)

    @property
    def shown_choices(self):
        """The choices that give projects (and the selected one whatever it gives)."""
        return [choice for choice in self.choices if choice.count or choice.selected]


@dataclass
class Item:
    """A published project as the filters see it (no model instance: a list of a
    thousand projects is read as plain values)."""

    pk: int
    theme: str
    status: str
    years: set
    places: set = field(default_factory=set)
    regions: set = field(default_factory=set)
    partners: set = field(default_factory=set)
    funders: set = field(default_factory=set)

    def values(self, name):
        if name == "place":
            return self.places
        if name == "region":
            return self.regions
        if name == "partner":
            return self.partners
        if name == "funder":
            return self.funders
        if name == "theme":
            return {self.theme}
        if name == "status":
            return {self.status}
        return self.years


def localized(obj, name, language):
    """(value of a translated field in ``language``, whether it is the Dutch fallback)."""
    source = getattr(obj, build_localized_fieldname(name, SOURCE_LANGUAGE)) or ""
    if language == SOURCE_LANGUAGE:
        return source, False
    own = getattr(obj, build_localized_fieldname(name, language)) or ""
    return (own, False) if own else (source, True)


def slugs(obj):
    """Every slug an object answers to: its own in each language (its page's)."""
    found = {
        getattr(obj, build_localized_fieldname("slug", code), None)
        for code, _n in settings.LANGUAGES
    }
    found.discard(None)
    found.discard("")
    return found


def region_key(country):
    return slugify(getattr(country, build_localized_fieldname("region", SOURCE_LANGUAGE)) or "")


def project_years(start, end, today):
    """The calendar years a project runs in: from its start to its end (to this year when
    it has no end yet); only its end's year without a start; none without either."""
    if start is None:
        return {end.year} if end else set()
    last = end.year if end else max(today.year, start.year)
    return set(range(start.year, last + 1))


class ProjectList:
    """The filtered list for a request's query string (a QueryDict or dict)."""

    FACETS = ("place", "region", "partner", "funder", "theme", "status", "year")

    def __init__(self, parameters, today=None):
        self.today = today or timezone.localdate()
        self.language = translation.get_language() or SOURCE_LANGUAGE
        self.requested = {name: str(parameters.get(name, "")).strip()[:200] for name in self.FACETS}
        self.requested = {name: value for name, value in self.requested.items() if value}
        self.page_parameter = str(parameters.get("page", "1"))
        self.load()
        self.select()
        self.count()

    # Reading the data (seven queries) ------------------------------------------------

    def load(self):
        rows = (
            Project.objects.published()
            .order_by(*ordering(Project))
            .values_list(
                "pk",
                "sector",
                "completed",
                "start_date",
                "actual_start_date",
                "planned_end",
                "actual_end_date",
            )
        )
        self.items = {}
        for pk, sector, completed, start, actual_start, planned, actual_end in rows:
            end = actual_end or planned
            done = completed or (end is not None and end < self.today)
            self.items[pk] = Item(
                pk=pk,
                theme=project_theme(sector),
                status="completed" if done else "current",
                years=project_years(actual_start or start, end, self.today),
            )
        published = published_condition("project__")

        places = {country.pk: country for country in Country.objects.published()}
        for project_id, country_id in Project.countries.through.objects.filter(
            published
        ).values_list("project_id", "country_id"):
            item = self.items.get(project_id)
            if item is not None and country_id in places:
                item.places.add(country_id)
                key = region_key(places[country_id])
                if key:
                    item.regions.add(key)
        self.places = places

        partners = {partner.pk: partner for partner in public_partners()}
        for project_id, partner_id in ProjectPartner.objects.filter(published).values_list(
            "project_id", "partner_id"
        ):
            if project_id in self.items and partner_id in partners:
                self.items[project_id].partners.add(partner_id)
        self.partners = partners

        funders = {funder.pk: funder for funder in public_funders()}
        for project_id, funder_id in ProjectFunding.objects.filter(published).values_list(
            "project_id", "funder_id"
        ):
            if project_id in self.items and funder_id in funders:
                self.items[project_id].funders.add(funder_id)
        self.funders = funders

    # The facets and their choices ------------------------------------------------------

    def select(self):
        """Build every facet's choices and mark the requested ones; unknown values are
        collected in ``ignored``."""
        language = self.language
        facets = {}

        places = sorted(
            self.places.values(), key=lambda c: localized(c, "name", language)[0].casefold()
        )
        facets["place"] = Facet(
            "place",
            _("Place"),
            _("All places"),
            [Choice(c.pk, *localized(c, "name", language)) for c in places],
        )
        regions = {}
        for country in places:
            key = region_key(country)
            if key and key not in regions:
                regions[key] = Choice(key, *localized(country, "region", language))
        facets["region"] = Facet(
            "region",
            _("Region"),
            _("All regions"),
            sorted(regions.values(), key=lambda choice: choice.label.casefold()),
        )
        facets["partner"] = Facet(
            "partner",
            _("Partner organisation"),
            _("All partner organisations"),
            sorted(
                (
                    Choice(
                        p.pk, partner_label(p, language), fallback=localized(p, "name", language)[1]
                    )
                    for p in self.partners.values()
                ),
                key=lambda choice: choice.label.casefold(),
            ),
        )
        facets["funder"] = Facet(
            "funder",
            _("Funder"),
            _("All funders"),
            sorted(
                (Choice(f.pk, *localized(f, "name", language)) for f in self.funders.values()),
                key=lambda choice: choice.label.casefold(),
            ),
        )
        themes = {item.theme for item in self.items.values()}
        facets["theme"] = Facet(
            "theme",
            _("Theme"),
            _("All themes"),
            sorted(
                (Choice(code, theme_name(code)) for code in themes),
                key=lambda choice: choice.label.casefold(),
            ),
        )
        facets["status"] = Facet(
            "status",
            _("Current or completed"),
            _("Current and completed"),
            [Choice("current", _("Current")), Choice("completed", _("Completed"))],
        )
        years = set().union(*(item.years for item in self.items.values()))
        facets["year"] = Facet(
            "year",
            _("Year"),
            _("All years"),
            [Choice(year, str(year)) for year in sorted(years, reverse=True)],
        )
        self.facets = facets

        self.selected = {}
        self.ignored = []
        for name, value in self.requested.items():
            choice = self.find(name, value)
            if choice is None:
                self.ignored.append(name)
            else:
                choice.selected = True
                self.selected[name] = choice.value

    def find(self, name, value):
        facet = self.facets[name]
        if name == "place":
            return self.find_by_slug(facet, self.places, value)
        if name == "partner":
            return self.find_by_slug(facet, self.partners, value)
        if name == "funder":
            pk = next((f.pk for f in self.funders.values() if f.slug == value), None)
            return next((c for c in facet.choices if c.value == pk), None)
        if name == "year":
            return next((c for c in facet.choices if str(c.value) == value), None)
        return next((c for c in facet.choices if c.value == value), None)

    @staticmethod
    def find_by_slug(facet, objects, value):
        pk = next((obj.pk for obj in objects.values() if value in slugs(obj)), None)
        return next((c for c in facet.choices if c.value == pk), None)

    def matches(self, item, leave_out=None):
        return all(
            value in item.values(name) for name, value in self.selected.items() if name != leave_out
        )

    def count(self):
        """Each choice's count: the projects it gives together with the other facets'
        selected choices."""
        for name, facet in self.facets.items():
            counts = {}
            for item in self.items.values():
                if self.matches(item, leave_out=name):
                    for value in item.values(name):
                        counts[value] = counts.get(value, 0) + 1
            for choice in facet.choices:
                choice.count = counts.get(choice.value, 0)
        self.matching = [pk for pk, item in self.items.items() if self.matches(item)]

    # The page of projects (two queries) ------------------------------------------------

    def page(self):
        """The requested page of the matching projects (Django's Paginator: a page beyond
        the last gives the last, a page that is not a number the first), each project with
        its places."""
        paginator = Paginator(self.matching, PER_PAGE)
        page = paginator.get_page(self.page_parameter)
        ids = list(page.object_list)
        projects = {p.pk: p for p in Project.objects.filter(pk__in=ids)} if ids else {}
        page.projects = [projects[pk] for pk in ids if pk in projects]
        attach_countries(page.projects)
        return page

    # Addresses -------------------------------------------------------------------------

    def parameter(self, name, value, language=None):
        """The query-string value of a facet's choice in ``language``."""
        language = language or self.language
        if name == "place":
            return slug_in(self.places[value], language)
        if name == "partner":
            return slug_in(self.partners[value], language)
        if name == "funder":
            return self.funders[value].slug
        return str(value)

    def query(self, language=None, page=None, **changes):
        """The query string of this selection (``?…``, or "" without any), in ``language``,
        with ``changes`` (a facet name: a choice's value, or None to drop it)."""
        selected = {**self.selected, **changes}
        parameters = [
            (name, self.parameter(name, selected[name], language))
            for name in self.FACETS
            if selected.get(name) is not None
        ]
        if page and page > 1:
            parameters.append(("page", page))
        return "?" + urlencode(parameters) if parameters else ""

    @property
    def is_filtered(self):
        return bool(self.selected)

    def selected_choices(self):
        """[(facet, choice)] of the selection, in the facets' order."""
        return [
            (facet, facet.selected) for facet in self.facets.values() if facet.selected is not None
        ]


def slug_in(obj, language):
    """An object's slug in ``language`` (the Dutch one where it has none)."""
    own = getattr(obj, build_localized_fieldname("slug", language), None)
    return own or getattr(obj, build_localized_fieldname("slug", SOURCE_LANGUAGE))


def partner_label(partner, language):
    name = localized(partner, "name", language)[0]
    return f"{name} ({partner.acronym})" if partner.acronym else name
