"""No story goes live with an unnamed source the desk has not vouched for.

Each citation that hides who speaks (marked anonymous, or citing a confidential source)
needs a **justification** (why anonymity, how the correspondent knows the information is
reliable) and an editor's **sign-off**. The sign-off keeps a fingerprint of the citation and
its justification as signed; any later change makes the fingerprint differ, and a sign-off
that no longer matches counts as none. Nothing clears it behind anyone's back: no signal,
just the comparison, made wherever the question is asked.

Who may do what: whoever may edit the article writes its justifications (its correspondent
while it is theirs to write, editors always); an editor (``articles.review_article``) signs
off, never on a story they are a byline on nor on a justification they wrote (two-person
rule). ``check_before_going_live`` is registered with ``articles.workflow`` and refuses
publish, schedule, reschedule and republish while any such citation is unjustified or
unsigned, naming them by their public descriptor (never an identity).
"""

import hashlib
import json

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from articles import workflow
from articles.models import Article, ArticleStatus, Citation
from articles.workflow import WorkflowError
from insights.models import AnonymityReason, Justification, SignOff

#: The citations that need a justification and a sign-off: the query form of ``needs_governance``.
GOVERNED = Q(is_anonymous=True) | Q(source__confidential=True)

UNJUSTIFIED, UNSIGNED, SIGNED = "unjustified", "unsigned", "signed"
STATUS_LABELS = {
    UNJUSTIFIED: gettext_lazy("needs a justification"),
    UNSIGNED: gettext_lazy("waiting for an editor's sign-off"),
    SIGNED: gettext_lazy("signed off"),
}


def needs_governance(citation):
    """Whether ``citation`` hides who speaks: marked anonymous, or citing a confidential source."""
    return citation.is_anonymous or (citation.source_id is not None and citation.source.confidential)


def governed(queryset=None):
    """The citations that need governance: the queryset form of ``needs_governance``."""
    queryset = Citation.objects.all() if queryset is None else queryset
    return queryset.filter(GOVERNED)


def justification_of(citation):
    try:
        return citation.justification
    except Justification.DoesNotExist:
        return None


def _sign_off(citation):
    try:
        return citation.sign_off
    except SignOff.DoesNotExist:
        return None


def fingerprint(citation, justification=None):
    """A digest of what an editor vouches for: the citation's content and its justification."""
    content = {
        "article": citation.article_id,
        "source": citation.source_id,
        "confidential": bool(citation.source_id and citation.source.confidential),
        "organisation": citation.organisation_id,
        "role": citation.role,
        "anonymous": citation.is_anonymous,
        "descriptor": citation.descriptor,
        "quote": citation.quote,
    }
    if justification is not None:
        content["justification"] = [justification.reason, justification.explanation, justification.reliability]
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def current_fingerprint(citation):
    """The fingerprint a sign-off of ``citation`` would carry now ("" while it has no justification)."""
    justification = justification_of(citation)
    return fingerprint(citation, justification) if justification is not None else ""


def status(citation):
    """``UNJUSTIFIED``, ``UNSIGNED`` (no sign-off, or one made before a change) or ``SIGNED``."""
    justification = justification_of(citation)
    if justification is None:
        return UNJUSTIFIED
    sign_off = _sign_off(citation)
    if sign_off is None or sign_off.fingerprint != fingerprint(citation, justification):
        return UNSIGNED
    return SIGNED


def citations_of(article):
    """``article``'s governed citations, with what ``status`` reads, in print order."""
    return list(governed(article.citations.all()).select_related("source", "organisation", "justification", "sign_off"))


def outstanding(article):
    """``(citation, status)`` for each of ``article``'s governed citations not signed off as it stands."""
    return [(c, s) for c in citations_of(article) if (s := status(c)) != SIGNED]


def check_before_going_live(article, *, by):
    """Refuse to put ``article`` on the public site while an unnamed citation lacks justification or sign-off."""
    missing = outstanding(article)
    if not missing:
        return
    listed = "; ".join(f"“{citation.public_label}” ({STATUS_LABELS[state]})" for citation, state in missing)
    count = len(missing)
    raise WorkflowError(
        ngettext(
            "Not published: %(count)d unnamed source needs a justification and an editor's sign-off first: %(listed)s.",
            "Not published: %(count)d unnamed sources need a justification and an editor's sign-off first: %(listed)s.",
            count,
        )
        % {"count": count, "listed": listed},
        code="unnamed_sources",
    )


# --- Writing a justification, signing off ------------------------------------------------------------


def can_justify(user, citation):
    """Whoever may edit the article (as it is in the database now) writes its justifications."""
    if not user.is_authenticated:
        return False
    article = Article.objects.visible_to(user).filter(pk=citation.article_id).first()
    return article is not None and workflow.can_edit(user, article)


def sign_off_refusal(user, citation, *, is_byline=None):
    """Why ``user`` may not sign off ``citation`` now, or ``None``.

    ``is_byline`` (whether ``user`` is a byline on the story) may be passed by a caller asking
    about many citations of one story, so it is looked up once.
    """
    if not (user.is_authenticated and user.is_active and user.has_perm("articles.review_article")):
        return gettext("Only an editor can sign off an unnamed source.")
    if not needs_governance(citation):
        return gettext("This citation names its source: there is nothing to sign off.")
    if is_byline is None:
        is_byline = workflow.is_byline(user, citation.article)
    if is_byline:
        return gettext("You are a byline on this story: another editor must sign off its unnamed sources.")
    justification = justification_of(citation)
    if justification is None:
        return gettext("The citation has no justification yet: the correspondent writes it first.")
    if justification.written_by_id is not None and justification.written_by_id == user.pk:
        return gettext("You wrote this justification: another editor must sign it off.")
    return None


def justify(citation, *, by, reason, explanation, reliability):
    """Write (or rewrite) ``citation``'s justification; a rewrite leaves any sign-off no longer matching."""
    if reason not in AnonymityReason.values:
        raise WorkflowError(gettext("Choose why the source cannot be named."), code="reason_required")
    explanation, reliability = (explanation or "").strip(), (reliability or "").strip()
    if not explanation or not reliability:
        raise WorkflowError(
            gettext("Say why the source cannot be named and how you know their information is reliable."),
            code="text_required",
        )
    with transaction.atomic():
        locked = Citation.objects.select_for_update(of=("self",)).select_related("source").get(pk=citation.pk)
        if not can_justify(by, locked):
            raise WorkflowError(gettext("You cannot change this story's citations."), code="refused")
        if not needs_governance(locked):
            raise WorkflowError(gettext("This citation names its source: it needs no justification."), code="refused")
        justification, _ = Justification.objects.update_or_create(
            citation=locked,
            defaults={
                "reason": reason,
                "explanation": explanation,
                "reliability": reliability,
                "written_by": by,
                "updated_at": timezone.now(),
            },
        )
    return justification


def sign_off(citation, *, by, expected=None):
    """An editor vouches for ``citation`` as it stands now.

    ``expected`` is the fingerprint of what the editor read; if the citation or its
    justification changed since, the sign-off is refused rather than vouching for unread words.
    """
    with transaction.atomic():
        locked = (
            Citation.objects.select_for_update(of=("self",))
            .select_related("article", "source", "justification")
            .get(pk=citation.pk)
        )
        reason = sign_off_refusal(by, locked)
        if reason:
            raise WorkflowError(reason, code="refused")
        current = fingerprint(locked, locked.justification)
        if expected is not None and expected != current:
            raise WorkflowError(
                gettext(
                    "The citation or its justification changed after you opened the page: read it again, then sign off."
                ),
                code="stale",
            )
        signed, _ = SignOff.objects.update_or_create(
            citation=locked, defaults={"signed_by": by, "signed_at": timezone.now(), "fingerprint": current}
        )
    return signed


def waiting_for_sign_off():
    """``[(article, [(citation, status), …]), …]``: stories with unnamed sources not signed off as they stand.

    Stories on their way to the public (submitted, approved, scheduled), and live stories whose
    unnamed source was changed after its sign-off (or justified after going live, when it was made
    unnamed since): the sign-off no longer matches, so an editor must read it again. Drafts and
    returned stories are the correspondent's to finish. A live story is looked at only when it, or
    the justification, was saved after the sign-off (or a justification waits for one), so the
    queue does not read every signed citation of the archive; the fingerprint then decides.
    """
    now = timezone.now()
    on_the_way = Q(article__status__in=[ArticleStatus.SUBMITTED, ArticleStatus.APPROVED]) | Q(
        article__status=ArticleStatus.PUBLISHED, article__publish_at__gt=now
    )
    signed_at = F("sign_off__signed_at")
    changed_since = Q(sign_off__isnull=False) & (
        Q(article__updated_at__gt=signed_at) | Q(justification__updated_at__gt=signed_at)
    )
    live_and_changed = Q(article__status=ArticleStatus.PUBLISHED, article__publish_at__lte=now) & (
        changed_since | Q(sign_off__isnull=True, justification__isnull=False)
    )
    # Such a live story is listed with every unnamed source not signed off as it stands (one query).
    changed_stories = governed().filter(live_and_changed).values("article_id")
    citations = (
        governed()
        .filter(on_the_way | Q(article__in=changed_stories, article__status=ArticleStatus.PUBLISHED))
        .select_related("article", "source", "organisation", "justification", "sign_off")
        .order_by("article__submitted_at", "article_id", "position", "id")
    )
    stories = {}
    for citation in citations:
        state = status(citation)
        if state != SIGNED:
            stories.setdefault(citation.article, []).append((citation, state))
    return list(stories.items())
