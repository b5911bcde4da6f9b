"""Monthly totals of the report's facts: what a month, programme and language add up to.

The facts (``insights.facts``) hold one row per story, citation and byline; a year of a large
archive is hundreds of thousands of them. Every figure of the report is a sum over stories or
a count of distinct stories per key (an organisation, a person, a kind…), and a story lies in
exactly one month, programme and language, so those totals add up across months, programmes and
languages without counting a story twice. ``MonthlyStories`` keeps the story-level sums,
``MonthlyTotal`` one row per key and figure; the report reads them for the whole, past months
of its range and the facts for the rest (``insights.report.Scope``).

A month is always recomputed whole, from the facts, never adjusted by differences: whatever
changed (a story edited, withdrawn, moved to another month or programme; an organisation given
another kind or country), the totals of the months it touches are made again from the facts,
under a lock on the month's ``RollupMonth`` row so two recomputations of one month never
interleave. ``facts.refresh`` calls ``recompute`` for the months its stories were and are in;
``rebuild`` recomputes every month.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Count, F, Min, Q, Sum
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone

from insights.models import (
    BylineFact,
    CitationFact,
    MonthlyStories,
    MonthlyTotal,
    RollupMonth,
    StoryFact,
    TotalFigure,
)

#: Months recomputed per round of queries (keeps the ``IN`` lists short and each query a year or two of facts).
MONTHS_PER_ROUND = 12
#: A fact's month (YYYYMM) in the site's time zone, in SQL.
MONTH = ExtractYear("publish_at") * 100 + ExtractMonth("publish_at")


def month_of(moment):
    """The month (YYYYMM) a moment falls in, in the site's time zone."""
    local = timezone.localtime(moment)
    return local.year * 100 + local.month


def month_start(month):
    """The first moment of a month (YYYYMM), in the site's time zone."""
    year, number = divmod(month, 100)
    return dt.datetime(year, number, 1, tzinfo=timezone.get_current_timezone())


def next_month(month):
    year, number = divmod(month, 100)
    return (year + 1) * 100 + 1 if number == 12 else month + 1


def previous_month(month):
    year, number = divmod(month, 100)
    return (year - 1) * 100 + 12 if number == 1 else month - 1


def in_months(months):
    """The facts published in these months."""
    inside = Q()
    for month in months:
        inside |= Q(publish_at__gte=month_start(month), publish_at__lt=month_start(next_month(month)))
    return inside


def recompute(months):
    """Make the totals of these months again from the facts (each round in one transaction)."""
    months = sorted(set(months))
    for start in range(0, len(months), MONTHS_PER_ROUND):
        _recompute_round(months[start : start + MONTHS_PER_ROUND])


def _recompute_round(months):
    with transaction.atomic():
        RollupMonth.objects.bulk_create([RollupMonth(month=month) for month in months], ignore_conflicts=True)
        # Locked in order, so two recomputations sharing months wait for each other and never deadlock.
        list(RollupMonth.objects.select_for_update().filter(month__in=months).order_by("month").values_list("pk"))
        MonthlyStories.objects.filter(month__in=months).delete()
        MonthlyTotal.objects.filter(month__in=months).delete()
        inside = in_months(months)
        keys = ("month", "programme_id", "language")
        summed = ["named", "anonymous", "confidential", "organisations", "corrections", "returns"]
        stories = (
            StoryFact.objects.filter(inside)
            .annotate(month=MONTH)
            .values(*keys)
            .annotate(
                # Named apart from the fields they sum: the returns counted below read the field itself.
                **{f"sum_{name}": Sum(name) for name in summed},
                stories=Count("pk"),
                returned_0=Count("pk", filter=Q(returns=0)),
                returned_1=Count("pk", filter=Q(returns=1)),
                returned_2=Count("pk", filter=Q(returns=2)),
                returned_3=Count("pk", filter=Q(returns__gte=3)),
                quoting=Count("pk", filter=Q(sources__gte=1)),
            )
            .order_by()
        )
        MonthlyStories.objects.bulk_create(
            [MonthlyStories(**{name.removeprefix("sum_"): value for name, value in row.items()}) for row in stories],
            batch_size=500,
        )

        citations = CitationFact.objects.filter(inside).annotate(month=MONTH)
        counted = {"citations": Count("pk"), "stories": Count("article", distinct=True)}
        grouped = {
            TotalFigure.KIND: citations.filter(organisation__isnull=False).values(*keys, kind=F("organisation__kind")),
            TotalFigure.PLACE: citations.filter(organisation__isnull=False).values(
                *keys, country_id=F("organisation__country_id")
            ),
            TotalFigure.ORGANISATION: citations.filter(organisation__isnull=False).values(*keys, "organisation_id"),
            TotalFigure.PERSON: citations.filter(who=CitationFact.Who.NAMED).values(*keys, "source_id"),
        }
        totals = []
        for figure, rows in grouped.items():
            totals += [MonthlyTotal(figure=figure, **row) for row in rows.annotate(**counted).order_by()]
        totals += [
            MonthlyTotal(figure=TotalFigure.SOURCE, article=row.pop("first"), **row)
            for row in citations.filter(source__isnull=False)
            .values(*keys, "source_id")
            .annotate(**counted, first=Min("article_id"))
            .order_by()
        ]
        totals += [
            MonthlyTotal(figure=TotalFigure.BYLINE, **row)
            for row in BylineFact.objects.filter(inside)
            .annotate(month=MONTH)
            .values(*keys, "correspondent_id")
            .annotate(stories=Count("article", distinct=True))
            .order_by()
        ]
        totals += [
            MonthlyTotal(figure=TotalFigure.WAIT, **row)
            for row in StoryFact.objects.filter(inside, wait_tenths__isnull=False)
            .annotate(month=MONTH)
            .values(*keys, "wait_tenths")
            .annotate(stories=Count("pk"))
            .order_by()
        ]
        MonthlyTotal.objects.bulk_create(totals, batch_size=1000)


def months_with_facts(since=None):
    """Every month that has facts or totals (from ``since``'s month, if given), in order."""
    facts = StoryFact.objects.all()
    known = RollupMonth.objects.all()
    if since is not None:
        facts, known = facts.filter(publish_at__gte=since), known.filter(month__gte=month_of(since))
    found = set(facts.annotate(month=MONTH).values_list("month", flat=True).distinct().order_by())
    return sorted({int(month) for month in found} | set(known.values_list("month", flat=True)))


def rebuild(since=None, progress=None):
    """Recompute the totals of every month with facts (from ``since``), calling ``progress(done, total)``."""
    months = months_with_facts(since)
    for start in range(0, len(months), MONTHS_PER_ROUND):
        _recompute_round(months[start : start + MONTHS_PER_ROUND])
        if progress:
            progress(min(start + MONTHS_PER_ROUND, len(months)), len(months))
    return len(months)
