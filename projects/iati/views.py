from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_page

from .activity import iati_projects, project_code_from_identifier
from .builder import activities_document, to_bytes

CONTENT_TYPE = "application/xml; charset=utf-8"


def xml_response(projects):
    if not projects:
        # The schema requires at least one activity in a file.
        raise Http404(_("No published projects."))
    return HttpResponse(to_bytes(activities_document(projects)), content_type=CONTENT_TYPE)


@cache_page(settings.IATI_CACHE_SECONDS)
def activities(request):
    """Every published project as one IATI activities file."""
    return xml_response(list(iati_projects()))


@cache_page(settings.IATI_CACHE_SECONDS)
def activity(request, identifier):
    """One published project's IATI activity, by its IATI identifier."""
    code = project_code_from_identifier(identifier)
    if code is None:
        raise Http404(_("Not an activity identifier of this organisation."))
    return xml_response(list(iati_projects().filter(project_code=code)))
