from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from content.history import HistoryAdmin
from translations.admin import TranslationWorkflowMixin

from .models import Leaflet


@admin.register(Leaflet)
class LeafletAdmin(HistoryAdmin, TranslationWorkflowMixin, TabbedTranslationAdmin):
    fields = ["title", "body", "photo", "photo_alt", "photo_caption"]
