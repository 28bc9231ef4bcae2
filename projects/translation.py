from modeltranslation.translator import TranslationOptions, register

from .models import Country, OverviewPage, Project, ProjectLink, Video, Workshop


@register(OverviewPage)
class OverviewPageTranslationOptions(TranslationOptions):
    fields = (
        "title",
        "intro",
        "projects_heading",
        "projects_intro",
        "more_info_heading",
        "more_info",
        "meta_description",
    )


@register(Country)
class CountryTranslationOptions(TranslationOptions):
    fields = ("name", "slug", "region", "situation")
    # An untranslated slug is NULL, so several untranslated rows don't collide.
    empty_values = {"slug": None}


@register(Project)
class ProjectTranslationOptions(TranslationOptions):
    fields = ("title", "slug", "summary", "body", "photo_alt", "photo_caption")
    empty_values = {"slug": None}


@register(Workshop)
class WorkshopTranslationOptions(TranslationOptions):
    fields = ("title", "description", "location", "photo_alt", "photo_caption")


@register(Video)
class VideoTranslationOptions(TranslationOptions):
    fields = ("title", "caption")


@register(ProjectLink)
class ProjectLinkTranslationOptions(TranslationOptions):
    fields = ("label", "url")
