from modeltranslation.translator import TranslationOptions, register

from .models import Leaflet


@register(Leaflet)
class LeafletTranslationOptions(TranslationOptions):
    fields = ("title", "body", "photo_alt", "photo_caption")
