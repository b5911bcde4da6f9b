from django.contrib import admin
from django.utils.html import format_html

from people.models import Affiliation, Correspondent, Organisation, Source


@admin.register(Correspondent)
class CorrespondentAdmin(admin.ModelAdmin):
    list_display = ["name", "public_name_display", "role_title", "base_location", "user"]
    list_filter = ["is_pseudonym", "name_withheld"]
    search_fields = ["name", "byline_name", "withheld_label", "base_location"]
    autocomplete_fields = ["user"]
    readonly_fields = ["photo_preview"]
    fieldsets = [
        (None, {"fields": ["name", "user", "role_title", "base_location"]}),
        (
            "What the public sees",
            {
                "fields": [
                    "byline_name",
                    "is_pseudonym",
                    "name_withheld",
                    "withheld_label",
                    "slug",
                    "bio",
                    "photo",
                    "photo_preview",
                ]
            },
        ),
    ]

    @admin.display(description="Public byline")
    def public_name_display(self, obj):
        return obj.public_name

    @admin.display(description="Preview")
    def photo_preview(self, obj):
        if obj.photo:
            return format_html('<img src="{}" alt="" style="max-height:120px">', obj.photo.url)
        return "—"


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "acronym", "aliases"]
    autocomplete_fields = ["country"]
    prepopulated_fields = {}


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "confidential"]
    list_filter = ["confidential"]
    search_fields = ["name", "public_descriptor", "description"]
    inlines = [AffiliationInline]
    fields = ["name", "description", "confidential", "public_descriptor", "slug"]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)
