from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import models
from django.db.models import Q
from django.utils.html import format_html

from people.models import Affiliation, Correspondent, Organisation, Source
from people.roles import make_correspondent, make_editor

User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Superusers administer users; the role actions are theirs alone."""

    list_display = [*DjangoUserAdmin.list_display, "roles"]
    actions = ["make_correspondents", "make_editors"]

    @admin.display(description="Roles")
    def roles(self, obj):
        return ", ".join(group.name for group in obj.groups.all()) or "—"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def has_roles_permission(self, request):
        return request.user.is_superuser

    @admin.action(description="Make selected users correspondents", permissions=["roles"])
    def make_correspondents(self, request, queryset):
        for user in queryset:
            make_correspondent(user)
        self.message_user(request, f"{queryset.count()} user(s) are now correspondents.", messages.SUCCESS)

    @admin.action(description="Make selected users editors", permissions=["roles"])
    def make_editors(self, request, queryset):
        for user in queryset:
            make_editor(user)
        self.message_user(request, f"{queryset.count()} user(s) are now editors.", messages.SUCCESS)


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

    # Correspondents may look colleagues up (for co-bylines) but only by their public byline:
    # a pseudonymous colleague's real name and login stay with the desk.
    def _desk(self, request):
        return request.user.has_perm("people.change_correspondent")

    def get_list_display(self, request):
        return super().get_list_display(request) if self._desk(request) else ["public_name_display", "base_location"]

    def get_list_filter(self, request):
        return super().get_list_filter(request) if self._desk(request) else []

    def get_search_fields(self, request):
        return super().get_search_fields(request) if self._desk(request) else ["byline_name", "withheld_label"]

    def get_fieldsets(self, request, obj=None):
        if self._desk(request):
            return super().get_fieldsets(request, obj)
        return [(None, {"fields": ["public_name_display", "role_title", "base_location", "bio"]})]

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return readonly if self._desk(request) else [*readonly, "public_name_display"]

    def get_search_results(self, request, queryset, search_term):
        if self._desk(request) or not search_term:
            return super().get_search_results(request, queryset, search_term)
        # Searched as printed: a real name matches only where it is the public byline.
        term = search_term.strip()
        public = (
            Q(name_withheld=True, withheld_label__icontains=term)
            | Q(name_withheld=False) & ~Q(byline_name="") & Q(byline_name__icontains=term)
            | Q(name_withheld=False, byline_name="", name__icontains=term)
        )
        return queryset.filter(public), False

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
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
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
