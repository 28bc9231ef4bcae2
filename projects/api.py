"""The read-only JSON API (``/api/v1/``): projects, places, partner organisations, funders
and the projects' results, in Dutch or English (``?lang=en``), 50 a page, the projects
with the list's filters; OpenAPI 3.1 at ``/api/v1/openapi.json``.

django-ninja: typed schemas from which the OpenAPI 3.1 document is generated, plain Django
views underneath (so the page cache's ETag, Last-Modified and 304 apply unchanged), and
no second serialisation framework beside the site's own code; Django REST Framework
would bring its own views, routers and pagination for six read-only lists. Its Swagger
page is off: it loads scripts from a CDN; the documentation is the site's own page.
"""

from datetime import date
from decimal import Decimal
from functools import wraps
from math import ceil
from typing import Literal

from django.http import Http404
from django.urls import reverse
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname
from ninja import NinjaAPI, Query, Schema
from ninja.decorators import decorate_view

from website.page_cache import cache_public_page
from website.seo import absolute_url, excerpt

from .listing import (
    SOURCE_LANGUAGE,
    ProjectList,
    localized,
    path_maker,
    project_theme,
    theme_name,
)
from .models import Country, Project, ProjectFunding, ProjectPartner, Result, planned_end
from .public import attach_countries, public_funders, public_partners

API_PER_PAGE = 50
Language = Literal["nl", "en"]


def for_everyone(view):
    """The API is public data: any site may read it from a browser (CORS, GET only)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
        return response

    return wrapper


api = NinjaAPI(
    title="VluchtelingenWerk Nederland: projects outside the Netherlands",
    version="1",
    description="Read-only open data: the published projects, their places, partner "
    "organisations, funders and results, in Dutch (lang=nl) or English (lang=en).",
    urls_namespace="api",
    docs_url=None,
)


def public(operation):
    # The first decorator is the innermost: CORS headers go on cached answers and 304s too.
    return decorate_view(cache_public_page, for_everyone)(operation)


class Link(Schema):
    name: str
    url: str | None = None


class Place(Schema):
    id: int
    name: str
    kind: str
    codes: list[str]
    region: str
    url: str


class Partner(Schema):
    id: int
    name: str
    acronym: str
    kind: str
    home_country: str
    website: str
    url: str


class Funder(Schema):
    id: int
    name: str
    kind: str
    website: str
    iati_identifier: str
    url: str


class Funding(Schema):
    funder: Link
    amount: Decimal | None = None  # only where the project page shows it
    currency: str | None = None


class ResultOut(Schema):
    year: int
    statement: str
    value: Decimal | None = None
    unit: str
    target: Decimal | None = None
    project: str | None = None  # the project's IATI identifier code


class ProjectOut(Schema):
    code: str
    title: str
    summary: str
    url: str
    places: list[Link]
    theme: Link
    status: Literal["current", "completed"]
    start_date: date | None = None
    end_date: date | None = None
    updated_at: str


class ProjectDetail(ProjectOut):
    description: str
    partners: list[Link]
    funding: list[Funding]
    results: list[ResultOut]


def page_of(items, number, per_page=API_PER_PAGE):
    """(items of page ``number``, count, pages): a page beyond the last is empty."""
    count = len(items)
    start = (number - 1) * per_page
    return items[start : start + per_page], count, max(1, ceil(count / per_page))


class Page(Schema):
    count: int
    page: int
    pages: int


class ProjectPage(Page):
    items: list[ProjectOut]


class PlacePage(Page):
    items: list[Place]


class PartnerPage(Page):
    items: list[Partner]


class FunderPage(Page):
    items: list[Funder]


class ResultPage(Page):
    items: list[ResultOut]


class ProjectFilters(Schema):
    lang: Language = "nl"
    page: int = 1
    place: str | None = None
    region: str | None = None
    partner: str | None = None
    funder: str | None = None
    theme: str | None = None
    status: Literal["current", "completed"] | None = None
    year: int | None = None


class Paging(Schema):
    lang: Language = "nl"
    page: int = 1


def url(path):
    return absolute_url(None, path)


def project_out(project, theme, status, language):
    return {
        "code": project.project_code,
        "title": localized(project, "title", language)[0],
        "summary": localized(project, "summary", language)[0],
        "url": url(project.get_absolute_url()),
        "places": [
            {"name": localized(c, "name", language)[0], "url": url(c.get_absolute_url())}
            for c in project.public_countries
        ],
        "theme": {"name": theme_name(theme), "url": url(theme_path(theme))},
        "status": status,
        "start_date": project.actual_start_date or project.start_date,
        "end_date": project.end,
        "updated_at": project.updated_at.isoformat(),
    }


def theme_path(code):
    return reverse("projects:theme_detail", kwargs={"code": code})


def funder_path(funder):
    return reverse("projects:funder_detail", kwargs={"slug": funder.slug})


@api.get("/projects", response=ProjectPage, summary="Published projects, with filters")
@public
def projects(request, filters: Query[ProjectFilters]):
    """The list's filters as on /nl/projecten/ (slugs of either language, a region's Dutch
    name as a slug, a theme's sector code, current/completed, a year)."""
    lang = filters.lang
    with translation.override(lang):
        parameters = filters.dict(exclude={"lang", "page"}, exclude_none=True)
        listing = ProjectList({name: str(value) for name, value in parameters.items()})
        ids, count, pages = page_of(listing.matching, max(1, filters.page))
        items = project_rows(listing, ids, lang)
    # Written as the schema says (ProjectPage, tests/projects/test_api.py compares them),
    # without validating 50 projects through it on every request.
    data = {"count": count, "page": filters.page, "pages": pages, "items": items}
    return api.create_response(request, data, status=200)


PROJECT_ROW_FIELDS = ("title", "summary", "slug")


def project_rows(listing, ids, language):
    """The ``ProjectOut`` dicts of the projects ``ids`` of ``listing`` (one query: their
    own columns; places and themes from the list's index)."""
    names = [
        build_localized_fieldname(name, code)
        for name in PROJECT_ROW_FIELDS
        for code in dict.fromkeys((language, SOURCE_LANGUAGE))
    ]
    rows = Project.objects.filter(pk__in=ids).values(
        "pk",
        "project_code",
        "start_date",
        "actual_start_date",
        "end_date",
        "duration_months",
        "actual_end_date",
        "updated_at",
        *names,
    )
    found = {row["pk"]: row for row in rows}
    index = listing.index
    project_url = url_maker("projects:project_detail")
    place_links = index.place_links(language, url_maker("projects:country_detail"))
    theme_links = {}
    items = []
    for pk in ids:
        row = found[pk]
        item = listing.items[pk]
        theme = theme_links.get(item.theme)
        if theme is None:
            theme = theme_links[item.theme] = {
                "name": theme_name(item.theme),
                "url": url(theme_path(item.theme)),
            }
        start = row["actual_start_date"] or row["start_date"]
        end = row["actual_end_date"] or planned_end(
            row["start_date"], row["end_date"], row["duration_months"]
        )
        items.append(
            {
                "code": row["project_code"],
                "title": row_text(row, "title", language),
                "summary": row_text(row, "summary", language),
                "url": project_url(row_text(row, "slug", language)),
                "places": [place_links[pk] for pk in index.in_place_order(item.places)],
                "theme": theme,
                "status": item.status,
                "start_date": start.isoformat() if start else None,
                "end_date": end.isoformat() if end else None,
                "updated_at": row["updated_at"].isoformat(),
            }
        )
    return items


def row_text(row, name, language):
    """A translated field of a values() row in ``language``, or its Dutch value."""
    own = row[build_localized_fieldname(name, language)]
    return own or row[build_localized_fieldname(name, SOURCE_LANGUAGE)] or ""


def url_maker(name):
    """A function giving the absolute URL of the page ``name`` for a slug (``path_maker``)."""
    path_of = path_maker(name)
    return lambda slug: url(path_of(slug))


@api.get("/projects/{code}", response=ProjectDetail, summary="One published project")
@public
def project(request, code: str, lang: Language = "nl"):
    with translation.override(lang):
        found = Project.objects.published().filter(project_code=code).first()
        if found is None:
            raise Http404("No published project with this code.")
        attach_countries([found])
        status = "completed" if found.is_completed() else "current"
        data = project_out(found, project_theme(found.sector), status, lang)
        data["description"] = excerpt(localized(found, "body", lang)[0], 100_000)
        data["partners"] = [
            {"name": p.partner.name, "url": url(p.partner.get_absolute_url())}
            for p in ProjectPartner.objects.filter(project=found).select_related("partner")
        ]
        data["funding"] = [
            {
                "funder": {
                    "name": localized(f.funder, "name", lang)[0],
                    "url": url(funder_path(f.funder)),
                },
                "amount": f.amount if f.show_amount else None,
                "currency": f.currency if f.show_amount else None,
            }
            for f in ProjectFunding.objects.filter(project=found).select_related("funder")
        ]
        data["results"] = [
            result_out(r, lang, found.project_code) for r in Result.objects.filter(project=found)
        ]
    return data


def result_out(result, language, code):
    return {
        "year": result.year,
        "statement": localized(result, "statement", language)[0],
        "value": result.value,
        "unit": localized(result, "unit", language)[0],
        "target": result.target,
        "project": code,
    }


@api.get("/places", response=PlacePage, summary="Places with published projects")
@public
def places(request, paging: Query[Paging]):
    lang = paging.lang
    with translation.override(lang):
        items, count, pages = page_of(list(Country.objects.published()), max(1, paging.page))
        data = [
            {
                "id": c.pk,
                "name": localized(c, "name", lang)[0],
                "kind": c.kind,
                "codes": c.code_list,
                "region": localized(c, "region", lang)[0],
                "url": url(c.get_absolute_url()),
            }
            for c in items
        ]
    return {"count": count, "page": paging.page, "pages": pages, "items": data}


@api.get("/partners", response=PartnerPage, summary="Partner organisations of published projects")
@public
def partners(request, paging: Query[Paging]):
    lang = paging.lang
    with translation.override(lang):
        items, count, pages = page_of(
            list(public_partners().order_by("name", "pk")), max(1, paging.page)
        )
        data = [
            {
                "id": p.pk,
                "name": localized(p, "name", lang)[0],
                "acronym": p.acronym,
                "kind": p.kind,
                "home_country": p.home_country.code or "",
                "website": p.website,
                "url": url(p.get_absolute_url()),
            }
            for p in items
        ]
    return {"count": count, "page": paging.page, "pages": pages, "items": data}


@api.get("/funders", response=FunderPage, summary="Funders of published projects")
@public
def funders(request, paging: Query[Paging]):
    lang = paging.lang
    with translation.override(lang):
        items, count, pages = page_of(
            list(public_funders().order_by("name", "pk")), max(1, paging.page)
        )
        data = [
            {
                "id": f.pk,
                "name": localized(f, "name", lang)[0],
                "kind": f.kind,
                "website": f.website,
                "iati_identifier": f.iati_ref,
                "url": url(funder_path(f)),
            }
            for f in items
        ]
    return {"count": count, "page": paging.page, "pages": pages, "items": data}


@api.get("/results", response=ResultPage, summary="Results of published projects")
@public
def results(request, paging: Query[Paging], year: int | None = None):
    lang = paging.lang
    found = Result.objects.filter(project__in=Project.objects.published()).select_related("project")
    if year is not None:
        found = found.filter(year=year)
    items, count, pages = page_of(
        list(found.order_by("-year", "project_id", "sort_order", "pk")), max(1, paging.page)
    )
    data = [result_out(r, lang, r.project.project_code) for r in items]
    return {"count": count, "page": paging.page, "pages": pages, "items": data}
