from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import DetailView, TemplateView

from editorial.preview import PreviewablePage
from iati.builder import to_bytes
from website.i18n import NamedURLLanguagesMixin, TranslatedSlugMixin, language_urls
from website.page_cache import cache_public_page
from website.seo import (
    PageMetaMixin,
    breadcrumb_data,
    build_page_meta,
    excerpt,
    item_list_data,
    web_page_data,
)
from website.template_helpers.site_tags import number

from . import seo
from .charts import Bar, BarChart, result_charts, target_chart
from .iati_organisation import organisation_document
from .listing import ProjectList, overview_texts, theme_name, theme_projects
from .models import Country, OverviewPage, Project
from .open_data import iati_projects, project_code_from_identifier, projects_document
from .public import (
    completed_projects,
    load_country,
    load_funder,
    load_partner,
    load_project,
    overview_results,
    overview_work,
    project_results_by_year,
    public_funders,
    public_partners,
)


@method_decorator(cache_public_page, name="dispatch")
class OverviewView(PreviewablePage, NamedURLLanguagesMixin, PageMetaMixin, TemplateView):
    template_name = "projects/overview.html"
    url_name = "projects:overview"

    def find_object(self):
        return OverviewPage.load()

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        self.page = self.object
        self.work = overview_work()
        context = super().get_context_data(**kwargs)
        context["page"] = self.page
        context["work"] = self.work
        context["countries"] = self.work.countries
        context["programmes"] = self.work.programmes
        context["programmes_in_full"] = self.work.programmes_in_full
        years = self.page.years_of_results
        context["results_by_year"], figures = overview_results(years)
        context["result_charts"] = result_charts(figures, "overview-figures", number=number)
        context["calls_to_action"] = (
            list(self.page.calls_to_action.active().select_related("photo"))
            if self.page.pk is not None
            else []
        )
        context["has_completed_projects"] = Project.objects.completed().exists()
        context["list_url"] = reverse("projects:project_list")
        self.describe_work(self.work)
        return context

    @staticmethod
    def describe_work(work):
        """The overview's sentences about how much work there is, on the places
        (``count_text``, ``more_programmes_text``, with ``%(place)s`` for the place's name
        as it reads in a sentence) and on ``work`` (``more_places_text``)."""
        for country in work.countries:
            count = country.current_count
            country.count_text = ngettext(
                "%(count)s current project", "%(count)s current projects", count
            ) % {"count": number(count)}
            more = country.programme_count - len(country.programmes)
            country.more_programmes_text = (
                escape(
                    ngettext(
                        "And %(count)s more programme in %(place)s",
                        "And %(count)s more programmes in %(place)s",
                        more,
                    )
                    % {"count": number(more), "place": "%(place)s"}
                )
                if more
                else ""
            )
        work.more_places_text = ngettext(
            "VluchtelingenWerk works in %(count)s more country or territory: all projects "
            "per place are in the list",
            "VluchtelingenWerk works in %(count)s more countries and territories: all "
            "projects per place are in the list",
            work.more_places,
        ) % {"count": number(work.more_places)}

    def get_page_meta(self):
        page = self.page
        projects = self.work.projects
        # The overview has no photo of its own: links to it show the site's share image.
        meta = build_page_meta(
            self.request,
            page,
            lambda: reverse(self.url_name),
            title=page.title or str(OverviewPage._meta.verbose_name),
            description=excerpt(page.meta_description) or excerpt(page.intro),
        )
        meta.structured_data.append(
            web_page_data(
                self.request,
                meta,
                page_type="CollectionPage",
                mainEntity=item_list_data(
                    {"@id": seo.project_id(self.request, p), "name": p.title} for p in projects
                ),
            )
        )
        return meta


@method_decorator(cache_public_page, name="dispatch")
class CompletedProjectsView(NamedURLLanguagesMixin, PageMetaMixin, TemplateView):
    """The projects whose work is done, per year: they keep their pages and addresses."""

    template_name = "projects/completed_projects.html"
    url_name = "projects:completed_projects"

    def get_context_data(self, **kwargs):
        self.years = completed_projects()
        context = super().get_context_data(**kwargs)
        context["years"] = self.years
        return context

    def get_page_meta(self):
        title = _("Completed projects")
        meta = build_page_meta(
            self.request,
            OverviewPage.load(),
            lambda: reverse(self.url_name),
            title=title,
            description=_(
                "Projects that VluchtelingenWerk Nederland completed outside the Netherlands, "
                "per year."
            ),
        )
        projects = [project for _year, group in self.years for project in group]
        meta.structured_data.append(
            web_page_data(
                self.request,
                meta,
                page_type="CollectionPage",
                breadcrumb=breadcrumb_data(self.request, meta.title, meta.canonical_url),
                mainEntity=item_list_data(
                    {"@id": seo.project_id(self.request, p), "name": p.title} for p in projects
                ),
            )
        )
        return meta


@method_decorator(cache_public_page, name="dispatch")
class CountryDetailView(PreviewablePage, TranslatedSlugMixin, PageMetaMixin, DetailView):
    template_name = "projects/country_detail.html"
    context_object_name = "country"

    def get_queryset(self):
        return Country.objects.published()

    def find_object(self):
        return TranslatedSlugMixin.get_object(self)

    def load(self, obj):
        # The projects' structured data names all their countries: they are fetched too.
        return load_country(obj)

    def get_page_meta(self):
        country = self.object
        projects = country.published_projects
        image = next(
            (found for p in projects if (found := seo.project_share_image(self.request, p))), None
        )
        meta = build_page_meta(
            self.request,
            country,
            country.get_absolute_url,
            title=country.name,
            description=seo.country_description(country),
            image=image,
        )
        meta.structured_data.append(
            web_page_data(
                self.request,
                meta,
                about=seo.country_data(country),
                breadcrumb=breadcrumb_data(self.request, meta.title, meta.canonical_url),
                mainEntity=item_list_data(seo.project_data(self.request, p) for p in projects),
            )
        )
        return meta


@method_decorator(cache_public_page, name="dispatch")
class ProjectDetailView(PreviewablePage, TranslatedSlugMixin, PageMetaMixin, DetailView):
    template_name = "projects/project_detail.html"
    context_object_name = "project"

    def get_queryset(self):
        return Project.objects.published()

    def find_object(self):
        return TranslatedSlugMixin.get_object(self)

    def load(self, obj):
        return load_project(obj)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        results = self.object.public_results
        context["result_charts"] = [
            chart
            for chart in (
                target_chart(results, "project-targets", number=number),
                *result_charts(
                    (
                        (r.year, r.unit_nl, r.unit_en, r.value, 1)
                        for r in results
                        if r.value is not None
                    ),
                    "project-figures",
                    number=number,
                ),
            )
            if chart is not None
        ]
        return context

    def get_page_meta(self):
        project = self.object
        image = seo.project_share_image(self.request, project)
        meta = build_page_meta(
            self.request,
            project,
            project.get_absolute_url,
            title=project.title,
            description=seo.project_description(project),
            image=image,
            og_type="article",
        )
        # The photo the page shows, with its credit (its consent may not cover previews).
        shown = seo.project_share_image(self.request, project, scope="website")
        meta.structured_data.append(seo.project_data(self.request, project, shown))
        meta.structured_data.append(
            web_page_data(
                self.request,
                meta,
                breadcrumb=breadcrumb_data(self.request, meta.title, meta.canonical_url),
                mainEntity={"@id": seo.project_id(self.request, project)},
            )
        )
        return meta


@method_decorator(cache_public_page, name="dispatch")
class PartnerDetailView(PreviewablePage, TranslatedSlugMixin, PageMetaMixin, DetailView):
    """A partner organisation's page: public while it works in a published project."""

    template_name = "projects/partner_detail.html"
    context_object_name = "partner"

    def get_queryset(self):
        return public_partners()

    def find_object(self):
        return TranslatedSlugMixin.get_object(self)

    def load(self, obj):
        return load_partner(obj)

    def get_page_meta(self):
        partner = self.object
        meta = build_page_meta(
            self.request,
            partner,
            partner.get_absolute_url,
            title=str(partner),
            description=seo.partner_description(partner),
            image=seo.partner_share_image(self.request, partner),
        )
        data = seo.partner_data(self.request, partner, meta)
        meta.structured_data.append(data)
        meta.structured_data.append(
            web_page_data(
                self.request,
                meta,
                breadcrumb=breadcrumb_data(self.request, meta.title, meta.canonical_url),
                mainEntity={"@id": data["@id"]},
            )
        )
        return meta


# Open data (IATI) -----------------------------------------------------------------------

IATI_CONTENT_TYPE = "application/xml; charset=utf-8"


def iati_response(projects):
    if not projects:
        # The schema requires at least one activity in a file.
        raise Http404(_("No published projects."))
    return HttpResponse(to_bytes(projects_document(projects)), content_type=IATI_CONTENT_TYPE)


@cache_public_page
def iati_activities(request):
    """Every published project as one IATI activities file."""
    return iati_response(list(iati_projects()))


@cache_public_page
def iati_activity(request, identifier):
    """One published project's IATI activity, by its IATI identifier."""
    code = project_code_from_identifier(identifier)
    if code is None:
        raise Http404(_("Not an activity identifier of this organisation."))
    return iati_response(list(iati_projects().filter(project_code=code)))


# Finding projects: the list with filters, funders and themes --------------------------


def funder_url(funder):
    """A funder's public page (funders have one slug for both languages)."""
    return reverse("projects:funder_detail", kwargs={"slug": funder.slug})


def theme_url(code):
    return reverse("projects:theme_detail", kwargs={"code": code})


@method_decorator(cache_public_page, name="dispatch")
class ProjectListView(PageMetaMixin, TemplateView):
    """All published projects, with filters that combine (projects/listing.py).

    The list without a query string is cached like every page; a filtered list is
    rendered each time (the page cache does not store addresses with a query string).
    """

    template_name = "projects/project_list.html"
    url_name = "projects:project_list"

    def get_context_data(self, **kwargs):
        self.listing = ProjectList(self.request.GET)
        self.page = self.listing.page()
        context = super().get_context_data(**kwargs)
        listing = self.listing
        base = reverse(self.url_name)
        context.update(
            listing=listing,
            page=self.page,
            list_url=base,
            language_urls=[
                (code, url + listing.query(code, self.page.number))
                for code, url in language_urls(lambda: reverse(self.url_name))
            ],
            page_urls=self.page_urls(base + listing.query()),
            remove_urls=[
                (facet, choice, base + listing.query(**{facet.name: None}))
                for facet, choice in listing.selected_choices()
            ],
            summary=self.summary(),
            csv_url=reverse("projects:project_list_csv") + listing.query(),
        )
        return context

    def page_urls(self, first):
        """{number: address} of the list's pages: the first page's address (``?…`` of the
        selection, or none) with ``page=n`` added, as ``listing.query(page=n)`` writes it."""
        joiner = "&" if "?" in first else "?"
        return {
            number: first if number == 1 else f"{first}{joiner}page={number}"
            for number in self.page.paginator.page_range
        }

    def summary(self):
        count = self.page.paginator.count
        text = ngettext("%(count)s project", "%(count)s projects", count) % {"count": number(count)}
        if self.page.paginator.num_pages > 1:
            text += " · " + _("page %(page)s of %(pages)s") % {
                "page": self.page.number,
                "pages": self.page.paginator.num_pages,
            }
        return text

    def get_page_meta(self):
        listing = self.listing
        title = _("All projects")
        if listing.is_filtered:
            chosen = ", ".join(choice.label for _facet, choice in listing.selected_choices())
            title = _("Projects: %(filters)s") % {"filters": chosen}
        meta = build_page_meta(
            self.request,
            overview_texts(),
            lambda: reverse(self.url_name),
            title=f"{title} ({self.summary()})" if listing.is_filtered else title,
            description=_(
                "Every project of VluchtelingenWerk Nederland outside the Netherlands, by "
                "place, partner organisation, funder, theme and year."
            ),
        )
        meta.structured_data.append(
            web_page_data(
                self.request,
                meta,
                page_type="CollectionPage",
                breadcrumb=breadcrumb_data(self.request, meta.title, meta.canonical_url),
                mainEntity=item_list_data(
                    {"@id": seo.project_id(self.request, p), "name": p.title}
                    for p in self.page.projects
                ),
            )
        )
        return meta


@method_decorator(cache_public_page, name="dispatch")
class FunderDetailView(PageMetaMixin, DetailView):
    """A funder's page: public while it funds a published project."""

    template_name = "projects/funder_detail.html"
    context_object_name = "funder"

    def get_queryset(self):
        return public_funders()

    def get_object(self, queryset=None):
        return load_funder(super().get_object(queryset))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["language_urls"] = language_urls(lambda: funder_url(self.object))
        context["list_url"] = (
            reverse("projects:project_list") + "?" + urlencode({"funder": self.object.slug})
        )
        return context

    def get_page_meta(self):
        funder = self.object
        meta = build_page_meta(
            self.request,
            funder,
            lambda: funder_url(funder),
            title=str(funder),
            description=excerpt(funder.description)
            or _("%(name)s funds projects of VluchtelingenWerk Nederland outside the Netherlands.")
            % {"name": funder},
        )
        data = {
            **seo.funder_data(funder),
            "@id": meta.canonical_url + "#organisation",
            "url": meta.canonical_url,
        }
        if funder.website:
            data["sameAs"] = funder.website
        meta.structured_data.append(data)
        meta.structured_data.append(
            web_page_data(
                self.request,
                meta,
                breadcrumb=breadcrumb_data(self.request, meta.title, meta.canonical_url),
                mainEntity={"@id": data["@id"]},
            )
        )
        return meta


@method_decorator(cache_public_page, name="dispatch")
class ThemeDetailView(PageMetaMixin, TemplateView):
    """A theme's page (an IATI sector): its published projects, current ones first."""

    template_name = "projects/theme_detail.html"

    def get_context_data(self, **kwargs):
        code = self.kwargs["code"]
        projects = theme_projects(code)
        if projects is None:
            raise Http404(_("No published project has this theme."))
        self.code, self.name = code, theme_name(code)
        today = timezone.localdate()
        self.projects = projects
        context = super().get_context_data(**kwargs)
        context.update(
            theme_code=code,
            theme_name=self.name,
            current=[p for p in projects if not p.is_completed(today)],
            completed=[p for p in projects if p.is_completed(today)],
            language_urls=language_urls(lambda: theme_url(code)),
            list_url=reverse("projects:project_list") + "?" + urlencode({"theme": code}),
        )
        return context

    def get_page_meta(self):
        meta = build_page_meta(
            self.request,
            OverviewPage.load(),
            lambda: theme_url(self.code),
            title=_("Theme: %(theme)s") % {"theme": self.name},
            description=_(
                "Projects of VluchtelingenWerk Nederland outside the Netherlands on %(theme)s."
            )
            % {"theme": self.name},
        )
        meta.structured_data.append(
            web_page_data(
                self.request,
                meta,
                page_type="CollectionPage",
                breadcrumb=breadcrumb_data(self.request, meta.title, meta.canonical_url),
                mainEntity=item_list_data(
                    {"@id": seo.project_id(self.request, p), "name": p.title} for p in self.projects
                ),
            )
        )
        return meta


@method_decorator(cache_public_page, name="dispatch")
class OpenDataView(NamedURLLanguagesMixin, PageMetaMixin, TemplateView):
    """What the site publishes as data, for people who reuse it: IATI, the JSON API and
    its OpenAPI document, CSV and the Atom feed."""

    template_name = "projects/open_data.html"
    url_name = "projects:open_data"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        language = translation.get_language()
        api = reverse("api:api-root")
        context.update(
            api_root=api,
            openapi_url=reverse("api:openapi-json"),
            examples=[
                (api + "projects?" + urlencode({"lang": language}), _("Projects, 50 a page")),
                (
                    api + "projects?" + urlencode({"lang": language, "status": "current"}),
                    _("Current projects (filters as in the list)"),
                ),
                (api + "places?" + urlencode({"lang": language}), _("Places")),
                (api + "partners?" + urlencode({"lang": language}), _("Partner organisations")),
                (api + "funders?" + urlencode({"lang": language}), _("Funders")),
                (api + "results?" + urlencode({"lang": language}), _("Results")),
            ],
        )
        return context

    def get_page_meta(self):
        return build_page_meta(
            self.request,
            OverviewPage.load(),
            lambda: reverse(self.url_name),
            title=_("Open data"),
            description=_(
                "The projects of VluchtelingenWerk Nederland outside the Netherlands as open "
                "data: IATI, a JSON API, CSV and an Atom feed."
            ),
        )


@cache_public_page
def iati_organisation(request):
    """The IATI organisation file: the reporting organisation and its budgets per year."""
    return HttpResponse(to_bytes(organisation_document()), content_type=IATI_CONTENT_TYPE)


@method_decorator(cache_public_page, name="dispatch")
class ResultsOverviewView(NamedURLLanguagesMixin, PageMetaMixin, TemplateView):
    """The work at a glance: figures, projects per year and per theme as charts with their
    tables, and the published projects' results per year."""

    template_name = "projects/results_overview.html"
    url_name = "projects:results_overview"

    def get_context_data(self, **kwargs):
        listing = ProjectList({})
        facets = listing.facets
        results_by_year, figures = project_results_by_year()
        list_url = reverse("projects:project_list")
        status = {choice.value: choice.count for choice in facets["status"].choices}
        context = super().get_context_data(**kwargs)
        context.update(
            figures=[
                (len(listing.items), _("projects"), list_url),
                (status.get("current", 0), _("current projects"), list_url + "?status=current"),
                (len(facets["place"].choices), _("countries and territories"), list_url),
                (len(facets["partner"].choices), _("partner organisations"), list_url),
                (len(facets["funder"].choices), _("funders"), list_url),
            ],
            per_year=BarChart(
                "per-year",
                _("Projects per year (a project counts in every year it runs)"),
                _("Year"),
                _("Projects"),
                [
                    Bar(str(c.value), c.count, number(c.count))
                    for c in sorted(facets["year"].choices, key=lambda c: c.value)
                ],
            ),
            per_theme=BarChart(
                "per-theme",
                _("Projects per theme"),
                _("Theme"),
                _("Projects"),
                [
                    Bar(c.label, c.count, number(c.count))
                    for c in sorted(facets["theme"].choices, key=lambda c: -c.count)
                ],
            ),
            results_by_year=results_by_year,
            result_charts=result_charts(figures, "result-figures", number=number),
        )
        return context

    def get_page_meta(self):
        return build_page_meta(
            self.request,
            overview_texts(),
            lambda: reverse(self.url_name),
            title=_("Our work at a glance"),
            description=_(
                "The projects of VluchtelingenWerk Nederland outside the Netherlands in figures: "
                "per year, per theme, and what they achieved."
            ),
        )
