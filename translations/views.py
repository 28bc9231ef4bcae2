"""Admin pages of the translators' workflow: the desk, export, import and its reports,
English addresses set on the desk, and the language of the back office."""

from django.apps import apps
from django.contrib import admin, messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .desk import build_desk
from .exchange import (
    CONFLICT,
    NEEDS_WORK,
    PO,
    UPDATED,
    ImportFailed,
    MalformedFile,
    export_bundle,
    export_file,
    import_file,
    reports,
)
from .exchange.formats import USE, FileUnit
from .exchange.importer import apply_units
from .exchange.units import fingerprint
from .forms import (
    AdminLanguageForm,
    ExportForm,
    GlossaryTermForm,
    ImportForm,
    MemoryImportForm,
)
from .glossary import all_terms, as_csv, as_tbx
from .language import admin_language, choose_language
from .memory import import_tmx, memory_tmx
from .models import GlossaryTerm, TranslationImport
from .roles import can_use_desk
from .tmx import TmxError


def _check(request):
    if not can_use_desk(request.user):
        raise PermissionDenied


def _context(request, title, **extra):
    return {**admin.site.each_context(request), "title": title, **extra}


def _desk_response(request, export_form=None, status=200):
    return TemplateResponse(
        request,
        "translations/desk.html",
        _context(
            request,
            _("Translations"),
            desk=build_desk(request.user),
            export_form=export_form or ExportForm(),
            memory_form=MemoryImportForm(),
            glossary=all_terms(),
            glossary_form=GlossaryTermForm(),
            language_form=AdminLanguageForm(
                initial={"language": admin_language(request.user), "next": request.path}
            ),
        ),
        status=status,
    )


@require_GET
def desk_view(request):
    _check(request)
    return _desk_response(request)


@require_GET
def export_view(request):
    _check(request)
    form = ExportForm({"scope": NEEDS_WORK, "file_format": PO, **request.GET.dict()})
    if not form.is_valid():
        return _desk_response(request, export_form=form, status=400)
    scope, file_format = form.cleaned_data["scope"], form.cleaned_data["file_format"]
    if form.cleaned_data["with_memory"]:
        content, filename = export_bundle(scope, file_format, user=request.user)
        content_type = "application/zip"
    else:
        content, filename, content_type = export_file(scope, file_format, user=request.user)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
def import_view(request):
    _check(request)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = import_file(
                    upload.read(), user=request.user, dry_run=form.cleaned_data["dry_run"]
                )
            except (MalformedFile, ImportFailed) as exc:
                form.add_error("file", _("Nothing was imported: %(reason)s") % {"reason": exc})
            else:
                stored = reports.store(report, user=request.user, file_name=upload.name)
                return redirect("translations:report", pk=stored.pk)
    else:
        form = ImportForm()
    recent = TranslationImport.objects.only(
        "pk", "created_at", "file_name", "file_format", "dry_run", "counts"
    )
    if not request.user.is_superuser:
        recent = recent.filter(user=request.user)
    return TemplateResponse(
        request,
        "translations/import.html",
        _context(request, _("Import English translations"), form=form, recent=recent[:10]),
        status=400 if request.method == "POST" else 200,
    )


def _stored_report(request, pk):
    _check(request)
    stored = get_object_or_404(TranslationImport, pk=pk)
    if not request.user.is_superuser and stored.user_id != request.user.pk:
        raise PermissionDenied
    return stored


@require_http_methods(["GET", "POST"])
def report_view(request, pk):
    stored = _stored_report(request, pk)
    if request.method == "POST" and not stored.dry_run and "accept" in request.POST:
        wanted = request.POST.getlist("unit")
        try:
            applied = reports.accept(
                stored, "all" if request.POST["accept"] == "all" else set(wanted), user=request.user
            )
        except ImportFailed as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s suggestion accepted.", "%(count)s suggestions accepted.", applied
                )
                % {"count": applied},
            )
        return redirect("translations:report", pk=stored.pk)
    if request.method == "POST" and not stored.dry_run:
        prefix = "choice:"
        choices = {
            key[len(prefix) :]: value
            for key, value in request.POST.items()
            if key.startswith(prefix)
        }
        everything = request.POST.get("all")
        if everything in ("file", "site"):
            for result in reports.results(stored):
                if result.outcome == CONFLICT:
                    choices.setdefault(result.unit_id, everything)
        try:
            settled = reports.resolve(stored, choices, user=request.user)
        except ImportFailed as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                ngettext("%(count)s conflict settled.", "%(count)s conflicts settled.", settled)
                % {"count": settled},
            )
        return redirect("translations:report", pk=stored.pk)
    return TemplateResponse(
        request,
        "translations/report.html",
        _context(
            request,
            _("Import result") if not stored.dry_run else _("Check result (nothing was changed)"),
            stored=stored,
            summary=reports.summary(stored),
            groups=reports.groups(stored),
            page_rows=reports.PAGE_ROWS,
        ),
    )


@require_GET
def report_csv_view(request, pk):
    stored = _stored_report(request, pk)
    response = HttpResponse(reports.as_csv(stored), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="translation-import-{stored.pk}.csv"'
    return response


@require_POST
def glossary_view(request):
    """Add a term to the glossary, or delete one (``delete``: its pk)."""
    _check(request)
    if request.POST.get("delete"):
        deleted, _rows = GlossaryTerm.objects.filter(pk=request.POST["delete"]).delete()
        if deleted:
            messages.success(request, _("The term was removed from the glossary."))
        return HttpResponseRedirect(reverse("translations:desk") + "#glossary")
    form = GlossaryTermForm(request.POST)
    if form.is_valid():
        term = form.save()
        messages.success(request, _("“%(term)s” is in the glossary.") % {"term": term})
    else:
        for field_name, errors in form.errors.items():
            label = form.fields[field_name].label if field_name in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    return HttpResponseRedirect(reverse("translations:desk") + "#glossary")


@require_GET
def glossary_file_view(request, file_format):
    _check(request)
    terms = all_terms()
    if file_format == "tbx":
        response = HttpResponse(as_tbx(terms), content_type="application/x-tbx+xml")
    else:
        response = HttpResponse(as_csv(terms), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="vwn-glossary.{file_format}"'
    return response


@require_GET
def memory_view(request):
    """The whole translation memory as TMX 1.4."""
    _check(request)
    response = HttpResponse(memory_tmx(), content_type="application/x-tmx+xml; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="vwn-memory.tmx"'
    return response


@require_POST
def memory_import_view(request):
    """Pairs of a TMX file (this site's or another tool's) taught to the memory."""
    _check(request)
    form = MemoryImportForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    else:
        try:
            learnt, left_out = import_tmx(form.cleaned_data["file"].read())
        except TmxError as exc:
            messages.error(request, _("Nothing was imported: %(reason)s") % {"reason": exc})
        else:
            messages.success(
                request,
                _("%(learnt)s pairs learnt by the translation memory, %(left)s units left out.")
                % {"learnt": learnt, "left": left_out},
            )
    return HttpResponseRedirect(reverse("translations:desk") + "#memory")


@require_POST
def slugs_view(request):
    """English addresses typed on the desk, checked and saved like an import's."""
    _check(request)
    prefix = "slug:"
    units = []
    for key, value in request.POST.items():
        if key.startswith(prefix) and value.strip():
            unit_id = key[len(prefix) :]
            if not _is_address(unit_id):
                # This form is for addresses; texts are translated on the forms or by file.
                messages.error(request, _("Only English addresses can be saved here."))
                continue
            dutch = request.POST.get(f"dutch:{unit_id}", "")
            units.append(FileUnit(f"{unit_id}:{fingerprint('')}", dutch, value.strip(), USE))
    if units:
        try:
            report = apply_units(units, user=request.user)
        except ImportFailed as exc:
            messages.error(request, str(exc))
        else:
            for result in report.results:
                if result.outcome == UPDATED:
                    messages.success(
                        request,
                        _("%(item)s: English address saved.") % {"item": result.label},
                    )
                else:
                    messages.error(
                        request,
                        _("%(item)s: %(reason)s")
                        % {"item": result.label or result.unit_id, "reason": result.message},
                    )
    return HttpResponseRedirect(reverse("translations:desk") + "#addresses")


def _is_address(unit_id):
    """Whether ``unit_id`` (app.model.pk.field) names a translated address (slug) field."""
    try:
        app_label, model_name, _pk, name = unit_id.split(".")
        field = apps.get_model(app_label, model_name)._meta.get_field(name)
    except (ValueError, LookupError, FieldDoesNotExist):
        return False
    return isinstance(field, models.SlugField)


@require_POST
def language_view(request):
    if not (request.user.is_active and request.user.is_staff):
        raise PermissionDenied
    form = AdminLanguageForm(request.POST)
    if form.is_valid():
        choose_language(request.user, form.cleaned_data["language"])
    target = form.data.get("next") or reverse("translations:desk")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("translations:desk")
    return HttpResponseRedirect(target)
