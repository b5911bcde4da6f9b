from django.contrib import admin
from django.utils.html import format_html

from articles.models import (
    Article,
    Byline,
    Citation,
    Correction,
    Country,
    Image,
    Notification,
    Programme,
    Region,
    Revision,
    WorkflowEvent,
)


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


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 0
    autocomplete_fields = ["correspondent"]


class CitationInline(admin.StackedInline):
    model = Citation
    extra = 0
    autocomplete_fields = ["source", "organisation"]
    fields = [("source", "organisation"), "role", ("is_anonymous", "descriptor"), "quote", "position"]


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "status", "language", "programme", "publish_at", "updated_at"]
    list_filter = ["status", "language", "programme", "countries"]
    search_fields = ["headline", "standfirst", "slug"]
    autocomplete_fields = ["countries", "programme", "lead_image"]
    readonly_fields = ["status", "publish_at", "created_at", "updated_at", "version"]
    inlines = [BylineInline, CitationInline, CorrectionInline]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body"]}),
        ("Filing", {"fields": ["language", "countries", "programme", "tags", "lead_image"]}),
        ("Status", {"fields": ["status", "publish_at", "created_at", "updated_at", "version"]}),
    ]


@admin.register(WorkflowEvent)
class WorkflowEventAdmin(admin.ModelAdmin):
    list_display = ["article", "action", "from_status", "to_status", "actor", "created_at"]
    list_filter = ["action"]
    search_fields = ["article__headline", "comment"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ["article", "version", "created_by", "created_at"]
    search_fields = ["article__headline"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "email", "article", "sent_at"]
    search_fields = ["subject", "email", "article__headline"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
