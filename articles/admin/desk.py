"""The desk's pages around an article: workflow steps, preview, the queues (history and diffs: ``review``)."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from articles import translations, workflow
from articles.admin.changelist import translation_note
from articles.forms import TransitionForm
from articles.models import Article, ArticleStatus, Byline
from articles.stash import keep_unsaved_post
from articles.views import article_response
from audit.refusals import refuse

#: A queue on the desk counts this far and then says "99+": a count never reads a whole archive.
QUEUE_COUNT_CAP = 99


def _with_notes(queryset, limit):
    """The newest ``limit`` articles of a queue, each with its "translation of …" note."""
    items = list(queryset.order_by("-updated_at")[:limit])
    for item in items:
        item.translation_note = translation_note(item)
    return items


class DeskPages:
    """Extra admin pages and workflow plumbing for ``ArticleAdmin``."""

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
            self.message_user(
                request,
                gettext("“%(article)s” is scheduled for %(date)s at %(time)s.")
                % {"article": article, "date": date_format(when, "d M Y"), "time": date_format(when, "H:i")},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                gettext("%(step)s: done. “%(article)s” is now %(status)s.")
                % {"step": transition.label, "article": article, "status": article.get_status_display().lower()},
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
            *super().get_urls(),
        ]

    def _visible_or_404(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_view_or_change_permission(request, article):
            refuse(request, Article, unquote(object_id), view=request.resolver_match.url_name)
        return article

    def preview_view(self, request, object_id):
        """The article exactly as the public page renders it, for its authors and editors only."""
        return article_response(request, self._visible_or_404(request, object_id), preview=True)

    def transition_view(self, request, object_id, name):
        """A workflow step that needs a note or a time, confirmed on its own page."""
        article = self._visible_or_404(request, object_id)
        transition = workflow.TRANSITIONS.get(name)
        if transition is None:
            raise Http404(gettext("No such step."))
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
            "title": gettext("%(step)s: %(article)s") % {"step": transition.label, "article": article},
            "article": article,
            "transition": transition,
            "form": form,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/articles/article/transition.html", context)

    def desk_view(self, request):
        """The desk: what waits for whom, with counts and links."""
        visible = self.get_queryset(request)
        now = timezone.now()
        changelist = reverse("admin:articles_article_changelist")
        # IN (subquery), not a join and DISTINCT: the count reads the user's bylines, not whole rows.
        own = Byline.objects.filter(correspondent__user=request.user).values("article")
        mine = visible.filter(Q(pk__in=own) | Q(created_by=request.user))
        queues = [
            (
                gettext("Awaiting review"),
                visible.filter(status=ArticleStatus.SUBMITTED),
                f"{changelist}?state=submitted",
            ),
            (
                gettext("Approved, not yet published"),
                visible.filter(status=ArticleStatus.APPROVED),
                f"{changelist}?state=approved",
            ),
            (
                gettext("Scheduled"),
                visible & Article.objects.scheduled(at=now),
                f"{changelist}?state=scheduled",
            ),
            (
                gettext("Returned to correspondents"),
                visible.filter(status=ArticleStatus.RETURNED),
                f"{changelist}?state=returned",
            ),
            (gettext("My drafts"), mine.filter(status=ArticleStatus.DRAFT), f"{changelist}?state=draft"),
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("The desk"),
            "queues": [
                {
                    "title": title,
                    "count": min(counted := qs.order_by().values("pk")[: QUEUE_COUNT_CAP + 1].count(), QUEUE_COUNT_CAP),
                    "more": counted > QUEUE_COUNT_CAP,
                    "items": _with_notes(translations.with_original(qs.defer("body"), request.user), 8),
                    "url": url,
                }
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
                refused.append(
                    gettext("“%(article)s”: %(reason)s") % {"article": article, "reason": " ".join(error.messages)}
                )
        label = workflow.TRANSITIONS[name].label
        if done:
            self.message_user(
                request,
                ngettext("%(step)s: %(count)d article.", "%(step)s: %(count)d articles.", done)
                % {"step": label, "count": done},
                messages.SUCCESS,
            )
        for line in refused:
            self.message_user(request, line, messages.ERROR)
