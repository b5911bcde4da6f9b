"""Shareable preview links: one unpublished article, shown to someone without an account (a lawyer,
a fixer, a translator) until the link expires, is revoked, or the article is published or withdrawn.

The rules, all here and all checked on the server:

- an editor, or an author while they may still edit the article (``workflow.can_edit``), creates a
  link for an article that is not published (draft, submitted, returned, approved); revoking takes
  the same right, or having made the link;
- the token is 256 random bits (``secrets``), shown once; only its SHA-256 is stored, and it is
  compared in constant time against the links of the one article the address names, so a token
  for article 41 never opens 42;
- a link opens nothing once revoked, expired, or once the article has been published (also after a
  cancelled schedule) or withdrawn;
- every open is recorded on the article's history (a ``preview_opened`` workflow event).

The page is never stored by the page cache or a CDN (``/preview/`` is not a public page in
``articles.caching``) and says ``noindex`` and ``private, no-store``.
"""

import datetime as dt
import hashlib
import hmac
import secrets

from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_safe

from articles import workflow
from articles.models import Article, ArticleStatus, PreviewLink, WorkflowEvent
from articles.views import article_response

S = ArticleStatus
#: States an article may be previewed in: never once it has gone out.
PREVIEWABLE = frozenset({S.DRAFT, S.SUBMITTED, S.RETURNED, S.APPROVED})
#: Lifetimes offered on the desk, in hours; the first link form picks ``DEFAULT_HOURS``.
HOURS_CHOICES = [
    (1, gettext_lazy("1 hour")),
    (24, gettext_lazy("24 hours")),
    (48, gettext_lazy("48 hours")),
    (72, gettext_lazy("3 days")),
    (168, gettext_lazy("7 days")),
]
DEFAULT_HOURS = 48
MAX_HOURS = 168
#: Workflow steps after which a link made before them stops working for good.
PUBLISHING_STEPS = ("publish", "republish")
#: The event recorded for each open.
OPENED = "preview_opened"


def digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def can_share(user, article):
    """Editors, and the article's authors while they may edit it, share an unpublished article."""
    return (
        article.status in PREVIEWABLE
        and user.is_authenticated
        and user.is_active
        and workflow.Actor(user, article).can_see
        and workflow.can_edit(user, article)
    )


def can_revoke(user, link):
    """Whoever may share the article, or made the link and can still see the article, revokes it."""
    if can_share(user, link.article):
        return True
    return user.is_authenticated and link.created_by_id == user.pk and workflow.Actor(user, link.article).can_see


def create(article, *, by, hours=DEFAULT_HOURS, label="", at=None):
    """A new link for ``article``: returns ``(link, token)``; the token is never stored or shown again."""
    if not can_share(by, article):
        raise workflow.WorkflowError(
            gettext(
                "You cannot share a preview of this article: only an editor, or its author while they may edit it, "
                "can, and only before it is published."
            ),
            code="refused",
        )
    if not 0 < hours <= MAX_HOURS:
        raise workflow.WorkflowError(
            gettext("A preview link lasts between 1 hour and %(hours)s hours.") % {"hours": MAX_HOURS}, code="hours"
        )
    at = at or timezone.now()
    token = secrets.token_urlsafe(32)
    link = PreviewLink.objects.create(
        article=article,
        token_hash=digest(token),
        label=label.strip()[:100],
        created_by=by,
        created_at=at,
        expires_at=at + dt.timedelta(hours=hours),
    )
    return link, token


def revoke(link, *, by, at=None):
    """Stop ``link`` working now; revoking twice changes nothing."""
    if not can_revoke(by, link):
        raise workflow.WorkflowError(gettext("You cannot revoke this preview link."), code="refused")
    if link.revoked_at is None:
        link.revoked_at, link.revoked_by = at or timezone.now(), by
        link.save(update_fields=["revoked_at", "revoked_by"])
    return link


def path(link, token):
    return reverse("shared-preview", args=[link.article_id, token])


def find(article_id, token, *, at=None):
    """The active link of article ``article_id`` whose token is ``token``, or ``None``.

    Only that article's links are compared, each in constant time.
    """
    at = at or timezone.now()
    wanted = digest(token)
    candidates = PreviewLink.objects.filter(
        article_id=article_id, revoked_at__isnull=True, expires_at__gt=at, article__status__in=PREVIEWABLE
    )
    match = None
    for link in candidates:
        if hmac.compare_digest(link.token_hash, wanted):
            match = link
    if match is None:
        return None
    published_since = WorkflowEvent.objects.filter(
        article_id=article_id, action__in=PUBLISHING_STEPS, created_at__gte=match.created_at
    )
    return None if published_since.exists() else match


def open_article(article_id, token, *, at=None):
    """The article a link shows, with the open recorded on its history; ``None`` if the link shows nothing."""
    at = at or timezone.now()
    link = find(article_id, token, at=at)
    if link is None:
        return None, None
    with transaction.atomic():
        PreviewLink.objects.filter(pk=link.pk).update(opened_count=F("opened_count") + 1, last_opened_at=at)
        WorkflowEvent.objects.create(
            article_id=article_id,
            action=OPENED,
            comment=f"Preview link “{link.label or link.pk}” opened (no login).",
            created_at=at,
        )
    article = (
        Article.objects.select_related("programme", "lead_image")
        .prefetch_related("lead_image__renditions")
        .get(pk=article_id)
    )
    return article, link


@require_safe
def shared_preview(request, article_id, token):
    """The article as readers will see it, for whoever holds a live link; anything else is a plain 404.

    ``article_response`` gets the link as its ``preview`` (the banner shows when it expires) and
    marks the page ``private, no-store``; ``X-Robots-Tag`` keeps it out of search engines. A HEAD
    is answered without recording an open.
    """
    if request.method == "HEAD":
        link = find(article_id, token)
        article = link.article if link else None
    else:
        article, link = open_article(article_id, token)
    if article is None:
        raise Http404("This preview link does not work: it may have expired or been revoked.")
    response = article_response(request, article, preview=link)
    response["X-Robots-Tag"] = "noindex, nofollow, noarchive"
    return response
