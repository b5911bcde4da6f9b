"""Admin for the taxonomy: regions, countries, programmes, and topics (with merging)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext, gettext_lazy, ngettext
from taggit.models import Tag

from articles import topics, workflow
from articles.models import Country, Language, Programme, Region

# taggit registers a plain admin for its tags; the desk's topic admin (below) replaces it.
if admin.site.is_registered(Tag):
    admin.site.unregister(Tag)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "iso_code", "region"]
    list_filter = ["region"]
    search_fields = ["name", "iso_code", "aliases"]


class ProgrammeForm(forms.ModelForm):
    """A programme, with the languages it publishes in ticked from the article languages."""

    languages = forms.MultipleChoiceField(
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Languages"),
        help_text=gettext_lazy(
            "The languages the programme publishes in. The translations page lists each story of the "
            "programme that has no translation in one of them."
        ),
    )

    class Meta:
        model = Programme
        fields = ["name", "slug", "description", "languages"]

    def clean_languages(self):
        """Kept in the list's order, each once, so the desk reads them the same way everywhere."""
        chosen = set(self.cleaned_data.get("languages") or [])
        return [code for code in Language.values if code in chosen]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    form = ProgrammeForm
    list_display = ["name", "slug", "language_list"]
    search_fields = ["name"]

    @admin.display(description=gettext_lazy("Languages"))
    def language_list(self, obj):
        return ", ".join(Language(code).label for code in obj.languages or [] if code in Language.values) or "—"


@admin.register(Tag)
class TopicAdmin(admin.ModelAdmin):
    """Topics (taggit's tags) as the desk sees them: editors rename, delete and merge them.

    Correspondents never open this page; the article form's chips ask ``suggest/``, which offers
    each user only the topics ``articles.topics`` lets them see.
    """

    list_display = ["name", "slug", "article_count"]
    search_fields = ["name"]
    ordering = ["name"]
    actions = ["merge_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("taggit_taggeditem_items"))

    @admin.display(description=gettext_lazy("Articles"), ordering="article_count")
    def article_count(self, obj):
        return obj.article_count

    # Editors look after the topics; the groups carry no taggit permissions, so ask the desk's own.
    def _is_desk_editor(self, request):
        return request.user.is_active and (request.user.is_superuser or workflow.is_editor(request.user))

    def has_module_permission(self, request):
        return self._is_desk_editor(request)

    def has_view_permission(self, request, obj=None):
        return self._is_desk_editor(request)

    def has_change_permission(self, request, obj=None):
        return self._is_desk_editor(request)

    def has_delete_permission(self, request, obj=None):
        return self._is_desk_editor(request)

    def has_add_permission(self, request):
        return self._is_desk_editor(request)

    def has_merge_permission(self, request):
        return self._is_desk_editor(request)

    def get_urls(self):
        suggest = path("suggest/", self.admin_site.admin_view(self.suggest_view), name="taggit_tag_suggest")
        return [suggest, *super().get_urls()]

    def suggest_view(self, request):
        """Topic names for the chips widget: anyone who may write articles, scoped by ``topics_visible_to``."""
        if not (request.user.has_perm("articles.add_article") or request.user.has_perm("articles.change_article")):
            raise PermissionDenied
        response = JsonResponse({"results": topics.suggest(request.user, request.GET.get("q", ""))})
        response["Cache-Control"] = "private, no-store"
        return response

    @admin.action(description=gettext_lazy("Merge selected topics into one…"), permissions=["merge"])
    def merge_selected(self, request, queryset):
        """Pick the topic to keep; every article of the others gets it, and the others are deleted."""
        chosen = list(queryset.order_by("name"))
        if len(chosen) < 2:
            self.message_user(request, gettext("Select at least two topics to merge."), messages.WARNING)
            return None
        form = MergeTopicsForm(request.POST if "merge_into" in request.POST else None, topics=queryset)
        if form.is_valid():
            target = form.cleaned_data["merge_into"]
            others = [topic for topic in chosen if topic.pk != target.pk]
            names = ", ".join(f"“{topic.name}”" for topic in others)
            moved = topics.merge_topics(target, others)
            self.log_change(request, target, f"Merged {names} into this topic ({len(moved)} articles).")
            self.message_user(
                request,
                ngettext(
                    "Merged %(names)s into “%(target)s”: %(count)d article now carries it.",
                    "Merged %(names)s into “%(target)s”: %(count)d articles now carry it.",
                    len(moved),
                )
                % {"names": names, "target": target.name, "count": len(moved)},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Merge topics"),
            "opts": self.opts,
            "form": form,
            "topics": chosen,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/taggit/tag/merge.html", context)


class MergeTopicsForm(forms.Form):
    merge_into = forms.ModelChoiceField(
        queryset=Tag.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        label=gettext_lazy("Keep this topic"),
        help_text=gettext_lazy(
            "Every article tagged with one of the other selected topics gets this one; the others are deleted."
        ),
    )

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["merge_into"].queryset = topics.order_by("name")
