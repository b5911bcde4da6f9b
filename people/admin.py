"""The people desk: users and roles, correspondents, organisations and sources.

Identities are encrypted at rest and found through their blind index; each look at a
protected identity (a confidential source, a pseudonymous or withheld correspondent) and
each change to one is recorded in the audit trail, and so is a refused attempt to reach
another person's source. Refusals answer 404 where the row may not even be known to exist,
403 where it is known; nothing changes. Error reports never carry an identity: the views
that receive one hide their POST data and every local variable from the report.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

from audit.log import record
from audit.models import AuditAction
from people import access, organisations
from people.models import Affiliation, Correspondent, Organisation, Source, can_confirm_organisations
from people.roles import make_correspondent, make_editor

User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Superusers administer users; the role actions are theirs alone."""

    list_display = [*DjangoUserAdmin.list_display, "roles"]
    actions = ["make_correspondents", "make_editors"]

    @admin.display(description=gettext_lazy("Roles"))
    def roles(self, obj):
        return ", ".join(group.name for group in obj.groups.all()) or "—"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def has_roles_permission(self, request):
        return request.user.is_superuser

    @admin.action(description=gettext_lazy("Make selected users correspondents"), permissions=["roles"])
    def make_correspondents(self, request, queryset):
        for user in queryset:
            make_correspondent(user)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%(count)d user is now a correspondent.", "%(count)d users are now correspondents.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=gettext_lazy("Make selected users editors"), permissions=["roles"])
    def make_editors(self, request, queryset):
        for user in queryset:
            make_editor(user)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%(count)d user is now an editor.", "%(count)d users are now editors.", count) % {"count": count},
            messages.SUCCESS,
        )


#: A source picker (autocomplete) offers at most this many matches: type more to narrow them.
AUTOCOMPLETE_MATCHES = 100

#: Matches of one search recorded one entry each; the rest go into one entry, by id.
SEARCH_RECORD_LIMIT = 200


class IdentityAdminMixin:
    """What the correspondent and source admins share: hidden rows answer 404, identities stay out of error reports.

    Subclasses say which POST fields carry an identity (``identity_fields``), whether an object's
    identity is protected (``is_protected``), and how a term matches through the blind index.
    """

    identity_fields = ()

    def is_protected(self, obj):
        raise NotImplementedError

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django's default sends a hidden or missing row to the admin index with "doesn't exist":
        # one 404 for both, so an id never tells whether a row is there.
        pk = self.model._meta.pk.to_python(unquote(object_id)) if str(object_id).isdigit() else None
        if pk is not None and self.model._default_manager.filter(pk=pk).exists():
            hidden = self.model._default_manager.get(pk=pk)
            record(AuditAction.ACCESS_REFUSED, request=request, target=hidden, detail={"path": request.path})
        raise Http404(gettext("No such record."))

    def refuse(self, request, obj, what):
        record(AuditAction.ACCESS_REFUSED, request=request, target=obj, detail={"action": what})
        raise PermissionDenied

    # Every frame below this view, the form's cleaning and the save included, is reported
    # without its local variables, and every POST value (inlines too) is starred.
    @method_decorator(sensitive_post_parameters())
    @method_decorator(sensitive_variables())
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if object_id is not None and request.method == "POST":
            obj = self.get_object(request, unquote(object_id))
            if obj is not None and not self.has_change_permission(request, obj):
                self.refuse(request, obj, "change")
        return super().changeform_view(request, object_id, form_url, extra_context)

    @method_decorator(sensitive_variables())
    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            # Django asks about the permission first: a hidden row would answer 403, a missing one 404.
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_delete_permission(request, obj):
            self.refuse(request, obj, "delete")
        return super().delete_view(request, object_id, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The page shows the identity: a first look (not a form sent back with errors) is recorded.
        if change and obj is not None and request.method == "GET" and self.shows_identity(request, obj):
            record(AuditAction.IDENTITY_VIEWED, request=request, target=obj, detail={"via": "change page"})
        return super().render_change_form(request, context, add, change, form_url, obj)

    def shows_identity(self, request, obj):
        return self.is_protected(obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        changed = sorted(set(form.changed_data) & {*self.identity_fields, *self.protection_fields})
        if changed and (self.is_protected(obj) or self.was_protected(form)):
            detail = {"fields": changed, "created": not change}
            record(AuditAction.IDENTITY_CHANGED, request=request, target=obj, detail=detail)

    def was_protected(self, form):
        return any(form.initial.get(field) for field in self.protection_fields)

    def blind_matches(self, request, queryset, search_term):
        """Rows matched through the blind index; the protected ones among them are recorded as seen."""
        matched = queryset.name_matches(search_term)
        protected = [obj for obj in matched.only("pk", *self.label_fields) if self.is_protected(obj)]
        for obj in protected[:SEARCH_RECORD_LIMIT]:
            record(AuditAction.IDENTITY_VIEWED, request=request, target=obj, detail={"via": "search"})
        if len(protected) > SEARCH_RECORD_LIMIT:
            # A trawl by a common word: one entry says how many more it matched, by id.
            rest = [obj.pk for obj in protected[SEARCH_RECORD_LIMIT:]]
            record(AuditAction.IDENTITY_VIEWED, request=request, detail={"via": "search", "more_ids": rest})
        return matched


@admin.register(Correspondent)
class CorrespondentAdmin(IdentityAdminMixin, admin.ModelAdmin):
    list_display = ["desk_name", "public_name_display", "role_title", "base_location", "user"]
    list_filter = ["is_pseudonym", "name_withheld"]
    search_fields = ["byline_name", "withheld_label", "base_location", "slug"]
    autocomplete_fields = ["user"]
    readonly_fields = ["photo_preview"]
    fieldsets = [
        (None, {"fields": ["name", "user", "role_title", "base_location"]}),
        (
            gettext_lazy("What the public sees"),
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
    identity_fields = ("name",)
    protection_fields = ("is_pseudonym", "name_withheld")
    label_fields = ("byline_name", "name_withheld", "withheld_label", "is_pseudonym")

    def is_protected(self, obj):
        return obj.is_protected

    # Correspondents may look colleagues up (for co-bylines) but only by their public byline:
    # a pseudonymous colleague's real name and login stay with the desk.
    def _desk(self, request):
        return request.user.has_perm("people.change_correspondent")

    def shows_identity(self, request, obj):
        return obj.is_protected and self._desk(request)

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
        if not search_term.strip():
            return super().get_search_results(request, queryset, search_term)
        if self._desk(request):
            clear, may_have_duplicates = super().get_search_results(request, queryset, search_term)
            return clear | self.blind_matches(request, queryset, search_term), may_have_duplicates
        # Searched as printed: a real name matches only where it is the public byline.
        term = search_term.strip()
        printed_under_real_name = Q(name_withheld=False, is_pseudonym=False, byline_name="")
        public = (
            Q(name_withheld=True, withheld_label__icontains=term)
            | Q(name_withheld=False) & ~Q(byline_name="") & Q(byline_name__icontains=term)
            | printed_under_real_name & Q(pk__in=queryset.name_matches(term).values("pk"))
        )
        return queryset.filter(public), False

    @admin.display(description=gettext_lazy("Name"))
    def desk_name(self, obj):
        # A protected real name shows on the change page only, where each look is recorded.
        return gettext("(protected: open to see)") if obj.is_protected else obj.name

    @admin.display(description=gettext_lazy("Public byline"))
    def public_name_display(self, obj):
        return obj.public_name

    @admin.display(description=gettext_lazy("Preview"))
    def photo_preview(self, obj):
        if obj.photo:
            return format_html('<img src="{}" alt="" style="max-height:120px">', obj.photo.url)
        return "—"


class AffiliationInline(admin.TabularInline):
    """A source's roles: what readers see of it, so locked like its public fields."""

    model = Affiliation
    extra = 0
    autocomplete_fields = ["organisation"]

    def _may_edit(self, request, obj):
        if obj is None:
            return True
        return access.can_change(request.user, obj) and not access.public_fields_locked(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._may_edit(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_edit(request, obj)


class MergeForm(forms.Form):
    """Which confirmed organisation the selected proposals are folded into."""

    into = forms.ModelChoiceField(
        queryset=Organisation.objects.confirmed(),
        label=gettext_lazy("Merge into"),
        help_text=gettext_lazy("The existing organisation that takes over their citations and affiliations."),
    )


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """Editors keep the list; a correspondent proposes organisations and corrects their own proposals."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "acronym", "kind", "country", "status"]
    list_filter = ["is_proposed", "kind", "country"]
    search_fields = ["name", "acronym", "aliases"]
    autocomplete_fields = ["country"]
    fields = ["name", "acronym", "aliases", "kind", "country", "website", "description", "is_proposed"]
    actions = ["confirm_selected", "merge_selected"]

    @admin.display(description=gettext_lazy("Status"), ordering="is_proposed")
    def status(self, obj):
        if obj.is_proposed:
            return format_html(gettext("<strong>Proposed</strong> by {}"), obj.proposed_by or gettext("a former user"))
        return gettext("Confirmed")

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user).select_related("country", "proposed_by")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not can_confirm_organisations(request.user):
            readonly.append("is_proposed")
        return readonly

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is None and not can_confirm_organisations(request.user):
            # A correspondent's new organisation is a proposal; the form says so instead of a box.
            fields = [f for f in fields if f != "is_proposed"]
        return fields

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or organisations.can_change(request.user, obj))

    def has_confirm_permission(self, request):
        return can_confirm_organisations(request.user)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not can_confirm_organisations(request.user):
            actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        organisations.propose(obj, by=request.user)
        super().save_model(request, obj, form, change)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if add and not can_confirm_organisations(request.user):
            context["subtitle"] = gettext(
                "You can cite it on your own drafts at once; it appears on the public site once an editor confirms it."
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.action(
        description=gettext_lazy("Confirm selected organisations (make them public)"), permissions=["confirm"]
    )
    def confirm_selected(self, request, queryset):
        confirmed = 0
        for organisation in queryset.filter(is_proposed=True):
            organisations.confirm(organisation, by=request.user)
            self.log_change(request, organisation, "Confirmed the proposed organisation.")
            confirmed += 1
        self.message_user(
            request,
            ngettext("%(count)d organisation confirmed.", "%(count)d organisations confirmed.", confirmed)
            % {"count": confirmed},
            messages.SUCCESS,
        )

    @admin.action(
        description=gettext_lazy("Merge selected proposals into an existing organisation…"), permissions=["confirm"]
    )
    def merge_selected(self, request, queryset):
        proposals = list(queryset.filter(is_proposed=True))
        form = MergeForm(request.POST if "into" in request.POST else None)
        if not proposals:
            self.message_user(request, gettext("Select proposed organisations to merge."), messages.WARNING)
            return None
        if form.is_bound and form.is_valid():
            into = form.cleaned_data["into"]
            moved = 0
            for proposal in proposals:
                try:
                    moved += organisations.merge(proposal, into=into, by=request.user)
                except ValidationError as error:
                    self.message_user(request, " ".join(error.messages), messages.ERROR)
            self.log_change(request, into, f"Merged {len(proposals)} proposed organisation(s) into it.")
            self.message_user(
                request,
                ngettext(
                    "Merged into “%(name)s”; %(count)d citation or affiliation moved.",
                    "Merged into “%(name)s”; %(count)d citations and affiliations moved.",
                    moved,
                )
                % {"name": into.name, "count": moved},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Merge proposed organisations"),
            "opts": self.opts,
            "proposals": proposals,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/people/organisation/merge.html", context)


class SourceChangeList(ChangeList):
    """The list shows a descriptor or a name per row: the other secrets are not even decrypted."""

    def get_queryset(self, request, exclude_parameters=None):
        return super().get_queryset(request, exclude_parameters).defer("description", "contact", "private_notes")


@admin.register(Source)
class SourceAdmin(IdentityAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "confidential"]
    list_filter = ["confidential"]
    # Names are encrypted: found through the blind index (see get_search_results); a named
    # source's slug, made from the name, still gives a search by part of a name.
    search_fields = ["public_descriptor", "slug"]
    inlines = [AffiliationInline]
    fields = ["name", "description", "contact", "private_notes", "confidential", "public_descriptor", "slug"]
    identity_fields = Source.IDENTITY_FIELDS
    protection_fields = ("confidential",)
    label_fields = ("confidential", "public_descriptor")

    def is_protected(self, obj):
        return obj.confidential

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def get_changelist(self, request, **kwargs):
        return SourceChangeList

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is not None and not access.can_change(request.user, obj):
            # Another correspondent's named source: its public face, never how to reach them.
            fields = [f for f in fields if f not in ("contact", "private_notes")]
        return fields

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and access.public_fields_locked(request.user, obj):
            readonly += [f for f in access.PUBLIC_FIELDS if f not in readonly]
        return readonly

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or access.can_change(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or access.can_change(request.user, obj))

    def get_search_results(self, request, queryset, search_term):
        clear, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if not search_term.strip():
            return clear, may_have_duplicates
        found = clear | self.blind_matches(request, queryset, search_term)
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name == "autocomplete":
            # A picker shows the first matches: one bounded read of ids, so its count and page
            # do not each scan every source for a common fragment ("ali").
            ids = found.order_by().values_list("pk", flat=True)[:AUTOCOMPLETE_MATCHES]
            return queryset.filter(pk__in=list(ids)), False
        return found, may_have_duplicates

    def save_model(self, request, obj, form, change):
        if not change:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)
