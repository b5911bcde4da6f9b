"""The report's precomputed facts: one row per published story, per citation and per byline of it.

``refresh(article_ids)`` makes the facts of those stories match the content model (deleting them
for a story that is no longer published); ``rebuild`` does it for the whole archive in batches.
After a change to a story, its citations, workflow events or corrections, the hooks in
``insights/apps.py`` call ``schedule``, which queues one ``refresh_facts`` task for the commit.
"""

from collections import defaultdict

from django.db import transaction
from django.db.models import Count, Min, Q

from articles.models import Article, ArticleStatus, Byline, Citation, Correction, CorrectionKind, WorkflowEvent
from insights import rollups
from insights.models import BylineFact, CitationFact, StoryFact

#: Stories refreshed per round trip (the ``IN`` lists stay well under SQLite's variable limit).
BATCH = 500
Who = CitationFact.Who


def who(citation):
    """How the report counts a citation: confidential source first, then anonymous, named, organisation alone."""
    if citation["source__confidential"]:
        return Who.CONFIDENTIAL
    if citation["is_anonymous"]:
        return Who.ANONYMOUS
    return Who.NAMED if citation["source_id"] is not None else Who.ORGANISATION


def wait_in_tenths(wait):
    """A wait in tenths of an hour, rounded exactly as the report prints hours (``round(hours, 1)``).

    Rounding never changes the order of two waits, so the k-th smallest wait rounded is the
    k-th smallest of the rounded waits: the monthly totals count these and the report's
    percentiles stay exact.
    """
    return None if wait is None else round(round(wait.total_seconds() / 3600, 1) * 10)


def refresh(article_ids):
    """Rewrite the facts of these stories from the content model, and the monthly totals of the months
    they were or are in, in one transaction per batch."""
    ids = sorted(set(article_ids))
    for start in range(0, len(ids), BATCH):
        _refresh_batch(ids[start : start + BATCH], totals=True)


def _refresh_batch(ids, *, totals):
    with transaction.atomic():
        months = set()
        if totals:  # the months the stories leave (a new publish time, a withdrawal) are recounted too
            months = {rollups.month_of(at) for at in StoryFact.objects.filter(article_id__in=ids).values_list(
                "publish_at", flat=True)}  # fmt: skip
        for model in (StoryFact, CitationFact, BylineFact):
            model.objects.filter(article_id__in=ids).delete()
        stories = {
            row["pk"]: row
            for row in Article.objects.filter(pk__in=ids, status=ArticleStatus.PUBLISHED, publish_at__isnull=False)
            .values("pk", "publish_at", "programme_id", "language")
            .order_by("publish_at", "pk")
        }
        if totals:
            months |= {rollups.month_of(row["publish_at"]) for row in stories.values()}
        if not stories:
            rollups.recompute(months)
            return
        shared = {pk: {k: row[k] for k in ("publish_at", "programme_id", "language")} for pk, row in stories.items()}
        counts = defaultdict(lambda: defaultdict(int))
        people = defaultdict(set)
        citations = []
        for row in (
            Citation.objects.filter(article_id__in=stories)
            .values("pk", "article_id", "source_id", "organisation_id", "is_anonymous", "source__confidential")
            .order_by()
        ):
            kind = who(row)
            counts[row["article_id"]][kind] += 1
            if row["source_id"] is not None:
                people[row["article_id"]].add(row["source_id"])
            citations.append(
                CitationFact(
                    citation_id=row["pk"],
                    article_id=row["article_id"],
                    who=kind,
                    source_id=row["source_id"],
                    organisation_id=row["organisation_id"],
                    **shared[row["article_id"]],
                )
            )
        events = {
            row["article_id"]: row
            for row in WorkflowEvent.objects.filter(article_id__in=stories)
            .values("article_id")
            .annotate(
                submitted=Min("created_at", filter=Q(action="submit")),
                published=Min("created_at", filter=Q(action="publish")),
                returns=Count("pk", filter=Q(action="return")),
            )
            .order_by()
        }
        corrections = dict(
            Correction.objects.filter(article_id__in=stories, kind=CorrectionKind.CORRECTION)
            .values("article_id")
            .annotate(n=Count("pk"))
            .order_by()
            .values_list("article_id", "n")
        )
        facts = []
        for pk in stories:
            event = events.get(pk, {})
            submitted, published = event.get("submitted"), event.get("published")
            wait = published - submitted if submitted and published else None
            facts.append(
                StoryFact(
                    article_id=pk,
                    named=counts[pk][Who.NAMED],
                    anonymous=counts[pk][Who.ANONYMOUS],
                    confidential=counts[pk][Who.CONFIDENTIAL],
                    organisations=counts[pk][Who.ORGANISATION],
                    returns=event.get("returns", 0),
                    corrections=corrections.get(pk, 0),
                    wait=wait,
                    wait_tenths=wait_in_tenths(wait),
                    sources=len(people[pk]),
                    **shared[pk],
                )
            )
        bylines = [
            BylineFact(byline_id=pk, article_id=article_id, correspondent_id=correspondent_id, **shared[article_id])
            for pk, article_id, correspondent_id in Byline.objects.filter(article_id__in=stories)
            .order_by()
            .values_list("pk", "article_id", "correspondent_id")
        ]

        def in_order(fact):
            return fact.publish_at, fact.article_id

        citations.sort(key=in_order)
        bylines.sort(key=in_order)
        StoryFact.objects.bulk_create(facts, batch_size=BATCH)
        CitationFact.objects.bulk_create(citations, batch_size=BATCH)
        BylineFact.objects.bulk_create(bylines, batch_size=BATCH)
        rollups.recompute(months)


def stories_to_refresh(since=None):
    """Every story that has facts or should have them (published at or after ``since``, if given).

    In publish-time order, so the rebuilt rows lie on disk in the order a date range reads them
    (a year's rows in a few hundred pages rather than one page per row); later refreshes append
    mostly recent stories, which keeps that order.
    """
    published = Article.objects.filter(status=ArticleStatus.PUBLISHED, publish_at__isnull=False)
    known = StoryFact.objects.all()
    if since is not None:
        published, known = published.filter(publish_at__gte=since), known.filter(publish_at__gte=since)
    ids = list(published.order_by("publish_at", "pk").values_list("pk", flat=True))
    listed = set(ids)
    return ids + sorted(set(known.values_list("article_id", flat=True)) - listed)


def rebuild(since=None, progress=None):
    """Refresh the facts of every story (from ``since``), calling ``progress(done, total)`` after each batch.

    The monthly totals are left to ``rollups.rebuild``, which makes each month once afterwards
    (a batch here ends mid-month; recounting its months after every batch would count most twice).
    """
    ids = stories_to_refresh(since)
    if since is None:
        for model in (StoryFact, CitationFact, BylineFact):  # rewritten in order, not updated in place
            model.objects.all().delete()
    for start in range(0, len(ids), BATCH):
        _refresh_batch(ids[start : start + BATCH], totals=False)
        if progress:
            progress(min(start + BATCH, len(ids)), len(ids))
    return len(ids)


# --- Keeping the facts current ---------------------------------------------------------------------

_pending = {}


def queue_refresh(article_ids):
    """Refresh these stories' facts by one task queued when the current transaction commits.

    Every change of a transaction adds to one set; the first commit callback takes it all and the
    others find it empty. A rolled-back transaction leaves its ids for the next refresh (harmless).
    """
    from django.db import connection

    key = id(connection)
    _pending.setdefault(key, set()).update(article_ids)

    def enqueue():
        from insights.tasks import refresh_facts

        ids = sorted(_pending.pop(key, set()))
        if ids:
            refresh_facts.enqueue(ids)

    # robust: a failed enqueue must not fail the editor's step; `rebuild_insights --since` repairs it.
    transaction.on_commit(enqueue, robust=True)


#: What the hooks call; tests of the report swap in ``refresh`` to see the facts at once.
schedule = queue_refresh
