"""The editorial desk.

Row-level rules live in ``get_queryset`` (``Article.objects.visible_to``) and in the
``has_*_permission(request, obj)`` hooks, so the changelist, change view, history,
delete view and autocomplete all obey them. Status changes only through
``articles.workflow``; the buttons here call it and report its refusals.
"""

import functools

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q
from django.http import Http404, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from articles import revisions, workflow
from articles.forms import ArticleAdminForm, TransitionForm
from articles.models import (
    Article,
    ArticleStatus,
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
from articles.views import article_response
from people.models import Correspondent, Source


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


class ArticleChildInline:
    """Inline rows follow the article: editable exactly when the article is."""

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and workflow.can_edit(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and workflow.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and workflow.can_edit(request.user, obj)


class BylineFormSet(forms.BaseInlineFormSet):
    """A correspondent cannot take their own name off a story (and so lose it)."""

    user = None

    def clean(self):
        super().clean()
        if self.user is None or workflow.is_editor(self.user):
            return
        kept = [
            form.cleaned_data.get("correspondent")
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if self.instance.pk and not any(c is not None and c.user_id == self.user.pk for c in kept):
            raise forms.ValidationError("Your own byline must stay on the article.")


class BylineInline(ArticleChildInline, admin.TabularInline):
    model = Byline
    formset = BylineFormSet
    extra = 0
    autocomplete_fields = ["correspondent"]
    fields = ["correspondent", "position", "author_line"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.user = request.user
        return formset


class CitationInline(ArticleChildInline, admin.StackedInline):
    model = Citation
    extra = 0
    autocomplete_fields = ["source", "organisation"]
    fields = [("source", "organisation"), "role", ("is_anonymous", "descriptor"), "quote", "position"]

    def get_formset(self, request, obj=None, **kwargs):
        # A correspondent may cite public sources and the confidential ones they added,
        # plus whatever the article already cites (a co-author's source keeps validating).
        formset = super().get_formset(request, obj, **kwargs)
        allowed = Source.objects.visible_to(request.user)
        if obj is not None and obj.pk:
            allowed = Source.objects.filter(Q(pk__in=allowed.values("pk")) | Q(citations__article=obj)).distinct()
        formset.form.base_fields["source"].queryset = allowed
        return formset


class CorrectionInline(ArticleChildInline, admin.TabularInline):
    model = Correction
    extra = 0
    fields = ["kind", "note", "published_at"]


class StateFilter(admin.SimpleListFilter):
    """Status, with "scheduled" and "live" told apart from plain "published"."""

    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            *ArticleStatus.choices[:4],
            ("scheduled", "Scheduled"),
            ("live", "Live"),
            (ArticleStatus.WITHDRAWN, ArticleStatus.WITHDRAWN.label),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "scheduled":
            return queryset.filter(pk__in=Article.objects.scheduled().values("pk"))
        if value == "live":
            return queryset.filter(pk__in=Article.objects.live().values("pk"))
        if value in ArticleStatus.values:
            return queryset.filter(status=value)
        return queryset


class CorrespondentFilter(admin.SimpleListFilter):
    title = "correspondent"
    parameter_name = "correspondent"

    def lookups(self, request, model_admin):
        return [(c.pk, str(c)) for c in Correspondent.objects.filter(bylines__isnull=False).distinct()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(pk__in=Byline.objects.filter(correspondent=self.value()).values("article"))
        return queryset


#: Session key holding an article form posted after the session expired.
STASH_KEY = "newsroom_unsaved_article"


def keep_unsaved_post(view):
    """Keep an article form posted with an expired session, to refill it after the login.

    The POST would otherwise be lost with the redirect to the login page. The words wait in
    the (new) session, which survives the login, and come back only on the same page.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST" and not (request.user.is_active and request.user.is_staff):
            data = {key: request.POST.getlist(key) for key in request.POST if key != "csrfmiddlewaretoken"}
            request.session[STASH_KEY] = {"path": request.path, "data": data}
        elif request.method == "GET" and request.user.is_active and request.user.is_staff:
            stash = request.session.get(STASH_KEY)
            if stash and stash.get("path") == request.path:
                del request.session[STASH_KEY]
                restored = QueryDict(mutable=True)
                for key, values in stash["data"].items():
                    restored.setlist(key, values)
                request.newsroom_stash = restored
        return view(request, *args, **kwargs)

    return wrapper


#: Buttons on the change form that act at once; the others open a page asking for a note or a time.
DIRECT_TRANSITIONS = {"submit", "approve", "publish", "republish", "cancel_schedule"}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    object_history_template = "admin/articles/article/object_history.html"
    list_display = ["headline", "state", "byline_names", "language", "programme", "publish_at", "updated_at"]
    list_select_related = ["programme"]
    search_fields = ["headline", "standfirst", "slug"]
    autocomplete_fields = ["countries", "programme", "lead_image"]
    readonly_fields = ["state", "return_note", "created_at", "updated_at", "version"]
    inlines = [BylineInline, CitationInline, CorrectionInline]
    actions = ["approve_selected", "publish_selected"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body", "base_version"]}),
        ("Filing", {"fields": ["language", "countries", "programme", "tags", "lead_image"]}),
        ("Status", {"fields": ["state", "return_note", "created_at", "updated_at", "version"]}),
    ]

    # --- who sees and changes what -------------------------------------------------

    def get_queryset(self, request):
        visible = Article.objects.visible_to(request.user).values("pk")
        return super().get_queryset(request).filter(pk__in=visible).prefetch_related("bylines__correspondent")

    def has_add_permission(self, request):
        if not super().has_add_permission(request):
            return False
        # A correspondent files under their own byline, so needs a correspondent profile.
        return workflow.is_editor(request.user) or Correspondent.objects.filter(user=request.user).exists()

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and workflow.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or workflow.can_delete(request.user, obj)

    def has_review_permission(self, request):
        return request.user.has_perm("articles.review_article")

    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_article")

    def get_list_filter(self, request):
        filters = [StateFilter, "language", "programme", "countries"]
        if workflow.is_editor(request.user):
            filters.insert(1, CorrespondentFilter)
        return filters

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return [fieldsets[0], fieldsets[1]]
        return fieldsets

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_live() else None

    # --- list columns and read-only fields --------------------------------------

    @admin.display(description="State", ordering="status")
    def state(self, obj):
        if obj.is_scheduled:
            return f"Scheduled for {timezone.localtime(obj.publish_at):%d %b %Y %H:%M}"
        return obj.get_status_display()

    @admin.display(description="Byline")
    def byline_names(self, obj):
        return ", ".join(str(b.correspondent) for b in obj.bylines.all())

    @admin.display(description="Editor's note")
    def return_note(self, obj):
        event = obj.events.filter(action="return").first() if obj.pk else None
        if event is None or obj.status != ArticleStatus.RETURNED:
            return "—"
        return format_html(
            "{}<br><small>{}</small>", event.comment, f"{timezone.localtime(event.created_at):%d %b %Y %H:%M}"
        )

    # --- saving: optimistic locking, bylines, revisions ---------------------------

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        stash = getattr(request, "newsroom_stash", None)
        if stash is None or request.method == "POST":
            return form_class

        class RestoredForm(form_class):
            """Bound to the words posted before the session expired; saved only when the author saves."""

            def __init__(self, *args, **kw):
                kw["data"] = stash
                super().__init__(*args, **kw)

        return RestoredForm

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        stash = getattr(request, "newsroom_stash", None)
        if stash is not None and request.method != "POST":
            kwargs["data"] = stash
        return kwargs

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            obj.save()
        # A change is saved in save_related, once we know whether the inlines changed.

    def save_related(self, request, form, formsets, change):
        article = form.instance
        if change and not (form.has_changed() or any(formset.has_changed() for formset in formsets)):
            # Nothing new (e.g. a workflow button pressed on an unchanged form): no new version.
            super().save_related(request, form, formsets, change)
            return
        if change:
            article.version = form.cleaned_data["base_version"] + 1
            article.save()
            if "slug" in form.changed_data:
                article.record_slug(form.initial.get("slug"))
        super().save_related(request, form, formsets, change)
        if not change:
            self._add_creator_byline(request, article)
        revisions.record_revision(article, by=request.user, comment="Edited" if change else "Created")

    def _add_creator_byline(self, request, article):
        """A correspondent who creates an article becomes its first byline."""
        correspondent = Correspondent.objects.filter(user=request.user).first()
        if correspondent is None or workflow.is_editor(request.user):
            return
        if not article.bylines.filter(correspondent=correspondent).exists():
            article.bylines.update(position=F("position") + 1)
            Byline.objects.create(article=article, correspondent=correspondent, position=0)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, Citation) and instance.pk is None:
                instance.added_by = request.user
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()

    # --- the change form: workflow panel and buttons --------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(
                transitions=workflow.available(obj, request.user),
                preview_url=reverse("admin:articles_article_preview", args=[obj.pk]),
                revisions_url=reverse("admin:articles_article_history", args=[obj.pk]),
                events=obj.events.select_related("actor")[:5],
                scheduled_for=obj.publish_at if obj.is_scheduled else None,
            )
        context["stash_restored"] = getattr(request, "newsroom_stash", None) is not None
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_change(self, request, obj):
        name = request.POST.get("_transition")
        if name in workflow.TRANSITIONS or name == "schedule":
            if name in DIRECT_TRANSITIONS:
                self._run_transition(request, obj, name, version=obj.version)
            else:
                target = "publish" if name == "schedule" else name
                return HttpResponseRedirect(reverse("admin:articles_article_transition", args=[obj.pk, target]))
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[obj.pk]))
        return super().response_change(request, obj)

    def _run_transition(self, request, article, name, *, version, comment="", at=None):
        transition = workflow.TRANSITIONS[name]
        calls = {
            "submit": lambda: workflow.submit(article, by=request.user, version=version),
            "return": lambda: workflow.return_to_author(article, by=request.user, note=comment, version=version),
            "approve": lambda: workflow.approve(article, by=request.user, version=version),
            "publish": lambda: workflow.publish(article, by=request.user, at=at, version=version),
            "reschedule": lambda: workflow.reschedule(article, by=request.user, at=at, version=version),
            "cancel_schedule": lambda: workflow.cancel_schedule(article, by=request.user, version=version),
            "withdraw": lambda: workflow.withdraw(article, by=request.user, reason=comment, version=version),
            "republish": lambda: workflow.republish(article, by=request.user, version=version),
        }
        try:
            calls[name]()
        except workflow.WorkflowError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return False
        if article.is_scheduled:
            when = timezone.localtime(article.publish_at)
            self.message_user(request, f"“{article}” is scheduled for {when:%d %b %Y at %H:%M}.", messages.SUCCESS)
        else:
            self.message_user(
                request,
                f"{transition.label}: done. “{article}” is now {article.get_status_display().lower()}.",
                messages.SUCCESS,
            )
        return True

    # --- extra admin pages -----------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("add/", keep_unsaved_post(view(self.add_view)), name="articles_article_add"),
            path("<path:object_id>/change/", keep_unsaved_post(view(self.change_view)), name="articles_article_change"),
            path("desk/", view(self.desk_view), name="articles_article_desk"),
            path("<path:object_id>/preview/", view(self.preview_view), name="articles_article_preview"),
            path(
                "<path:object_id>/transition/<str:name>/",
                view(self.transition_view),
                name="articles_article_transition",
            ),
            path(
                "<path:object_id>/revisions/compare/",
                view(self.compare_view),
                name="articles_article_compare",
            ),
            path(
                "<path:object_id>/revisions/<int:revision_id>/restore/",
                view(require_POST(self.restore_view)),
                name="articles_article_restore",
            ),
            *super().get_urls(),
        ]

    def _visible_or_404(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_view_or_change_permission(request, article):
            raise Http404("No such article.")
        return article

    def preview_view(self, request, object_id):
        """The article exactly as the public page renders it, for its authors and editors only."""
        return article_response(request, self._visible_or_404(request, object_id), preview=True)

    def transition_view(self, request, object_id, name):
        """A workflow step that needs a note or a time, confirmed on its own page."""
        article = self._visible_or_404(request, object_id)
        transition = workflow.TRANSITIONS.get(name)
        if transition is None:
            raise Http404("No such step.")
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        reason = workflow.refusal(transition, article, request.user)
        if reason:
            self.message_user(request, reason, messages.ERROR)
            return HttpResponseRedirect(change_url)
        if request.method == "POST":
            form = TransitionForm(request.POST, transition=transition)
            if form.is_valid():
                done = self._run_transition(
                    request,
                    article,
                    name,
                    version=form.cleaned_data["version"],
                    comment=form.cleaned_data.get("comment", ""),
                    at=form.cleaned_data.get("publish_at"),
                )
                if done:
                    return HttpResponseRedirect(change_url)
        else:
            initial = {"version": article.version}
            if name == "reschedule" and article.publish_at:
                initial["publish_at"] = timezone.localtime(article.publish_at)
            form = TransitionForm(initial=initial, transition=transition)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"{transition.label}: {article}",
            "article": article,
            "transition": transition,
            "form": form,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/articles/article/transition.html", context)

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        extra = {}
        if article is not None and self.has_view_or_change_permission(request, article):
            extra = {
                "events": article.events.select_related("actor"),
                "revisions": article.revisions.select_related("created_by"),
                "notifications": article.notifications.select_related("event"),
                "can_restore": request.user.has_perm("articles.review_article"),
                "article": article,
            }
        return super().history_view(request, object_id, extra_context={**extra, **(extra_context or {})})

    def compare_view(self, request, object_id):
        """A readable diff between two revisions (word by word for the text)."""
        article = self._visible_or_404(request, object_id)
        revs = article.revisions.select_related("created_by")
        try:
            old = get_object_or_404(revs, version=int(request.GET.get("a", "")))
            new = get_object_or_404(revs, version=int(request.GET.get("b", "")))
        except ValueError:
            raise Http404("Choose two revisions.") from None
        if old.version > new.version:
            old, new = new, old
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Changes from version {old.version} to {new.version}",
            "article": article,
            "old": old,
            "new": new,
            "rows": revisions.compare(old, new),
            "history_url": reverse("admin:articles_article_history", args=[article.pk]),
        }
        return TemplateResponse(request, "admin/articles/article/revision_compare.html", context)

    def restore_view(self, request, object_id, revision_id):
        """Editors bring back an earlier revision; it becomes a new revision."""
        article = self._visible_or_404(request, object_id)
        if not request.user.has_perm("articles.review_article"):
            raise PermissionDenied
        revision = get_object_or_404(article.revisions, pk=revision_id)
        try:
            new = revisions.restore(revision, by=request.user, version=int(request.POST.get("version", 0)))
        except workflow.WorkflowError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(
                request, f"Version {revision.version} restored as version {new.version}.", messages.SUCCESS
            )
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    def desk_view(self, request):
        """The desk: what waits for whom, with counts and links."""
        visible = self.get_queryset(request)
        now = timezone.now()
        changelist = reverse("admin:articles_article_changelist")
        mine = visible.filter(Q(bylines__correspondent__user=request.user) | Q(created_by=request.user)).distinct()
        queues = [
            ("Awaiting review", visible.filter(status=ArticleStatus.SUBMITTED), f"{changelist}?state=submitted"),
            (
                "Approved, not yet published",
                visible.filter(status=ArticleStatus.APPROVED),
                f"{changelist}?state=approved",
            ),
            (
                "Scheduled",
                visible.filter(pk__in=Article.objects.scheduled(at=now).values("pk")),
                f"{changelist}?state=scheduled",
            ),
            (
                "Returned to correspondents",
                visible.filter(status=ArticleStatus.RETURNED),
                f"{changelist}?state=returned",
            ),
            ("My drafts", mine.filter(status=ArticleStatus.DRAFT), f"{changelist}?state=draft"),
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "The desk",
            "queues": [
                {"title": title, "count": qs.count(), "items": list(qs.order_by("-updated_at")[:8]), "url": url}
                for title, qs, url in queues
            ],
        }
        return TemplateResponse(request, "admin/articles/article/desk.html", context)

    # --- bulk actions -------------------------------------------------------------------

    def _bulk(self, request, queryset, name, call):
        done, refused = 0, []
        for article in queryset:
            try:
                call(article)
                done += 1
            except workflow.WorkflowError as error:
                refused.append(f"“{article}”: {' '.join(error.messages)}")
        label = workflow.TRANSITIONS[name].label
        if done:
            self.message_user(request, f"{label}: {done} article(s).", messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.ERROR)

    @admin.action(description="Approve selected articles", permissions=["review"])
    def approve_selected(self, request, queryset):
        self._bulk(request, queryset, "approve", lambda a: workflow.approve(a, by=request.user))

    @admin.action(description="Publish selected articles now", permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, "publish", lambda a: workflow.publish(a, by=request.user))


class ArticleRecordAdmin(admin.ModelAdmin):
    """The record kept about articles (events, revisions, notifications): read-only, and only
    for articles the user may see."""

    def get_queryset(self, request):
        return super().get_queryset(request).filter(article__in=Article.objects.visible_to(request.user).values("pk"))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(WorkflowEvent)
class WorkflowEventAdmin(ArticleRecordAdmin):
    list_display = ["article", "action", "from_status", "to_status", "actor", "created_at"]
    list_filter = ["action"]
    search_fields = ["article__headline", "comment"]


@admin.register(Revision)
class RevisionAdmin(ArticleRecordAdmin):
    list_display = ["article", "version", "created_by", "created_at", "comment"]
    search_fields = ["article__headline"]
    exclude = ["data"]


@admin.register(Notification)
class NotificationAdmin(ArticleRecordAdmin):
    list_display = ["subject", "email", "article", "sent_at"]
    search_fields = ["subject", "email", "article__headline"]
    list_select_related = ["article"]
