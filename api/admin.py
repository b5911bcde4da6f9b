"""The desk's page for partner API keys: superusers only (a key is an agreement with another
organisation, like a user account). A key is shown once, on the page that answers its creation,
and never again; keys are revoked, not deleted, so the audit trail keeps pointing at them."""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy, ngettext

from api import keys
from api.models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["partner", "prefix", "rate_limit", "created_at", "last_used_at", "state"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["partner", "prefix"]
    fields = ["partner", "rate_limit", "note", "prefix", "created_at", "created_by", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "created_at", "created_by", "last_used_at", "revoked_at"]
    actions = ["revoke_selected"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.display(description=gettext_lazy("State"), boolean=False)
    def state(self, obj):
        if obj.is_active:
            return gettext("Active")
        return gettext("Revoked %(date)s") % {"date": date_format(obj.revoked_at, "d M Y")}

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        key, token = keys.issue(
            partner=obj.partner, rate_limit=obj.rate_limit, note=obj.note, by=request.user, request=request
        )
        obj.pk, obj.prefix, obj.hashed_key = key.pk, key.prefix, key.hashed_key
        request.newsroom_new_api_key = token

    def response_add(self, request, obj, post_url_continue=None):
        # Rendered directly, never redirected: the key goes into no session, message or log.
        token = getattr(request, "newsroom_new_api_key", None)
        if token is None:
            return super().response_add(request, obj, post_url_continue)
        context = {**self.admin_site.each_context(request), "opts": self.opts, "key": obj, "token": token,
                   "title": gettext("New key for %(partner)s") % {"partner": obj.partner}}  # fmt: skip
        response = TemplateResponse(request, "admin/api/apikey/created.html", context)
        response["Cache-Control"] = "private, no-store"
        return response

    @admin.action(description=gettext_lazy("Revoke selected keys (their next request gets 401)"))
    def revoke_selected(self, request, queryset):
        revoked = sum(keys.revoke(key, by=request.user, request=request) for key in queryset)
        self.message_user(
            request,
            ngettext("Revoked %(count)d key.", "Revoked %(count)d keys.", revoked) % {"count": revoked},
            messages.SUCCESS,
        )
