"""The insights app in the desk: policy pages and source profiles, kept by editors."""

from django.contrib import admin
from django.utils.translation import gettext_lazy

from insights.models import Policy, SourceProfile


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    """Editors reword the public policy pages; each kind is one page with a fixed address."""

    list_display = ["title", "kind", "updated_at", "updated_by"]
    readonly_fields = ["kind", "updated_at", "updated_by", "public_address"]
    fields = ["kind", "public_address", "title", "summary", "body", "updated_at", "updated_by"]

    @admin.display(description=gettext_lazy("Public address"))
    def public_address(self, obj):
        return obj.get_absolute_url() if obj.pk else "—"

    def has_add_permission(self, request):
        # One page per kind, made by the migration: editors change the wording, not the set of pages.
        return request.user.is_superuser and Policy.objects.count() < len(Policy.Kind)

    def get_readonly_fields(self, request, obj=None):
        return ["updated_at", "updated_by", "public_address"] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(SourceProfile)
class SourceProfileAdmin(admin.ModelAdmin):
    """Self-described gender of named sources, for the report only. Confidential sources are left out."""

    list_display = ["__str__", "gender", "updated_at"]
    autocomplete_fields = ["source"]
    fields = ["source", "gender"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "source":
            # The report never breaks confidential sources down, so the desk records nothing about them here.
            kwargs["queryset"] = db_field.remote_field.model.objects.public()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
