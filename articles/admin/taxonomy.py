"""Admin for the taxonomy (regions, countries, programmes) and the image library."""

import functools

from django.contrib import admin
from django.db import transaction
from django.utils.html import format_html

from articles import renditions
from articles.models import Country, Image, Programme, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "iso_code", "region"]
    list_filter = ["region"]
    search_fields = ["name", "iso_code"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["thumbnail", "alt_text", "credit", "width", "height", "created_at"]
    search_fields = ["alt_text", "caption", "credit"]
    readonly_fields = ["preview", "width", "height"]
    fields = ["file", "preview", "alt_text", "caption", "credit", "width", "height"]

    @admin.display(description="Image")
    def thumbnail(self, obj):
        return format_html('<img src="{}" alt="" style="max-height:48px">', obj.file.url) if obj.file else "—"

    @admin.display(description="Preview")
    def preview(self, obj):
        return format_html('<img src="{}" alt="" style="max-height:240px">', obj.file.url) if obj.file else "—"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
        if change and "file" in form.changed_data:
            renditions.discard(obj)
        # Make the responsive copies now, after the commit, so no reader's request has to
        # encode them (and public GETs stay read-only, ready for a read replica).
        transaction.on_commit(functools.partial(renditions.renditions_for, obj))
