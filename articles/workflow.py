"""Every change of an article's status, and the rules every change of an article obeys, live here.

One table (``TRANSITIONS``) says who may take each step and from which state.
Each step locks the article's row, checks the table, saves, records a
``WorkflowEvent`` and a revision, and queues e-mail for after the commit.
A refusal raises ``WorkflowError`` with a sentence a person understands.

The rules are checked here, not only by the admin, so a shell, a command or a future API
cannot go round them: each step and ``restore`` check the actor themselves, and the
edit-version check ("someone saved after you opened it", ``check_version``) is written
once, for the article form, the steps and restore alike.
"""

from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy

from articles import revisions
from articles.models import Article, ArticleStatus, Revision, WorkflowEvent
from articles.notifications import queue_notifications

S = ArticleStatus


class WorkflowError(ValidationError):
    """A workflow step was refused: wrong state, missing permission, missing comment or a stale page."""


def recorded(text):
    """``text`` as the record keeps it: in the newsroom's working language, whatever the desk's language.

    Revision comments are stored and compared (``articles.admin.review`` finds the last submission
    by its comment); the desk translates them when it shows them.
    """
    with translation.override(None):
        return str(text)


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset
    target: str
    #: Permission the actor needs; ``None`` means "a byline on the article, or a reviewing editor".
    permission: str | None
    needs_comment: bool = False
    #: An editor who is a byline on the article may not take this step themselves.
    two_person: bool = False
    #: Only for an article that is published with a publish time still ahead.
    scheduled_only: bool = False
    #: The step puts the article on the public site, now or at a set time: ``before_going_live`` checks run.
    goes_live: bool = False


TRANSITIONS = {
    t.name: t
    for t in [
        Transition("submit", gettext_lazy("Submit for review"), frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED, None),
        Transition(
            "return",
            gettext_lazy("Return to author"),
            frozenset({S.SUBMITTED, S.APPROVED}),
            S.RETURNED,
            "articles.review_article",
            needs_comment=True,
        ),
        Transition(
            "approve",
            gettext_lazy("Approve"),
            frozenset({S.SUBMITTED}),
            S.APPROVED,
            "articles.review_article",
            two_person=True,
        ),
        Transition(
            "publish",
            gettext_lazy("Publish"),
            frozenset({S.SUBMITTED, S.APPROVED}),
            S.PUBLISHED,
            "articles.publish_article",
            two_person=True,
            goes_live=True,
        ),
        Transition(
            "reschedule",
            gettext_lazy("Change schedule"),
            frozenset({S.PUBLISHED}),
            S.PUBLISHED,
            "articles.publish_article",
            two_person=True,
            scheduled_only=True,
            goes_live=True,
        ),
        Transition(
            "cancel_schedule",
            gettext_lazy("Cancel schedule"),
            frozenset({S.PUBLISHED}),
            S.APPROVED,
            "articles.publish_article",
            scheduled_only=True,
        ),
        Transition(
            "withdraw",
            gettext_lazy("Withdraw"),
            frozenset({S.PUBLISHED}),
            S.WITHDRAWN,
            "articles.publish_article",
            needs_comment=True,
        ),
        Transition(
            "republish",
            gettext_lazy("Republish"),
            frozenset({S.WITHDRAWN}),
            S.PUBLISHED,
            "articles.publish_article",
            two_person=True,
            goes_live=True,
        ),
    ]
}


#: Checks that apps above ``articles`` add to every step that puts an article on the public site
#: (publish, schedule, reschedule, republish): ``check(article, *, by)`` raises ``WorkflowError``.
#: ``insights`` registers its unnamed-source rule here. With none registered, none runs: the
#: workflow works alone, and the insights app's tests check it has registered its rule.
_before_going_live = []


def before_going_live(check):
    """Register ``check(article, *, by)``, run under the article's lock before it goes live."""
    if check not in _before_going_live:
        _before_going_live.append(check)
    return check


def is_editor(user):
    """Editors (and superusers) see and handle every article."""
    return user.is_active and (user.is_superuser or user.has_perm("articles.view_all_articles"))


def can_edit(user, article):
    """Authors edit only while the article is theirs to write (draft, returned); editors always."""
    if article is None or is_editor(user):
        return True
    return article.status in (S.DRAFT, S.RETURNED) and is_byline(user, article)


def can_delete(user, article):
    """Published work is withdrawn, never deleted (but by a superuser); an author deletes only a
    draft that never went to the desk. An original with translations is never deleted (they
    would point nowhere, and the database protects them): its translations go first."""
    if article.pk and article.translations.exists():
        return False
    if user.is_superuser:
        return True
    if article.first_published_at is not None or article.status in (S.PUBLISHED, S.WITHDRAWN):
        return False
    if is_editor(user):
        return True
    return article.status == S.DRAFT and article.submitted_at is None and is_byline(user, article)


def is_byline(user, article):
    """Whether ``user`` is credited on ``article`` through their correspondent profile."""
    return user.is_authenticated and article.bylines.filter(correspondent__user=user).exists()


class Actor:
    """What the rules ask about one user on one article, each looked up once, however many
    transitions are checked (the change form checks them all to draw its buttons)."""

    def __init__(self, user, article):
        self.user = user
        self.article = article

    @cached_property
    def can_see(self):
        return Article.objects.visible_to(self.user).filter(pk=self.article.pk).exists()

    @cached_property
    def is_byline(self):
        return is_byline(self.user, self.article)


def refusal(transition, article, user, *, at=None, actor=None):
    """Why ``user`` may not take ``transition`` on ``article`` now, or ``None`` if they may."""
    if not user.is_authenticated or not user.is_active:
        return gettext("Log in to change an article's status.")
    actor = actor or Actor(user, article)
    if not actor.can_see:
        return gettext("You cannot see this article.")
    if transition.permission is None:
        if not (actor.is_byline or user.has_perm("articles.review_article")):
            return gettext("Only the article's authors or an editor may take the step “%(step)s”.") % {
                "step": transition.label
            }
    elif not user.has_perm(transition.permission):
        return gettext("You do not have permission to take the step “%(step)s”.") % {"step": transition.label}
    if article.status not in transition.sources:
        return gettext("“%(step)s” is not possible while the article is %(status)s.") % {
            "step": transition.label,
            "status": ArticleStatus(article.status).label.lower(),
        }
    if transition.scheduled_only and not (article.publish_at and article.publish_at > (at or timezone.now())):
        return gettext("The article is not scheduled: it is already live.")
    if transition.two_person and actor.is_byline:
        return gettext("You are a byline on this article: another editor must approve or publish it.")
    return None


def can_restore(user, article):
    """Reviewing editors bring back an earlier version of an article they can see; authors never do."""
    return (
        user.is_authenticated
        and user.is_active
        and user.has_perm("articles.review_article")
        and Actor(user, article).can_see
    )


def available(article, user):
    """The transitions ``user`` may take on ``article`` now, in table order (for the buttons)."""
    actor = Actor(user, article)
    return [t for t in TRANSITIONS.values() if refusal(t, article, user, actor=actor) is None]


def lock(article, *, by, version=None):
    """``article``'s row, locked until the transaction ends, for a change ``by`` asks for.

    Someone who cannot see the article is refused before anything else, so they learn
    nothing from it (not even who saved it last); then a page based on an older version
    is refused (``check_version``).
    """
    locked = Article.objects.select_for_update().get(pk=article.pk)
    actor = Actor(by, locked)
    if not (by.is_authenticated and by.is_active and actor.can_see):
        raise WorkflowError(gettext("You cannot see this article."), code="refused")
    check_version(locked, version)
    return locked, actor


def check_version(current, version):
    """Refuse a change based on an older version of ``current`` (the row, read under lock).

    The one edit-version check: the article form, every step and ``restore`` call it.
    ``None`` means the caller is not working from a page (a command, a bulk action).
    """
    if version is not None and current.version != version:
        raise WorkflowError(stale_message(current), code="stale")


def _apply(name, article, *, by, comment="", publish_at=None, version=None, changes=None):
    """Lock, check, save, record; the single path every transition takes."""
    transition = TRANSITIONS[name]
    comment = (comment or "").strip()
    with transaction.atomic():
        locked, actor = lock(article, by=by, version=version)
        reason = refusal(transition, locked, by, actor=actor)
        if reason:
            raise WorkflowError(reason, code="refused")
        if transition.needs_comment and not comment:
            raise WorkflowError(
                gettext("“%(step)s” needs a comment for the record.") % {"step": transition.label},
                code="comment_required",
            )
        if transition.goes_live:
            for check in _before_going_live:
                check(locked, by=by)
        from_status = locked.status
        locked.status = transition.target
        for field, value in (changes or {}).items():
            setattr(locked, field, value)
        locked.version += 1
        locked.save()
        event = WorkflowEvent.objects.create(
            article=locked,
            actor=by,
            action=transition.name,
            from_status=from_status,
            to_status=locked.status,
            comment=comment,
            publish_at=publish_at,
        )
        revisions.record_revision(locked, by=by, comment=recorded(transition.label))
        queue_notifications(event)
    # The caller's instance reflects what was saved.
    for field in ("status", "version", "publish_at", "first_published_at", "submitted_at", "withdrawn_at"):
        setattr(article, field, getattr(locked, field))
    article.updated_at = locked.updated_at
    return event


def stale_message(current):
    """The sentence shown when a page was based on an older version of ``current``."""
    latest = Revision.objects.filter(article=current, version=current.version).select_related("created_by").first()
    who = gettext("someone else")
    if latest and latest.created_by:
        who = latest.created_by.get_full_name() or latest.created_by.get_username()
    when = timezone.localtime(latest.created_at if latest else current.updated_at)
    return gettext(
        "%(who)s saved this article at %(time)s on %(date)s (version %(version)s), after you opened it. "
        "Nothing was saved: copy your changes, reload the article and apply them again."
    ) % {"who": who, "time": date_format(when, "H:i"), "date": date_format(when, "d M Y"), "version": current.version}


def submit(article, *, by, version=None):
    """The author (or an editor) sends a draft or returned article to the desk."""
    return _apply("submit", article, by=by, version=version, changes={"submitted_at": timezone.now()})


def return_to_author(article, *, by, note, version=None):
    """An editor sends the article back with a note the author will see."""
    return _apply("return", article, by=by, comment=note, version=version)


def approve(article, *, by, version=None):
    """An editor approves; never the article's own author (two-person rule)."""
    return _apply("approve", article, by=by, version=version)


def publish(article, *, by, at=None, version=None):
    """Publish now, or at ``at``; a future ``at`` makes the article scheduled (no cron needed)."""
    now = timezone.now()
    at = at or now
    changes = {"publish_at": at}
    if article.first_published_at is None:
        changes["first_published_at"] = at
    return _apply("publish", article, by=by, publish_at=at, version=version, changes=changes)


def reschedule(article, *, by, at, version=None):
    """Move a scheduled article's publish time (now or later)."""
    if at is None:
        raise WorkflowError(gettext("Give the new publish time."), code="time_required")
    changes = {"publish_at": at, "first_published_at": at}
    return _apply("reschedule", article, by=by, publish_at=at, version=version, changes=changes)


def cancel_schedule(article, *, by, version=None):
    """Take a scheduled article back to approved; it will not go live."""
    return _apply(
        "cancel_schedule", article, by=by, version=version, changes={"publish_at": None, "first_published_at": None}
    )


def withdraw(article, *, by, reason, version=None):
    """Take a published article down. The reason is kept internal; the public URL answers 410."""
    return _apply("withdraw", article, by=by, comment=reason, version=version, changes={"withdrawn_at": timezone.now()})


def republish(article, *, by, version=None):
    """Put a withdrawn article back, at its original publish time."""
    changes = {"withdrawn_at": None}
    if article.publish_at is None:
        changes["publish_at"] = timezone.now()
    return _apply("republish", article, by=by, version=version, changes=changes)


def restore(revision, *, by, version=None):
    """A reviewing editor brings back an earlier revision's words, filing, bylines and citations.

    It becomes a new version (and revision); the status and publish time are not touched.
    ``version`` is the article version the editor was looking at; a newer save refuses it.
    """
    with transaction.atomic():
        article, actor = lock(revision.article, by=by, version=version)
        if not can_restore(by, article):
            raise WorkflowError(gettext("Only an editor may restore an earlier version."), code="refused")
        article.version += 1
        revisions.apply(article, revision.data)
        return revisions.record_revision(article, by=by, comment=f"Restored version {revision.version}")
