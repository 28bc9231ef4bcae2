"""Admin pages of the translators' workflow: the desk, export and import."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .desk import build_desk
from .exchange import (
    NEEDS_WORK,
    MalformedFile,
    export_catalogue,
    export_filename,
    import_catalogue,
)
from .forms import ExportForm, ImportForm
from .roles import can_use_desk


def _check(request):
    if not can_use_desk(request.user):
        raise PermissionDenied


def _context(request, title, **extra):
    return {**admin.site.each_context(request), "title": title, **extra}


@require_GET
def desk_view(request):
    _check(request)
    return TemplateResponse(
        request,
        "translations/desk.html",
        _context(
            request,
            _("Translations"),
            desk=build_desk(request.user),
            export_form=ExportForm(),
        ),
    )


@require_GET
def export_view(request):
    _check(request)
    form = ExportForm(request.GET or {"scope": NEEDS_WORK})
    if not form.is_valid():
        return TemplateResponse(
            request,
            "translations/desk.html",
            _context(request, _("Translations"), desk=build_desk(request.user), export_form=form),
            status=400,
        )
    scope = form.cleaned_data["scope"]
    catalogue = export_catalogue(scope, user=request.user)
    response = HttpResponse(
        str(catalogue), content_type="text/x-gettext-translation; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{export_filename(scope)}"'
    return response


@require_http_methods(["GET", "POST"])
def import_view(request):
    _check(request)
    report = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                report = import_catalogue(
                    form.cleaned_data["file"].read(),
                    user=request.user,
                    dry_run=form.cleaned_data["dry_run"],
                )
            except MalformedFile as exc:
                form.add_error("file", _("Nothing was imported: %(reason)s") % {"reason": exc})
    else:
        form = ImportForm()
    return TemplateResponse(
        request,
        "translations/import.html",
        _context(request, _("Import English translations"), form=form, report=report),
        status=400 if request.method == "POST" and report is None else 200,
    )
