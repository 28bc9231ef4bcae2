from django.contrib import admin

from editorial.admin import ContentAdmin

from .models import Leaflet


@admin.register(Leaflet)
class LeafletAdmin(ContentAdmin):
    fields = ["title", "body", "photo", "photo_alt", "photo_caption"]
