"""Which view renders the page of each kind of content, for the editors' previews
(``editorial.preview``), and how a page is built from an unsaved admin form."""

from content.revisions import kept_forms
from editorial import preview
from partners.models import PartnerOrganisation

from .models import Country, OverviewPage, Project, Result, Workshop
from .public import SECTION_ROWS, load_project, public_partners
from .views import CountryDetailView, OverviewView, PartnerDetailView, ProjectDetailView


def kept_rows(formset):
    """The rows an inline formset would leave (``content.revisions.kept_forms``), in order."""
    return _in_order([form.instance for form in kept_forms(formset)])


def _related(form, name, saved):
    """The related objects a many-to-many field of the form would set (its saved ones
    when the form does not have the field, as for a translator)."""
    if name in getattr(form, "cleaned_data", {}):
        return list(form.cleaned_data[name])
    return saved()


def _in_order(rows):
    return sorted(rows, key=lambda row: (row.sort_order, row.pk or float("inf")))


def project_from_revision(project, m2m, rows):
    """The project page's object graph from a revision: the project, its places and
    every row as the revision holds them (``content.revisions.as_objects``)."""
    load_project(project)
    project.public_countries = sorted(
        Country.objects.filter(pk__in=m2m.get("countries", [])),
        key=lambda c: (c.sort_order, c.name),
    )
    facilitators = {}
    for name, built in rows.items():
        model = Project._meta.get_field(name).related_model
        kept = _in_order([row for row, _keys in built])
        if model is Result:
            project.public_results = kept
        for attribute, queryset in SECTION_ROWS:
            if queryset().model is model:
                setattr(project, attribute, kept)
        for row, keys in built:
            if "facilitators" in keys:
                facilitators[id(row)] = keys["facilitators"]
    partners = PartnerOrganisation.objects.in_bulk(
        [key for keys in facilitators.values() for key in keys]
    )
    for workshop in project.public_workshops:
        keys = facilitators.get(id(workshop), [])
        workshop.public_facilitators = [partners[key] for key in keys if key in partners]
    return project


def project_from_forms(project, form, formsets):
    """The project page's object graph from the change form: the project as the form
    would make it, its countries and every inline row as posted."""
    saved_pk = project.pk
    load_project(project)
    saved_countries = list(project.public_countries) if saved_pk else []
    project.public_countries = sorted(
        _related(form, "countries", lambda: saved_countries),
        key=lambda c: (c.sort_order, c.name),
    )
    by_model = {formset.model: formset for formset in formsets}
    for attribute, rows in SECTION_ROWS:
        formset = by_model.get(rows().model)
        if formset is not None:
            setattr(project, attribute, kept_rows(formset))
    workshop_forms = by_model.get(Workshop)
    for workshop_form in workshop_forms.forms if workshop_forms else []:
        workshop = workshop_form.instance
        workshop.public_facilitators = _related(
            workshop_form,
            "facilitators",
            lambda w=workshop: list(w.facilitators.all()) if w.pk else [],
        )
    for workshop in project.public_workshops:
        if not hasattr(workshop, "public_facilitators"):
            workshop.public_facilitators = list(workshop.facilitators.all())
    return project


def workshop_from_forms(workshop, form, formsets):
    """The project page with this workshop as the form would make it."""
    project = load_project(workshop.project)
    workshop.public_facilitators = _related(
        form, "facilitators", lambda: list(workshop.facilitators.all()) if workshop.pk else []
    )
    others = [w for w in project.public_workshops if w.pk != workshop.pk]
    project.public_workshops = sorted(
        [*others, workshop], key=lambda w: (w.sort_order, w.pk or float("inf"))
    )
    return project


def register():
    preview.register(OverviewPage, OverviewView)
    preview.register(
        Country,
        CountryDetailView,
        is_public=lambda country: Country.objects.published().filter(pk=country.pk).exists(),
    )
    preview.register(
        Project,
        ProjectDetailView,
        from_forms=project_from_forms,
        from_revision=project_from_revision,
        is_public=lambda project: project.is_public(),
    )
    preview.register(
        Workshop,
        ProjectDetailView,
        page_object=lambda workshop: workshop.project,
        from_forms=workshop_from_forms,
        is_public=lambda project: project.is_public(),
    )
    preview.register(
        PartnerOrganisation,
        PartnerDetailView,
        is_public=lambda partner: public_partners().filter(pk=partner.pk).exists(),
    )
