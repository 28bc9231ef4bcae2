"""Previews: any public page rendered by its own view and templates for an object the
public may not see yet, from the database (a saved draft) or from an unsaved form.

A content app says once which view renders which model's page::

    preview.register(Project, ProjectDetailView, from_forms=project_from_forms,
                     is_public=lambda p: p.is_public())

The view is a ``PreviewablePage``: the public request finds the object (``find_object``,
through the one publication rule) and loads what the page shows (``load``); a preview
hands it the object instead and skips the lookup. Nothing of the page is copied here.

A preview carries a banner, ``<meta name="robots" content="noindex">`` and
``X-Robots-Tag``, and is never cached (it bypasses the page cache and says ``no-store``).
"""

from dataclasses import dataclass, field

from django.db import models
from django.http import Http404
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control


@dataclass(frozen=True)
class PagePreview:
    """How a model's page is previewed (see ``register``)."""

    model: type
    view: type
    # The object whose page shows ``obj`` (a workshop is shown on its project's page).
    page_object: object = None
    # (obj, form, formsets) -> the object graph the page shows, from unsaved form data.
    from_forms: object = None
    # obj -> whether the public sees its page now.
    is_public: object = None
    # (item, its many-to-many keys, {relation: [(row, keys)]}) -> the object graph the
    # page shows, from a revision (``content.revisions.as_objects``).
    from_revision: object = None

    def object_for(self, obj):
        return self.page_object(obj) if self.page_object else obj

    def shows_publicly(self, obj):
        return self.is_public(obj) if self.is_public else True


_previews = {}


def register(model, view, *, page_object=None, from_forms=None, is_public=None, from_revision=None):
    _previews[model] = PagePreview(model, view, page_object, from_forms, is_public, from_revision)


def preview_for(model):
    """The preview declaration for ``model``, or None when it has no page."""
    return _previews.get(model)


@dataclass
class Preview:
    """What the page templates get as ``preview``: the banner's wording and the links
    of the language switcher (the preview in the other language, or none)."""

    language: str
    language_urls: list = field(default_factory=list)
    unsaved: bool = False
    # A share link (editorial.models.ShareLink) when seen through one.
    share: object = None


class PreviewablePage:
    """Mixin for a public page view: the object lookup and the loading are separate, so
    the same view renders a preview of an object it would not find publicly."""

    def find_object(self):
        """The public object of this request (404 when the public may not see it)."""
        raise NotImplementedError

    def load(self, obj):
        """``obj`` with what the page shows attached (sections, projects, ...)."""
        return obj

    def get_object(self, queryset=None):
        return self.load(self.find_object())

    @classmethod
    def render_preview(cls, request, obj, preview, loaded=False):
        """The page of ``obj`` as the public would see it once published."""
        view = cls()
        view.setup(request)
        with translation.override(preview.language):
            view.object = obj if loaded else view.load(obj)
            context = view.get_context_data(object=view.object)
            context["preview"] = preview
            context["language_urls"] = preview.language_urls
            response = view.render_to_response(context)
            response.render()
        return never_cached_preview(response)


def never_cached_preview(response):
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def render(request, obj, preview, *, graph=None):
    """Render the page that shows ``obj`` (or the unsaved ``graph`` built from a form)."""
    declaration = preview_for(type(obj))
    if declaration is None:
        raise Http404("This kind of content has no page.")
    if graph is not None:
        return declaration.view.render_preview(request, graph, preview, loaded=True)
    return declaration.view.render_preview(request, declaration.object_for(obj), preview)


def keep_saved_files(instance):
    """Undo a new upload on an unsaved instance: a preview writes no file anywhere, so it
    shows the file saved before (or none) until the form is saved."""
    saved = None
    for model_field in instance._meta.concrete_fields:
        if not isinstance(model_field, models.FileField):
            continue
        value = getattr(instance, model_field.attname)
        if not value or getattr(value, "_committed", True):
            continue
        if saved is None:
            saved = (
                type(instance)._base_manager.filter(pk=instance.pk).values().first()
                if instance.pk
                else {}
            ) or {}
        setattr(instance, model_field.attname, saved.get(model_field.attname) or "")
