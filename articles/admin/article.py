"""The article admin: who sees and changes what, the form, and saving without lost edits.

A save either keeps everything (the article, every inline, its revision) or nothing; when the
database refuses part of it, the author gets the form back with their text and a sentence
saying what failed, never an error page.
"""

import logging

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, IntegrityError, OperationalError, models, transaction
from django.db.models import F, Q
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy, gettext_noop

from articles import autosave, media, revisions, stash, translations, workflow
from articles.admin.changelist import ArticleList
from articles.admin.desk import DeskPages
from articles.admin.review import ReviewPages
from articles.admin.translations import TranslationPages
from articles.forms import ArticleAdminForm
from articles.models import Article, ArticleStatus, Byline, Citation, Correction, NotificationStatus
from audit.refusals import RefuseUnseenRows
from people.models import Correspondent, Organisation, Source

logger = logging.getLogger(__name__)

#: How often a create retries when concurrent saves keep taking the slug it was given.
SLUG_ATTEMPTS = 20


class SaveFailed(Exception):
    """A save the database refused part-way; it was rolled back and the form is shown again."""

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.message, self.field = message, field


class ArticleChildInline:
    """Inline rows follow the article: editable exactly when the article is."""

    #: The columns' headings in the desk's language (naming the models' fields would need a migration).
    labels = {}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and db_field.name in self.labels:
            formfield.label = self.labels[db_field.name]
        return formfield

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and workflow.can_edit(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and workflow.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and workflow.can_edit(request.user, obj)


class BylineFormSet(forms.BaseInlineFormSet):
    """Bylines are the desk's to give: a correspondent changes only their own line.

    They cannot add a colleague, remove one, or put someone else's name or author line on a
    story (an editor does that, so nobody is credited without the desk agreeing), and they
    cannot take their own name off it (and so lose the story).
    """

    user = None

    def clean(self):
        super().clean()
        if self.user is None or workflow.is_editor(self.user):
            return
        for form in self.forms:
            if form.has_changed() and not self._touches_only_own_line(form):
                raise forms.ValidationError(
                    gettext("Only an editor can add, remove or change a colleague's byline; ask the desk."),
                    code="colleague_byline",
                )
        kept = [
            form.cleaned_data.get("correspondent")
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if self.instance.pk and not any(c is not None and c.user_id == self.user.pk for c in kept):
            raise forms.ValidationError(gettext("Your own byline must stay on the article."))

    def _touches_only_own_line(self, form):
        """Whether the change in ``form`` concerns the user's own byline (or only reorders a line)."""
        mine = {self.user.pk}
        before = form.instance.correspondent.user_id if form.instance.pk else None
        after = form.cleaned_data.get("correspondent")
        after = after.user_id if after is not None else None
        if form.instance.pk is None:
            return after in mine
        if form.cleaned_data.get("DELETE") or set(form.changed_data) - {"position"}:
            return before in mine and after in mine
        return True


class BylineForm(forms.ModelForm):
    """A byline line; a page that does not send the role (opened before roles existed) keeps the line's."""

    class Meta:
        model = Byline
        fields = ["correspondent", "role", "position", "author_line"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "role" in self.fields and self.is_bound and self.add_prefix("role") not in self.data:
            self.fields["role"].disabled = True


class BylineInline(ArticleChildInline, admin.TabularInline):
    model = Byline
    form = BylineForm
    formset = BylineFormSet
    extra = 0
    autocomplete_fields = ["correspondent"]
    fields = ["correspondent", "role", "position", "author_line"]
    labels = {
        "correspondent": gettext_lazy("Correspondent"),
        "role": gettext_lazy("Role"),
        "position": gettext_lazy("Position"),
        "author_line": gettext_lazy("Author line"),
    }

    def has_add_permission(self, request, obj=None):
        # A correspondent's own byline is added when they create the story; any other is the desk's.
        return super().has_add_permission(request, obj) and workflow.is_editor(request.user)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.user = request.user
        return formset


class QuoteWidget(forms.Textarea):
    """The quoted words, folded away under a toggle so a citation takes one line until opened."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"rows": 3, "cols": 40, **(attrs or {})})

    def render(self, name, value, attrs=None, renderer=None):
        area = super().render(name, value, attrs, renderer)
        label = gettext("Quote ✓") if value else gettext("Add quote")
        return format_html('<details class="citation-quote"><summary>{}</summary>{}</details>', label, area)


class CitationInline(ArticleChildInline, admin.TabularInline):
    """One line per citation: who (a source, an organisation or both), their role then, anonymity, the quote."""

    model = Citation
    extra = 0
    autocomplete_fields = ["source", "organisation"]
    fields = ["source", "organisation", "role", "is_anonymous", "descriptor", "quote", "position"]
    labels = {
        "source": gettext_lazy("Source"),
        "organisation": gettext_lazy("Organisation"),
        "role": gettext_lazy("Role"),
        "is_anonymous": gettext_lazy("Is anonymous"),
        "descriptor": gettext_lazy("Descriptor"),
        "quote": gettext_lazy("Quote"),
        "position": gettext_lazy("Position"),
    }
    classes = ["citations-compact"]
    formfield_overrides = {
        models.CharField: {"widget": forms.TextInput(attrs={"size": 18})},
        models.TextField: {"widget": QuoteWidget},
        models.PositiveSmallIntegerField: {"widget": forms.NumberInput(attrs={"class": "citation-position"})},
    }

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in ("source", "organisation") and formfield is not None:
            # Only "+" beside the picker: a new source or organisation in a popup, the line stays short.
            formfield.widget.can_change_related = False
            formfield.widget.can_delete_related = False
            formfield.widget.can_view_related = False
        return formfield

    def get_formset(self, request, obj=None, **kwargs):
        # A correspondent may cite public sources and the confidential ones they added, confirmed
        # organisations and those they proposed, plus whatever the article already cites (a
        # co-author's source or proposal keeps validating).
        formset = super().get_formset(request, obj, **kwargs)
        sources = Source.objects.visible_to(request.user)
        organisations = Organisation.objects.visible_to(request.user)
        if obj is not None and obj.pk:
            sources = Source.objects.filter(Q(pk__in=sources.values("pk")) | Q(citations__article=obj)).distinct()
            organisations = Organisation.objects.filter(
                Q(pk__in=organisations.values("pk")) | Q(citations__article=obj)
            ).distinct()
        formset.form.base_fields["source"].queryset = sources
        formset.form.base_fields["organisation"].queryset = organisations
        return formset


class CorrectionInline(ArticleChildInline, admin.TabularInline):
    model = Correction
    extra = 0
    fields = ["kind", "note", "published_at"]
    labels = {"kind": gettext_lazy("Kind"), "note": gettext_lazy("Note"), "published_at": gettext_lazy("Published at")}


#: Buttons on the change form that act at once; the others open a page asking for a note or a time.
DIRECT_TRANSITIONS = {"submit", "approve", "publish", "republish", "cancel_schedule"}


@admin.register(Article)
class ArticleAdmin(RefuseUnseenRows, TranslationPages, ReviewPages, DeskPages, ArticleList, admin.ModelAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    object_history_template = "admin/articles/article/object_history.html"
    autocomplete_fields = ["countries", "programme", "lead_image", "translation_of"]
    readonly_fields = ["state", "return_note", "created_at", "updated_at", "version"]
    inlines = [BylineInline, CitationInline, CorrectionInline]
    actions = ["approve_selected", "publish_selected"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body", "base_version"]}),
        (
            gettext_lazy("Filing"),
            {"fields": ["language", "translation_of", "countries", "programme", "tags", "lead_image", "licence"]},
        ),
        # The panel above the form shows the status; the details wait under a toggle.
        (
            gettext_lazy("Status"),
            {"classes": ["collapse"], "fields": ["state", "return_note", "created_at", "updated_at", "version"]},
        ),
    ]

    # --- who sees and changes what -------------------------------------------------

    def get_queryset(self, request):
        visible = Article.objects.visible_to(request.user)
        queryset = super().get_queryset(request)
        if visible.query.has_filters():
            # Narrowed (a correspondent's own stories): keep those, by ANDing visible_to's own
            # condition in (no second pass over the article table by primary key). Unnarrowed (an
            # editor sees everything): no self-join, so the list stays an index walk at any size.
            queryset = queryset & visible
        return queryset.prefetch_related("bylines__correspondent")

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

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not workflow.is_editor(request.user):
            # Linking stories as translations is the desk's; a translator starts one from its original.
            filing = fieldsets[1]
            fields = [field for field in filing[1]["fields"] if field != "translation_of"]
            fieldsets = [fieldsets[0], (filing[0], {**filing[1], "fields": fields}), *fieldsets[2:]]
        if obj is None:
            writing = fieldsets[0]
            if self._files_under_own_byline(request):
                # The author line goes on their byline, made when the story is first saved.
                writing = (writing[0], {**writing[1], "fields": [*writing[1]["fields"], "author_line"]})
            return [writing, fieldsets[1]]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        # Republication terms are the desk's agreement with partners, not the author's to set.
        fields = super().get_readonly_fields(request, obj)
        return fields if workflow.is_editor(request.user) else [*fields, "licence"]

    def _files_under_own_byline(self, request):
        """Whether a new article by ``request.user`` gets their byline (a correspondent, not an editor)."""
        return not workflow.is_editor(request.user) and Correspondent.objects.filter(user=request.user).exists()

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        if obj is None and not workflow.is_editor(request.user):
            # Their own byline is made on the first save; the form says so instead of an empty table.
            inlines = [inline for inline in inlines if not isinstance(inline, BylineInline)]
        return inlines

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_live() else None

    # --- list columns and read-only fields --------------------------------------

    @admin.display(description=gettext_lazy("Editor's note"))
    def return_note(self, obj):
        event = obj.events.filter(action="return").first() if obj.pk else None
        if event is None or obj.status != ArticleStatus.RETURNED:
            return "—"
        return format_html(
            "{}<br><small>{}</small>", event.comment, date_format(timezone.localtime(event.created_at), "d M Y H:i")
        )

    # --- saving: optimistic locking, bylines, revisions ---------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """Add or change; a save refused part-way is rolled back and the form shown again with its text."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DatabaseError as error:
            part = getattr(request, "newsroom_saving", None)
            if part is None:
                raise  # not a save: the database is down or broken, which is no form error
            logger.exception("Saving an article failed at %s; rolled back", part)
            failure = SaveFailed(
                gettext(
                    "Nothing was saved: the database refused %(part)s (%(why)s). "
                    "Your text is still in the form below: check it and press Save again."
                )
                % {"part": part, "why": _in_words(error)}
            )
        except SaveFailed as refused:
            failure = refused
        # A success message queued before the failure would now be untrue.
        for _ in messages.get_messages(request):
            pass
        request.newsroom_saving = None
        request.newsroom_save_failure = failure
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        if "lead_image" in form_class.base_fields:
            # Checked on the server too: a forged id of someone else's image is "not a valid choice".
            form_class.base_fields["lead_image"].queryset = media.pickable_for(request.user, obj)
        if "translation_of" in form_class.base_fields:
            form_class.base_fields["translation_of"].queryset = Article.objects.visible_to(request.user)
        failure = getattr(request, "newsroom_save_failure", None)
        if failure is not None:

            class RefusedForm(form_class):
                """The posted form again, carrying why the save was refused."""

                def clean(self):
                    cleaned = super().clean()
                    self.add_error(failure.field, failure.message)
                    return cleaned

            return RefusedForm
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
        request.newsroom_saving = gettext("the article")
        if not change:
            obj.created_by = request.user
            if "translation_of" in form.changed_data:
                translations.follow(obj, obj.translation_of)
            self._save_article(obj, form)
        # A change is saved in save_related, once we know whether the inlines changed.

    def _save_article(self, article, form):
        """Save the article row. A slug taken meanwhile by a concurrent save becomes the next free
        one when it came from the headline, and a form error when the author typed it."""
        from_headline = not form.data.get("slug", "").strip()
        for _ in range(SLUG_ATTEMPTS):
            try:
                with transaction.atomic():
                    article.save()
                return
            except IntegrityError:
                if not Article.objects.filter(slug=article.slug).exclude(pk=article.pk).exists():
                    raise
                if not from_headline:
                    raise SaveFailed(
                        gettext(
                            "The address “%(slug)s” was taken by another article a moment ago. "
                            "Nothing was saved and your text is still in the form: choose another address, "
                            "or leave it empty to have one made from the headline."
                        )
                        % {"slug": article.slug},
                        field="slug",
                    ) from None
                article.slug = article.slug_for(article.headline)
        raise SaveFailed(
            gettext("Nothing was saved: many articles were taking this address at once. Press Save again.")
        )

    def save_related(self, request, form, formsets, change):
        article = form.instance
        if change:
            self.mark_translation_from_post(request, article)
        if change and not (form.has_changed() or any(formset.has_changed() for formset in formsets)):
            # Nothing new (e.g. a workflow button pressed on an unchanged form): no new version.
            super().save_related(request, form, formsets, change)
            return
        if change:
            article.version = form.cleaned_data["base_version"] + 1
            if "translation_of" in form.changed_data:
                translations.follow(article, article.translation_of)
            self._save_article(article, form)
            if "slug" in form.changed_data:
                article.record_slug(form.initial.get("slug"))
        super().save_related(request, form, formsets, change)
        if not change:
            request.newsroom_saving = gettext("the bylines")
            self._add_creator_byline(request, article, form.cleaned_data.get("author_line", ""))
            # The draft autosave kept for the add page is an article now.
            stash.drop(request, reverse("admin:articles_article_add"))
        request.newsroom_saving = gettext("the revision")
        # Kept in the record's language; the history page translates it.
        revisions.record_revision(
            article, by=request.user, comment=gettext_noop("Edited") if change else gettext_noop("Created")
        )
        request.newsroom_saving = gettext("the save")

    def _add_creator_byline(self, request, article, author_line=""):
        """A correspondent who creates an article becomes its first byline (with the author line they typed)."""
        correspondent = Correspondent.objects.filter(user=request.user).first()
        if correspondent is None or workflow.is_editor(request.user):
            return
        if not article.bylines.filter(correspondent=correspondent).exists():
            article.bylines.update(position=F("position") + 1)
            Byline.objects.create(article=article, correspondent=correspondent, position=0, author_line=author_line)

    def save_formset(self, request, form, formset, change):
        request.newsroom_saving = gettext("the %(rows)s") % {"rows": formset.model._meta.verbose_name_plural}
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
        editable = obj is None or self.has_change_permission(request, obj)
        context.update(
            autosave_url=(
                (
                    reverse("admin:articles_article_autosave", args=[obj.pk])
                    if obj
                    else reverse("admin:articles_article_add_autosave")
                )
                if editable
                else ""
            ),
            autosave_seconds=settings.NEWSROOM_AUTOSAVE_SECONDS,
        )
        if add:
            me = Correspondent.objects.filter(user=request.user).first()
            context["byline_note"] = (
                gettext("You (%(name)s) will be the byline. An editor adds co-authors after the first save.")
                % {"name": me.public_name}
                if self._files_under_own_byline(request)
                else gettext("Add the bylines below: the correspondents credited on this story, in print order.")
            )
        if obj is not None:
            context.update(
                transitions=workflow.available(obj, request.user),
                preview_url=reverse("admin:articles_article_preview", args=[obj.pk]),
                revisions_url=reverse("admin:articles_article_history", args=[obj.pk]),
                events=obj.events.select_related("actor")[:5],
                scheduled_for=obj.publish_at if obj.is_scheduled else None,
                proposed_cited=list(Organisation.objects.filter(citations__article=obj, is_proposed=True).distinct()),
                **self.translation_context(request, obj, editable=editable),
                undelivered=(
                    list(obj.notifications.filter(status=NotificationStatus.FAILED)[:5])
                    if workflow.is_editor(request.user)
                    else []
                ),
            )
        stash = getattr(request, "newsroom_stash", None)
        context["stash_restored"] = stash.reason if stash is not None else ""
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- autosave: the words every half minute, never over a newer save -------------

    def get_urls(self):
        view = self.admin_site.admin_view(self.autosave_view)

        def autosave_or_keep(request, object_id=None):
            # A session that expired mid-sentence: the words wait in the new session for the
            # form's page (as a Save would), instead of vanishing behind the login redirect.
            if not (request.user.is_active and request.user.is_staff):
                page = (
                    reverse("admin:articles_article_change", args=[object_id])
                    if object_id
                    else reverse("admin:articles_article_add")
                )
                if request.method == "POST":
                    stash.keep(request, "expired", path=page)
                return JsonResponse(
                    {"error": gettext("You were logged out. Your words are kept: log in again and reopen this page.")},
                    status=401,
                )
            return view(request, object_id)

        return [
            path("add/autosave/", autosave_or_keep, name="articles_article_add_autosave"),
            path("<path:object_id>/autosave/", autosave_or_keep, name="articles_article_autosave"),
            *super().get_urls(),
        ]

    def autosave_view(self, request, object_id=None):
        """POST the open form: a new article's is kept in the session, an existing one's words are saved.

        Answers JSON: ``{"version": n}``, or ``{"error": sentence}`` with 409 for a newer save by
        someone else (nothing written) and 400 for words the form would refuse.
        """
        if request.method != "POST":
            return JsonResponse({"error": gettext("Autosave takes a POST.")}, status=405)
        if object_id is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            stash.keep(request, "autosaved", path=reverse("admin:articles_article_add"))
            return JsonResponse({"kept": True})
        # Someone else's draft answers 404 like a missing id, and the attempt is recorded.
        article = self.object_or_refuse(request, object_id, view="autosave")
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        try:
            version = int(request.POST.get("base_version", ""))
            replaces = int(request.POST["_autosaved"]) if request.POST.get("_autosaved") else None
        except ValueError:
            return JsonResponse({"error": gettext("The form did not say which version it was opened at.")}, status=400)
        try:
            saved = autosave.autosave(article, by=request.user, version=version, data=request.POST, replaces=replaces)
        except workflow.WorkflowError as error:
            status = 409 if error.code == "stale" else 403
            return JsonResponse({"error": " ".join(error.messages)}, status=status)
        except ValidationError as error:
            return JsonResponse(
                {"error": gettext("Not autosaved: %(reason)s") % {"reason": " ".join(error.messages)}}, status=400
            )
        return JsonResponse({"version": saved})

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

    @admin.action(description=gettext_lazy("Approve selected articles"), permissions=["review"])
    def approve_selected(self, request, queryset):
        self._bulk(request, queryset, "approve", lambda a: workflow.approve(a, by=request.user))

    @admin.action(description=gettext_lazy("Publish selected articles now"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, "publish", lambda a: workflow.publish(a, by=request.user))


def _in_words(error):
    """What kind of refusal ``error`` is, in words an author can act on (never the database's text)."""
    if isinstance(error, IntegrityError):
        return gettext("it clashed with a database rule or with another change saved at the same moment")
    if isinstance(error, OperationalError):
        return gettext("it was busy or could not be reached")
    return gettext("an internal error")
