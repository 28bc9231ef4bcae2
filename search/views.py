from functools import partial
from math import ceil
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView
from markupsafe import Markup
from modeltranslation.utils import build_localized_fieldname

from content.registry import options_for
from projects.listing import facet_index, overview_texts, path_maker
from projects.models import Project
from website.i18n import NamedURLLanguagesMixin, language_urls
from website.page_cache import cache_public_page
from website.seo import SOURCE_LANGUAGE, PageMetaMixin, build_page_meta, has_content_in
from website.template_helpers.site_tags import number

from .backends import MARK_END, MARK_START, clean_query, has_words, search
from .models import Entry

PER_PAGE = 20


def marked(text):
    """Escaped text with the matching words in <mark>; the marks come from the database,
    the text is escaped first, so nothing of the content or the query becomes markup."""
    escaped = str(escape(text))
    if escaped.count(MARK_START) != escaped.count(MARK_END):
        return Markup(escaped.replace(MARK_START, "").replace(MARK_END, ""))
    return Markup(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def project_fields(language):
    """The fields of a project the page reads: its slugs (its address) and, on a page in
    another language than Dutch, its title and main texts in Dutch and in that language
    (is the hit shown in Dutch: ``Result``); never the rest of a project."""
    fields = [build_localized_fieldname("slug", code) for code, _name in settings.LANGUAGES]
    if language != SOURCE_LANGUAGE:
        for name in ("title", *options_for(Project).main_text_fields):
            fields.append(build_localized_fieldname(name, SOURCE_LANGUAGE))
            fields.append(build_localized_fieldname(name, language))
    return list(dict.fromkeys(fields))


def load_hits(hits, language):
    """The objects of the hits: the projects with their places, on a Dutch page as the
    projects list shows them (``FacetIndex.listed``: read once while the index holds), on
    another one in one query (``project_fields`` only); places, partners and funders as
    the facet index holds them (every public one: ``projects.listing.facet_index``)."""
    index = facet_index(language=language)
    objects = {}
    projects = [hit.object_id for hit in hits if hit.kind == Entry.Kind.PROJECT]
    if projects and language == SOURCE_LANGUAGE:
        # No longer published ones (the hits were read before) are left out.
        for project in index.listed(projects):
            objects[(Entry.Kind.PROJECT, project.pk)] = project
    elif projects:
        path_of = path_maker("projects:project_detail")  # reversed once for the page
        for project in Project.objects.filter(pk__in=projects).only(*project_fields(language)):
            item = index.items.get(project.pk)
            if item is None:  # no longer published (the hits were read before)
                continue
            project.public_countries = [
                index.places[pk] for pk in index.in_place_order(item.places)
            ]
            project.get_absolute_url = partial(str, path_of(project.slug))
            objects[(Entry.Kind.PROJECT, project.pk)] = project
    kept = {
        Entry.Kind.PLACE: index.places,
        Entry.Kind.PARTNER: index.partners,
        Entry.Kind.FUNDER: index.funders,
    }
    for hit in hits:
        found = kept.get(hit.kind, {}).get(hit.object_id)
        if found is not None:
            objects[(hit.kind, hit.object_id)] = found
    return objects


# The pages of the kinds of hits other than projects, by their slugs.
PAGES = {
    Entry.Kind.PLACE: "projects:country_detail",
    Entry.Kind.PARTNER: "projects:partner_detail",
    Entry.Kind.FUNDER: "projects:funder_detail",
}


class Paths:
    """The addresses of a page's hits: each kind's page reversed once for the page
    (``path_maker``), as ``get_absolute_url`` and ``projects.views.funder_url`` give
    them."""

    def __init__(self):
        self.makers = {}

    def __call__(self, kind, obj):
        if kind == Entry.Kind.PROJECT:
            return obj.get_absolute_url()  # reversed once for the page by ``load_hits``
        maker = self.makers.get(kind)
        if maker is None:
            maker = self.makers[kind] = path_maker(PAGES[kind])
        return maker(obj.slug)


class Result:
    """One hit as the page shows it."""

    def __init__(self, hit, obj, language, paths):
        self.kind = hit.kind
        self.kind_label = Entry.Kind(hit.kind).label
        self.object = obj
        self.url = paths(hit.kind, obj)
        self.title = marked(hit.title)
        self.snippet = marked(hit.snippet)
        # Dutch shown on an English page is marked as Dutch, as everywhere on the site.
        name_field = "title" if hit.kind == Entry.Kind.PROJECT else "name"
        self.title_lang = (
            "nl" if language != "nl" and not getattr(obj, f"{name_field}_{language}") else None
        )
        self.snippet_lang = "nl" if not has_content_in(obj, language) else None
        self.places = getattr(obj, "public_countries", [])


@method_decorator(cache_public_page, name="dispatch")
class SearchView(NamedURLLanguagesMixin, PageMetaMixin, TemplateView):
    """Search the public projects, places, partners and funders in the page's language.

    The page without a query (the form) is cached like any page; with one it is rendered
    each time (the page cache does not store addresses with a query string).
    """

    template_name = "search/search.html"
    url_name = "search:search"

    def get_context_data(self, **kwargs):
        language = translation.get_language()
        self.query, shortened = clean_query(self.request.GET.get("q", ""))
        page_number = self.page_number()
        found = None
        results = []
        if self.query:
            found = search(
                self.query, language, offset=(page_number - 1) * PER_PAGE, limit=PER_PAGE
            )
            objects = load_hits(found.hits, language)
            paths = Paths()
            results = [
                Result(hit, objects[(hit.kind, hit.object_id)], language, paths)
                for hit in found.hits
                if (hit.kind, hit.object_id) in objects
            ]
        context = super().get_context_data(**kwargs)
        total = found.total if found else 0
        pages = ceil(total / PER_PAGE)
        context.update(
            search_query=self.query,
            shortened=shortened,
            searchable=has_words(self.query),
            results=results,
            total=total,
            page_number=page_number,
            pages=pages,
            previous_url=self.page_url(page_number - 1) if page_number > 1 else None,
            next_url=self.page_url(page_number + 1) if page_number < pages else None,
            results_summary=ngettext(
                "%(count)s result for “%(query)s”", "%(count)s results for “%(query)s”", total
            )
            % {"count": number(total), "query": self.query},
        )
        if self.query:
            query = "?" + urlencode({"q": self.query})
            context["language_urls"] = [
                (code, url + query) for code, url in language_urls(lambda: reverse(self.url_name))
            ]
        return context

    def page_number(self):
        try:
            number = int(self.request.GET.get("page", "1"))
        except ValueError:
            return 1
        return max(1, min(number, 10_000))

    def page_url(self, number):
        parameters = {"q": self.query}
        if number > 1:
            parameters["page"] = number
        return reverse(self.url_name) + "?" + urlencode(parameters)

    def get_page_meta(self):
        if self.query:
            title = _("Search results for “%(query)s”") % {"query": self.query}
        else:
            title = _("Search")
        return build_page_meta(
            self.request,
            overview_texts(),
            lambda: reverse(self.url_name),
            title=title,
            description=_(
                "Search the projects of VluchtelingenWerk Nederland outside the Netherlands, "
                "the places, partner organisations and funders."
            ),
        )
