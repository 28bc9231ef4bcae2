from modeltranslation.translator import TranslationOptions, register

from .models import (
    CallToAction,
    Country,
    OverviewPage,
    Project,
    ProjectLink,
    Result,
    Video,
    Workshop,
)


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
    fields = (
        "name",
        "name_with_article",
        "slug",
        "region",
        "situation",
        "photo_alt",
        "photo_caption",
    )
    # An untranslated slug is NULL, so several untranslated rows don't collide.
    empty_values = {"slug": None}


@register(Project)
class ProjectTranslationOptions(TranslationOptions):
    fields = ("title", "slug", "summary", "body", "funding_text", "photo_alt", "photo_caption")
    empty_values = {"slug": None}


@register(Workshop)
class WorkshopTranslationOptions(TranslationOptions):
    fields = ("title", "description", "location", "report_label", "photo_alt", "photo_caption")


@register(Video)
class VideoTranslationOptions(TranslationOptions):
    fields = ("title", "caption")


@register(ProjectLink)
class ProjectLinkTranslationOptions(TranslationOptions):
    fields = ("label", "url")


@register(CallToAction)
class CallToActionTranslationOptions(TranslationOptions):
    fields = ("heading", "text", "button_label", "url", "photo_alt", "photo_caption")


@register(Result)
class ResultTranslationOptions(TranslationOptions):
    fields = ("statement", "unit")
