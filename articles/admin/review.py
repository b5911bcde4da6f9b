"""The desk's review pages around an article: history by people's public names, diffs (by default
"last submitted → now"), restore after a confirmation showing what it changes, and shareable
preview links.

Who may restore is ``workflow.can_restore``; who may share a preview is ``previews.can_share``.
These pages only ask.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_http_methods

from articles import previews, revisions, workflow
from articles.models import Revision
from people.names import public_names

#: The revision a "submit" step records carries the step's label as its comment.
SUBMITTED = workflow.recorded(workflow.TRANSITIONS["submit"].label)
NOT_RESTORED = {revisions.FIELD_LABELS["status"], revisions.FIELD_LABELS["publish_at"]}


class PreviewLinkForm(forms.Form):
    label = forms.CharField(
        max_length=100,
        required=False,
        label=gettext_lazy("For whom"),
        help_text=gettext_lazy(
            "Only the desk sees this, e.g. “lawyer in Bishkek”. Do not put a confidential name here."
        ),
    )
    hours = forms.TypedChoiceField(
        choices=previews.HOURS_CHOICES,
        coerce=int,
        initial=previews.DEFAULT_HOURS,
        label=gettext_lazy("Works for"),
    )


def last_submitted(article, latest):
    """The revision recorded when ``article`` was last submitted before ``latest``, or ``None``.

    When ``latest`` is itself a submission (the author resubmitted), the one before it: the editor
    wants what changed since they last read it.
    """
    return article.revisions.filter(comment=SUBMITTED, version__lt=latest.version).order_by("-version").first()


def current_revision(article):
    """The revision of the article as it is now (made up from the database if none was recorded)."""
    revision = article.revisions.filter(version=article.version).first()
    return revision or Revision(article=article, version=article.version, data=revisions.snapshot(article))


class ReviewPages:
    """History, compare, restore and preview-link pages for ``ArticleAdmin`` (after ``DeskPages``)."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/revisions/compare/", view(self.compare_view), name="articles_article_compare"),
            path(
                "<path:object_id>/revisions/<int:revision_id>/restore/",
                view(require_http_methods(["GET", "HEAD", "POST"])(self.restore_view)),
                name="articles_article_restore",
            ),
            path(
                "<path:object_id>/preview-links/",
                view(require_http_methods(["GET", "HEAD", "POST"])(self.preview_links_view)),
                name="articles_article_preview_links",
            ),
            *super().get_urls(),
        ]

    def _context(self, request, article, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "article": article,
            "change_url": reverse("admin:articles_article_change", args=[article.pk]),
            "history_url": reverse("admin:articles_article_history", args=[article.pk]),
            **extra,
        }

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        extra = {}
        if article is not None and self.has_view_or_change_permission(request, article):
            events = list(article.events.select_related("actor"))
            revs = list(article.revisions.select_related("created_by"))
            names = public_names([e.actor for e in events] + [r.created_by for r in revs])
            for item, user in [(e, e.actor) for e in events] + [(r, r.created_by) for r in revs]:
                item.who = names.get(user.pk, "—") if user else "—"
            submitted = last_submitted(article, revs[0]) if revs else None
            extra = {
                "events": events,
                "revisions": revs,
                "compare_from": submitted.version if submitted else (revs[1].version if len(revs) > 1 else None),
                "notifications": article.notifications.select_related("event"),
                "can_restore": workflow.can_restore(request.user, article),
                "article": article,
            }
        return super().history_view(request, object_id, extra_context={**extra, **(extra_context or {})})

    def compare_view(self, request, object_id):
        """A readable diff between two revisions; with none chosen, the last submitted one against now."""
        article = self._visible_or_404(request, object_id)
        revs = article.revisions.select_related("created_by")
        if "a" not in request.GET and "b" not in request.GET:
            new = revs.first()
            if new is None:
                raise Http404(gettext("This article has no revisions yet."))
            old = last_submitted(article, new) or revs.last()
        else:
            try:
                old = get_object_or_404(revs, version=int(request.GET.get("a", "")))
                new = get_object_or_404(revs, version=int(request.GET.get("b", "")))
            except ValueError:
                raise Http404(gettext("Choose two revisions.")) from None
        if old.version > new.version:
            old, new = new, old
        names = public_names([old.created_by, new.created_by])
        context = self._context(
            request,
            article,
            gettext("Changes from version %(old)s to %(new)s") % {"old": old.version, "new": new.version},
            old=old,
            new=new,
            old_by=names.get(old.created_by_id, "—"),
            new_by=names.get(new.created_by_id, "—"),
            old_submitted=old.comment == SUBMITTED,
            rows=revisions.compare(old, new),
        )
        return TemplateResponse(request, "admin/articles/article/revision_compare.html", context)

    def restore_view(self, request, object_id, revision_id):
        """Editors bring back an earlier revision, after a page showing what it would change.

        Only a POST restores, and only from the version the confirmation page was opened at.
        """
        article = self._visible_or_404(request, object_id)
        if not workflow.can_restore(request.user, article):
            raise PermissionDenied
        revision = get_object_or_404(article.revisions.select_related("created_by"), pk=revision_id)
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        if request.method == "POST":
            try:
                new = workflow.restore(revision, by=request.user, version=int(request.POST.get("version", 0)))
            except (workflow.WorkflowError, ValueError) as error:
                text = (
                    " ".join(error.messages)
                    if isinstance(error, workflow.WorkflowError)
                    else gettext("Nothing restored.")
                )
                self.message_user(request, text, messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext("Version %(old)s restored as version %(new)s.")
                    % {"old": revision.version, "new": new.version},
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(change_url)
        current = current_revision(article)
        context = self._context(
            request,
            article,
            gettext("Restore version %(version)s?") % {"version": revision.version},
            revision=revision,
            revision_by=public_names([revision.created_by]).get(revision.created_by_id, "—"),
            # Status and publish time are not restored (only the workflow changes them).
            rows=[row for row in revisions.compare(current, revision) if row[0] not in NOT_RESTORED],
        )
        return TemplateResponse(request, "admin/articles/article/revision_restore.html", context)

    def preview_links_view(self, request, object_id):
        """Create and revoke the article's shareable preview links; a new link is shown once, here."""
        article = self._visible_or_404(request, object_id)
        can_share = previews.can_share(request.user, article)
        form = PreviewLinkForm()
        created = None
        if request.method == "POST":
            if "revoke" in request.POST:
                link_id = request.POST["revoke"]
                link = get_object_or_404(article.preview_links, pk=int(link_id) if link_id.isdigit() else 0)
                try:
                    previews.revoke(link, by=request.user)
                except workflow.WorkflowError as error:
                    self.message_user(request, " ".join(error.messages), messages.ERROR)
                else:
                    self.message_user(
                        request, gettext("Preview link revoked: it no longer opens anything."), messages.SUCCESS
                    )
                return HttpResponseRedirect(request.path)
            form = PreviewLinkForm(request.POST)
            if form.is_valid():
                try:
                    link, token = previews.create(
                        article, by=request.user, hours=form.cleaned_data["hours"], label=form.cleaned_data["label"]
                    )
                except workflow.WorkflowError as error:
                    self.message_user(request, " ".join(error.messages), messages.ERROR)
                    return HttpResponseRedirect(request.path)
                created = {"link": link, "url": request.build_absolute_uri(previews.path(link, token))}
                form = PreviewLinkForm()
        links = list(article.preview_links.select_related("created_by", "revoked_by"))
        names = public_names([link.created_by for link in links] + [link.revoked_by for link in links])
        now = timezone.now()
        for link in links:
            link.who = names.get(link.created_by_id, "—")
            link.active = link.is_active(now)
            link.revocable = link.active and previews.can_revoke(request.user, link)
        context = self._context(
            request,
            article,
            gettext("Preview links: %(article)s") % {"article": article},
            form=form if can_share else None,
            created=created,
            links=links,
            previewable=article.status in previews.PREVIEWABLE,
        )
        response = TemplateResponse(request, "admin/articles/article/preview_links.html", context)
        if created:
            response["Cache-Control"] = "private, no-store"
        return response
