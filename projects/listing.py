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

import datetime
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from markupsafe import Markup, escape
from modeltranslation.utils import build_localized_fieldname

from content.registry import options_for
from iati.codelists import Sector
from website import dependencies
from website.dependencies import reading_listing_fields
from website.template_helpers.site_tags import _number_locale as number_locale
from website.template_helpers.site_tags import _whole_number as whole_number

from .models import (
    Country,
    OverviewPage,
    Project,
    ProjectFunding,
    ProjectPartner,
    published_condition,
)
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


class Choice:
    """A choice of a filter: its value, label, the projects it gives, whether it is chosen;
    ``fallback``: the label is Dutch shown on an English page (it gets lang="nl")."""

    __slots__ = ("value", "label", "count", "selected", "fallback")

    def __init__(self, value, label, count=0, selected=False, fallback=False):
        self.value = value
        self.label = str(label)
        self.count = count
        self.selected = selected
        self.fallback = fallback

    def __repr__(self):
        return f"Choice({self.value!r}, {self.label!r}, count={self.count})"


NOTHING = object()


class Facet:
    """A filter: its query parameter, labels and choices. The choices are ``rows``
    (value, label, fallback) with ``counts`` and the ``chosen`` value; their Choice objects
    are made only when asked for (the page writes its options from the rows)."""

    def __init__(self, name, label, all_label, rows=()):
        self.name = name
        self.label = label
        self.all_label = all_label
        self.rows = rows
        self.counts = {}
        self.chosen = NOTHING
        self._choices = None

    @property
    def choices(self):
        if self._choices is None:
            counts, chosen = self.counts, self.chosen
            self._choices = [
                Choice(value, label, counts.get(value, 0), value == chosen, fallback)
                for value, label, fallback in self.rows
            ]
        return self._choices

    @property
    def selected(self):
        if self.chosen is NOTHING:
            return None
        return next((choice for choice in self.choices if choice.selected), None)

    @property
    def shown_choices(self):
        """The choices that give projects (and the selected one whatever it gives)."""
        return [choice for choice in self.choices if choice.count or choice.selected]


# What the list shows of a project (includes/project_list.html, the page's JSON-LD): read
# without the rest of its row (its texts, photos, amounts ...).
LIST_FIELDS = [
    "slug",
    *(
        build_localized_fieldname(name, code)
        for name in ("title", "summary")
        for code, _name in settings.LANGUAGES
    ),
    "start_date",
    "end_date",
    "duration_months",
    "actual_end_date",
]


@dataclass
class Item:
    """A published project as the filters see it (no model instance: a list of a
    thousand projects is read as plain values)."""

    pk: int
    theme: str
    status: str
    years: set
    start: datetime.date | None = None  # its start date (the overview's "newest first")
    sort_order: int = 0
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


def load_items(today):
    """The published projects as the filters see them, in the list's order, and the public
    places, partner organisations and funders by primary key (seven queries). Their
    ``values_list`` queries read only what ``reading_listing_fields`` allows (ids, status,
    dates, order, sector), except that the list's order has the projects' titles in it
    (``sort_order, title, pk``): the index depends on every project's row (a rename can
    move a project in the list), which ``PROJECT_ROWS`` names; pages that do not use that
    order (the overview) leave it out of what they note (``reads_of``)."""
    with reading_listing_fields():
        items = _load_items(today)
    dependencies.note({PROJECT_ROWS})
    return items


# Any project's row (``website.dependencies``): what the list's order by title reads.
PROJECT_ROWS = f"{Project._meta.label_lower}~"


def _load_items(today):
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
            "sort_order",
        )
    )
    items = {}
    for pk, sector, completed, start, actual_start, planned, actual_end, order in rows:
        end = actual_end or planned
        done = completed or (end is not None and end < today)
        items[pk] = Item(
            pk=pk,
            theme=project_theme(sector),
            status="completed" if done else "current",
            years=project_years(actual_start or start, end, today),
            start=start,
            sort_order=order,
        )
    published = published_condition("project__")

    places = {
        country.pk: country for country in Country.objects.published().order_by(*ordering(Country))
    }
    for project_id, country_id in Project.countries.through.objects.filter(published).values_list(
        "project_id", "country_id"
    ):
        item = items.get(project_id)
        if item is not None and country_id in places:
            item.places.add(country_id)
            key = region_key(places[country_id])
            if key:
                item.regions.add(key)

    partners = {partner.pk: partner for partner in public_partners()}
    for project_id, partner_id in ProjectPartner.objects.filter(published).values_list(
        "project_id", "partner_id"
    ):
        if project_id in items and partner_id in partners:
            items[project_id].partners.add(partner_id)

    funders = {funder.pk: funder for funder in public_funders()}
    for project_id, funder_id in ProjectFunding.objects.filter(published).values_list(
        "project_id", "funder_id"
    ):
        if project_id in items and funder_id in funders:
            items[project_id].funders.add(funder_id)
    return items, places, partners, funders


class FacetIndex:
    """What the list's filters know of all published projects (``load_items``), with each
    choice's projects as a bit mask (bit *i*: the *i*-th project in the list's order), so
    that a request counts every choice of every filter with a few integer operations.

    One is kept per process (``facet_index``) while the site's content clock
    (``website.freshness``, the page cache's) says that nothing it was read from has
    changed and no scheduled moment (a project's publish-from or -until, an end date) has
    come: a change made by any process is seen within ``PAGE_CACHE_STALENESS``, as by the
    page cache. It holds only published projects and what the public may see of them."""

    def __init__(self, today, language, state=None, now=None):
        self.today = today
        self.language = language
        self.stamp = state.stamp() if state is not None else None
        now = now or timezone.now()
        moment = state.moment if state is not None else None
        self.not_after = (
            moment
            if moment is not None
            else now + datetime.timedelta(seconds=settings.PAGE_CACHE_SECONDS)
        )
        # In its language: the list's order and the places' are by their names too.
        with dependencies.recording() as read, translation.override(language):
            self.items, self.places, self.partners, self.funders = load_items(today)
        self.place_position = {pk: position for position, pk in enumerate(self.places)}
        self.links = None
        self.shown = {}  # projects as the list shows them (``listed``)
        self.newest = None  # the current projects, newest first (``newest_current``)
        self.results = {}  # the public results of some years (``result_rows``)
        self.overview = None  # the overview page's main texts (``overview_texts``)
        self.parts = {}  # labels -> (reads, the part of them of those labels): ``reads_of``
        self.read_at = time.monotonic()
        self.lock = threading.Lock()
        self.options = {}
        self.public = None
        # What it was read from, for the content clock and for a page that uses it.
        self.reads = read.keys()
        self.checked = None
        self.order = list(self.items)
        self.bits = [1 << position for position in range(len(self.order))]
        self.everything = (1 << len(self.order)) - 1
        self.masks = {name: {} for name in ProjectList.FACETS}
        for item, bit in zip(self.items.values(), self.bits, strict=True):
            for name, masks in self.masks.items():
                for value in item.values(name):
                    masks[value] = masks.get(value, 0) | bit
        # A slug names the first object (in the query's order) that answers to it.
        self.place_slugs, self.partner_slugs, self.funder_slugs = {}, {}, {}
        for pk, obj in self.places.items():
            for slug in slugs(obj):
                self.place_slugs.setdefault(slug, pk)
        for pk, obj in self.partners.items():
            for slug in slugs(obj):
                self.partner_slugs.setdefault(slug, pk)
        for pk, funder in self.funders.items():
            self.funder_slugs.setdefault(funder.slug, pk)
        self.years = sorted(self.masks["year"], reverse=True)
        self.themes = set(self.masks["theme"])
        self.labels = {}

    def escaped_options(self, name, listing):
        """{value: (its query-string value, its label), HTML-escaped} of a facet's choices
        kept in the index (once per index and facet)."""
        found = self.options.get(name)
        if found is None:
            found = self.options[name] = {
                value: (escape(listing.parameter(name, value)), escape(label))
                for value, label, _fallback in self.choices(self.language).get(name, ())
            }
        return found

    def public_ids(self):
        """{search entry kind: ids} of what the public may see: the published projects and
        their places, partner organisations and funders (``search.backends.public_ids``)."""
        if self.public is None:
            self.public = {
                "project": frozenset(self.items),
                "place": frozenset(self.places),
                "partner": frozenset(self.partners),
                "funder": frozenset(self.funders),
            }
        return self.public

    def listed(self, ids):
        """The projects ``ids`` as the list shows them (``LIST_FIELDS``, their places from
        the index, their address reversed once), read once for the index's life: a page
        of the list asks for none again until the content changes. They are shared by
        the requests that show them, so nothing may change them."""
        missing = [pk for pk in ids if pk not in self.shown and pk in self.items]
        if missing:
            # What they were read from joins what the index was read from (a change of
            # the text of one of them makes the index stale) before any request can show
            # them.
            read_now = {}
            with translation.override(self.language), self.reading():
                path_of = path_maker("projects:project_detail")
                for project in Project.objects.filter(pk__in=missing).only(*LIST_FIELDS):
                    project.public_countries = [
                        self.places[pk] for pk in self.in_place_order(self.items[project.pk].places)
                    ]
                    # Asked for by the template and the page's JSON-LD (the same as
                    # Project.get_absolute_url).
                    project.get_absolute_url = partial(str, path_of(project.slug))
                    read_now[project.pk] = project
            self.shown.update(read_now)
        dependencies.note(self.reads)
        return [self.shown[pk] for pk in ids if pk in self.shown]

    @contextmanager
    def reading(self):
        """What the block reads later for the index (``listed``, ``overview_texts``,
        ``result_rows``) joins what it was read from when the block ends: under a lock, so
        that two threads filling it at once lose neither's."""
        with dependencies.recording() as read:
            yield
        with self.lock:
            self.reads = self.reads | read.keys()

    def reads_of(self, *labels):
        """What the index was read from, of the content models ``labels`` only
        (``projects.project``), without the projects' rows the list's order by title
        reads (``PROJECT_ROWS``): for a page that uses only that part of the index and not
        that order (the overview, the results)."""
        found = self.parts.get(labels)
        if found is None or found[0] is not self.reads:  # (once per labels while it holds)
            part = frozenset(
                key
                for key in self.reads
                if key != PROJECT_ROWS and key.split(":")[0].rstrip("~") in labels
            )
            found = self.parts[labels] = (self.reads, part)
        return found[1]

    def overview_texts(self):
        """The overview page as far as the languages of the pages that take theirs from it
        go (its main texts: ``website.seo.content_languages``), read once for the index's
        life (what it was read from joins what the index was). Shared: read only."""
        if self.overview is None:
            fields = [
                build_localized_fieldname(name, code)
                for name in options_for(OverviewPage).main_text_fields
                for code, _name in settings.LANGUAGES
            ]
            with self.reading():
                # In the model's own order (the first by primary key, as OverviewPage.load).
                found = OverviewPage.objects.only(*fields).first() or OverviewPage()
            self.overview = found
        dependencies.note(self.reads_of("projects.overviewpage"))
        return self.overview

    def result_rows(self, years):
        """``projects.public.public_result_rows`` of ``years``, read once per set of years
        for the index's life. What they were read from joins what the index was read from
        (a change of a result makes it stale), and is noted for the page that asks."""
        key = tuple(sorted(set(years)))
        found = self.results.get(key)
        if found is None:
            from .public import read_result_rows

            with self.reading():
                found = read_result_rows(key, self.items)
            self.results[key] = found
        dependencies.note(self.reads_of("projects.project", "projects.result"))
        return found

    def newest_current(self):
        """The current projects' items, newest first: the one that started last first,
        those without a start date last, then the editors' order; computed once per
        index."""
        if self.newest is None:
            current = [item for item in self.items.values() if item.status == "current"]
            current.sort(key=lambda item: (item.sort_order, item.pk))
            current.sort(key=lambda item: item.start or datetime.date.min, reverse=True)
            self.newest = current
        return self.newest

    def in_place_order(self, places):
        """The primary keys ``places`` in the places' order (as ``attach_countries``)."""
        return sorted(places, key=self.place_position.__getitem__)

    def place_links(self, language, url_of_slug):
        """{place: {"name", "url"}} in ``language`` (once per index), for the JSON API."""
        if self.links is None:
            self.links = {
                pk: {
                    "name": localized(place, "name", language)[0],
                    "url": url_of_slug(slug_in(place, language)),
                }
                for pk, place in self.places.items()
            }
        return self.links

    def serves(self, state, now, today):
        """Is this index still what the database says (``state``: the process's knowledge
        of the changes, at most PAGE_CACHE_STALENESS old)?"""
        if state is None or self.stamp is None or today != self.today:
            return False
        if self.checked is state:
            return now < self.not_after
        epoch, number = self.stamp
        if epoch != state.epoch or number > state.number:
            return False  # another database, or one put back to an earlier state
        if not state.is_fresh(self.stamp, self.reads, self.not_after, now):
            return False
        self.checked = state
        return True

    def choices(self, language):
        """{facet: [(value, label, fallback)]} in the order the page shows them, in
        ``language`` (computed once per language)."""
        found = self.labels.get(language)
        if found is not None:
            return found
        with translation.override(language):
            places = sorted(
                self.places.values(), key=lambda c: localized(c, "name", language)[0].casefold()
            )
            regions = {}
            for country in places:
                key = region_key(country)
                if key and key not in regions:
                    regions[key] = (key, *localized(country, "region", language))
            by_label = lambda row: row[1].casefold()  # noqa: E731
            found = {
                "place": [(c.pk, *localized(c, "name", language)) for c in places],
                "region": sorted(regions.values(), key=by_label),
                "partner": sorted(
                    (
                        (p.pk, partner_label(p, language), localized(p, "name", language)[1])
                        for p in self.partners.values()
                    ),
                    key=by_label,
                ),
                "funder": sorted(
                    ((f.pk, *localized(f, "name", language)) for f in self.funders.values()),
                    key=by_label,
                ),
                "theme": sorted(
                    ((code, theme_name(code), False) for code in self.themes), key=by_label
                ),
                "year": [(year, str(year), False) for year in self.years],
            }
        self.labels[language] = found
        return found

    def matching(self, mask):
        """The projects of ``mask``, in the list's order."""
        if mask == self.everything:
            return list(self.order)
        return [pk for pk, bit in zip(self.order, self.bits, strict=True) if mask & bit]


_indexes = {}


def facet_index(today=None, language=None, note=True):
    """The process's FacetIndex in ``language`` (the active one), read again when the
    content clock says it is stale; a list for another day than today gets one of its own."""
    local_today = timezone.localdate()
    today = today or local_today
    language = language or translation.get_language() or SOURCE_LANGUAGE
    if today != local_today:
        index = FacetIndex(today, language)
    else:
        from website.freshness import knowledge

        state = knowledge.current()
        now = timezone.now()
        kept = _indexes.get(language)
        index = kept
        if index is None or not index.serves(state, now, today):
            index = FacetIndex(today, language, state, now)
            # Kept unless the one there is of a later state and was read while the
            # warm-up may still render ahead under it (requests are meanwhile served under
            # the old state: each would otherwise keep replacing the other's index). One
            # of a later state older than that is of a database put back (a restore).
            if state is not None and not (
                kept is not None
                and is_later(kept.stamp, index.stamp)
                and time.monotonic() - kept.read_at < settings.PAGE_CACHE_RENDER_AHEAD_SECONDS
            ):
                _indexes[language] = index
    if note:  # (else the caller notes the part it uses: ``reads_of``)
        dependencies.note(index.reads)
    return index


def overview_texts():
    """The overview page's main texts, as the process's facet index keeps them
    (``FacetIndex.overview_texts``): for the languages of the pages that take theirs from
    the overview (the projects list, the search, the work at a glance)."""
    return facet_index(note=False).overview_texts()


def is_later(stamp, than):
    """Is the content clock's ``stamp`` (epoch, number) later than ``than``, of the same
    database?"""
    return stamp is not None and than is not None and stamp[0] == than[0] and stamp[1] > than[1]


def forget_facet_indexes():
    """Forget every kept index (tests: rows rolled back send no signals)."""
    _indexes.clear()


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

    # Reading the data (seven queries, or none while the process's index is current) ----

    def load(self):
        self.index = index = facet_index(self.today, self.language)
        self.items = index.items
        self.places = index.places
        self.partners = index.partners
        self.funders = index.funders

    # The facets and their choices ------------------------------------------------------

    def select(self):
        """Build every facet's choices and mark the requested ones; unknown values are
        collected in ``ignored``."""
        rows = self.index.choices(self.language)
        facets = {
            "place": Facet("place", _("Place"), _("All places"), rows["place"]),
            "region": Facet("region", _("Region"), _("All regions"), rows["region"]),
            "partner": Facet(
                "partner",
                _("Partner organisation"),
                _("All partner organisations"),
                rows["partner"],
            ),
            "funder": Facet("funder", _("Funder"), _("All funders"), rows["funder"]),
            "theme": Facet("theme", _("Theme"), _("All themes"), rows["theme"]),
            "status": Facet(
                "status",
                _("Current or completed"),
                _("Current and completed"),
                [("current", str(_("Current")), False), ("completed", str(_("Completed")), False)],
            ),
            "year": Facet("year", _("Year"), _("All years"), rows["year"]),
        }
        self.facets = facets

        self.selected = {}
        self.ignored = []
        for name, value in self.requested.items():
            found = self.find(name, value)
            if found is NOTHING:
                self.ignored.append(name)
            else:
                facets[name].chosen = found
                self.selected[name] = found

    def find(self, name, value):
        """The value of the choice of facet ``name`` the query-string ``value`` names, or
        NOTHING."""
        index = self.index
        if name == "place":
            wanted = index.place_slugs.get(value, NOTHING)
        elif name == "partner":
            wanted = index.partner_slugs.get(value, NOTHING)
        elif name == "funder":
            wanted = index.funder_slugs.get(value, NOTHING)
        elif name == "year":
            return next(
                (year for year, _l, _f in self.facets[name].rows if str(year) == value), NOTHING
            )
        else:
            wanted = value
        if wanted is NOTHING:
            return NOTHING
        return next((v for v, _l, _f in self.facets[name].rows if v == wanted), NOTHING)

    def matches(self, item, leave_out=None):
        return all(
            value in item.values(name) for name, value in self.selected.items() if name != leave_out
        )

    def count(self):
        """Each choice's count: the projects it gives together with the other facets'
        selected choices (bit masks of the index: no loop over the projects)."""
        masks = self.index.masks
        everything = self.index.everything
        chosen = {name: masks[name].get(value, 0) for name, value in self.selected.items()}
        for name, facet in self.facets.items():
            within = everything
            for other, mask in chosen.items():
                if other != name:
                    within &= mask
            if within == everything:
                facet.counts = {value: mask.bit_count() for value, mask in masks[name].items()}
            else:
                facet.counts = {
                    value: (mask & within).bit_count() for value, mask in masks[name].items()
                }
        matching = everything
        for mask in chosen.values():
            matching &= mask
        self.matching = self.index.matching(matching)

    # The page of projects (one query) ------------------------------------------------

    def page(self):
        """The requested page of the matching projects (Django's Paginator: a page beyond
        the last gives the last, a page that is not a number the first), each project with
        its places."""
        paginator = Paginator(self.matching, PER_PAGE)
        page = paginator.get_page(self.page_parameter)
        page.projects = self.index.listed(list(page.object_list))
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

    def options(self, facet):
        """The ``<option>``s of a filter's shown choices, as the list's template wrote them
        (written here: with a thousand projects, several hundred choices through the
        template cost more than the rest of the page)."""
        escaped = self.index.escaped_options(facet.name, self)
        locale = number_locale()
        counts, chosen = facet.counts, facet.chosen
        parts = []
        for value, label, _fallback in facet.rows:
            count = counts.get(value, 0)
            if not count and value != chosen:
                continue
            found = escaped.get(value)
            if found is None:
                found = (escape(self.parameter(facet.name, value)), escape(label))
            selected = " selected" if value == chosen else ""
            # (A count as the locale writes it: digits and separators, nothing to escape.)
            parts.append(
                f'\n          <option value="{found[0]}"{selected}>{found[1]} '
                f"({whole_number(count, locale)})</option>\n          "
            )
        return Markup("".join(parts))

    @property
    def is_filtered(self):
        return bool(self.selected)

    def selected_choices(self):
        """[(facet, choice)] of the selection, in the facets' order."""
        return [
            (facet, facet.selected) for facet in self.facets.values() if facet.chosen is not NOTHING
        ]


def path_maker(name):
    """A function giving the path of the page ``name`` for a slug, as ``reverse(name,
    kwargs={"slug": slug})`` does: reversed once, with a stand-in slug replaced."""
    marker = "slug-stand-in"
    before, after = reverse(name, kwargs={"slug": marker}).split(marker, 1)
    return lambda slug: f"{before}{quote(slug, safe='')}{after}"


def slug_in(obj, language):
    """An object's slug in ``language`` (the Dutch one where it has none)."""
    own = getattr(obj, build_localized_fieldname("slug", language), None)
    return own or getattr(obj, build_localized_fieldname("slug", SOURCE_LANGUAGE))


def partner_label(partner, language):
    name = localized(partner, "name", language)[0]
    return f"{name} ({partner.acronym})" if partner.acronym else name
