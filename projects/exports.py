"""The projects as data beyond IATI: the list as CSV (with the list's filters) and an Atom
feed of new and updated projects, per language. Both follow publication exactly as the
pages do and are cached like them (an address with a query string is rendered fresh)."""

import csv
import io

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views import View

from website.page_cache import cache_public_page
from website.seo import absolute_url, excerpt

from .listing import ProjectList, localized, partner_label, theme_name
from .models import Project

# A cell a spreadsheet would read as a formula (or a command, in old ones) starts with one
# of these: it gets a leading apostrophe, which spreadsheets show as text (OWASP's advice
# on CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


def spreadsheet_safe(value):
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


CSV_COLUMNS = (
    ("title", lambda: _("Title")),
    ("url", lambda: _("Address")),
    ("places", lambda: _("Places")),
    ("partners", lambda: _("Partner organisations")),
    ("funders", lambda: _("Funders")),
    ("theme", lambda: _("Theme")),
    ("status", lambda: _("Current or completed")),
    ("start", lambda: _("Start")),
    ("end", lambda: _("End")),
    ("summary", lambda: _("Summary")),
)


def csv_rows(listing):
    """The matching projects of a ProjectList as CSV rows (one query beyond the list's)."""
    language = listing.language
    projects = Project.objects.in_bulk(listing.matching)
    statuses = {"current": _("Current"), "completed": _("Completed")}
    for pk in listing.matching:
        project, item = projects[pk], listing.items[pk]
        places = sorted(
            (localized(listing.places[c], "name", language)[0] for c in item.places),
            key=str.casefold,
        )
        partners = sorted(
            (partner_label(listing.partners[p], language) for p in item.partners),
            key=str.casefold,
        )
        funders = sorted(
            (localized(listing.funders[f], "name", language)[0] for f in item.funders),
            key=str.casefold,
        )
        yield {
            "title": localized(project, "title", language)[0],
            "url": absolute_url(None, project.get_absolute_url()),
            "places": "; ".join(places),
            "partners": "; ".join(partners),
            "funders": "; ".join(funders),
            "theme": theme_name(item.theme),
            "status": statuses[item.status],
            "start": (project.actual_start_date or project.start_date or ""),
            "end": project.end or "",
            "summary": localized(project, "summary", language)[0],
        }


@method_decorator(cache_public_page, name="dispatch")
class ProjectListCSV(View):
    """The projects list as a CSV file: every matching project (no pages), in the page's
    language, with the same filters in the query string."""

    def get(self, request):
        listing = ProjectList(request.GET)
        output = io.StringIO()
        writer = csv.writer(output)
        writer.writerow([label() for _name, label in CSV_COLUMNS])
        for row in csv_rows(listing):
            writer.writerow([spreadsheet_safe(row[name]) for name, _label in CSV_COLUMNS])
        filename = _("projects") + f"-{translation.get_language()}.csv"
        # A byte order mark, so that Excel reads the file as UTF-8 (ë, ç, €).
        response = HttpResponse(
            "\ufeff" + output.getvalue(), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class ProjectFeed(Feed):
    """New and updated projects, newest change first, in the feed's language (Atom)."""

    feed_type = Atom1Feed
    limit = 50

    def title(self):
        return _("VluchtelingenWerk Nederland: new and updated projects outside the Netherlands")

    def subtitle(self):
        return _("The projects of VluchtelingenWerk Nederland with partner organisations abroad.")

    # Absolute addresses on SITE_URL (Django would prefix the sites framework's domain).
    def link(self):
        return absolute_url(None, reverse("projects:project_list"))

    def feed_url(self):
        return absolute_url(None, reverse("projects:feed"))

    def feed_guid(self):
        return absolute_url(None, reverse("projects:feed"))

    def items(self):
        return Project.objects.published().order_by("-updated_at", "-pk")[: self.limit]

    def item_title(self, item):
        return localized(item, "title", translation.get_language())[0]

    def item_description(self, item):
        language = translation.get_language()
        return localized(item, "summary", language)[0] or excerpt(
            localized(item, "body", language)[0], 300
        )

    def item_link(self, item):
        return absolute_url(None, item.get_absolute_url())

    def item_guid(self, item):
        # Stable across renames: the project's code, not its address.
        return f"{absolute_url(None, '/')}#project-{item.project_code}"

    def item_guid_is_permalink(self, item):
        return False

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.updated_at

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["language"] = translation.get_language()
        return feed


project_feed = cache_public_page(ProjectFeed())
