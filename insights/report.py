"""The desk's report on whom stories quote and what the desk publishes, aggregated in the database.

The rule. Every figure is one query over the live stories of a ``Scope`` (publish time passed,
narrowed by date, programme, country, language and correspondent): the monthly totals
(``insights.rollups``) for the whole past months of the range and the precomputed facts
(``insights.facts``: one row per published story, citation and byline) for the part months at its
ends, each grouped by the figure's key, joined by ``UNION ALL`` and summed per key in SQL. So a
range costs what its months and keys hold, not what the archive holds; Python only shapes the few
aggregated rows into tables. With a country or correspondent filter the facts answer the whole
range (a story counts for each of its countries and bylines; the totals are kept per programme
and language). A confidential source, or a citation marked anonymous, is counted under
"confidential" or "anonymous" and never named: names are read for the named sources of the top-20
table only, and never for a confidential one. The number of queries does not grow with the
archive or the filters (a test pins it).
"""

import datetime as dt
import math
from dataclasses import dataclass, field
from functools import cached_property

from django.db import connection
from django.db.models import Count, F, Min, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from articles.models import Article, Country, Language, Programme
from insights import rollups
from insights.models import BylineFact, CitationFact, MonthlyStories, MonthlyTotal, SourceProfile, StoryFact
from people.models import Correspondent, Organisation, OrganisationKind, Source

#: How many organisations, people and correspondents the "most quoted" tables show.
TOP = 20
#: A range longer than this many months is charted by year.
MONTHS_CHARTED = 36
#: Who a citation names, as the report counts it. Confidential first: its identity stays protected
#: even where the citation was not also marked anonymous.
CONFIDENTIAL = Q(who=CitationFact.Who.CONFIDENTIAL)
ANONYMOUS = Q(who=CitationFact.Who.ANONYMOUS)
NAMED = Q(who=CitationFact.Who.NAMED)
#: A named source, and only one: what gender and the top-people table may look at.
NAMED_PERSON = NAMED
#: Buckets for "how many stories quote this source".
RELIANCE_BUCKETS = [("1 story", 1, 1), ("2 stories", 2, 2), ("3–5 stories", 3, 5), ("6–10 stories", 6, 10)]
RELIANCE_TOP = ("more than 10 stories", 11)
RETURN_BUCKETS = [("never returned", 0, 0), ("returned once", 1, 1), ("returned twice", 2, 2)]
RETURN_TOP = ("returned 3 times or more", 3)


@dataclass(frozen=True)
class Scope:
    """Which stories the report reads: live ones published between ``start`` and ``end`` (both days included)."""

    start: dt.date
    end: dt.date
    programme: object = None
    country: object = None
    language: str = ""
    correspondent: object = None

    @classmethod
    def last_year(cls, today=None):
        today = today or timezone.localdate()
        # 365 days back rather than "the same date last year", which 29 February does not have.
        return cls(start=today - dt.timedelta(days=364), end=today)

    @property
    def bounds(self):
        tz = timezone.get_current_timezone()
        start = dt.datetime.combine(self.start, dt.time.min, tzinfo=tz)
        end = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        return start, end

    @property
    def by_year(self):
        months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
        return months > MONTHS_CHARTED

    def articles(self):
        """The live stories in scope (what the public could read), from the content model itself."""
        start, end = self.bounds
        stories = Article.objects.live().filter(publish_at__gte=start, publish_at__lt=end)
        if self.programme is not None:
            stories = stories.filter(programme=self.programme)
        if self.country is not None:
            stories = stories.filter(countries=self.country)
        if self.language:
            stories = stories.filter(language=self.language)
        if self.correspondent is not None:
            stories = stories.filter(bylines__correspondent=self.correspondent)
        return stories

    def facts(self, model):
        """The facts (``StoryFact``, ``CitationFact`` or ``BylineFact``) of the live stories in scope.

        A fact exists for every published story, scheduled ones included; ``publish_at <= now``
        is what makes it live, as in ``Article.objects.live()``.
        """
        start, end = self.bounds
        return self._narrowed(model.objects.filter(publish_at__gte=start, publish_at__lt=end))

    def _narrowed(self, rows):
        rows = rows.filter(publish_at__lte=timezone.now())
        if self.programme is not None:
            rows = rows.filter(programme=self.programme)
        if self.language:
            rows = rows.filter(language=self.language)
        if self.country is not None:
            rows = rows.filter(article__countries=self.country)
        if self.correspondent is not None:
            rows = rows.filter(article__bylines__correspondent=self.correspondent)
        return rows

    @cached_property
    def whole_months(self):
        """``(first, last)`` (YYYYMM): the months the monthly totals answer, or ``None``.

        A month counts when it lies wholly inside the range and wholly in the past (so every
        story it holds is live). Not with a country or a correspondent: a story counts once for
        each of its countries and bylines, and the totals are kept per programme and language
        only, so those filters read the facts for the whole range.
        """
        if self.country is not None or self.correspondent is not None:
            return None
        first = self.start.year * 100 + self.start.month
        if self.start.day != 1:
            first = rollups.next_month(first)
        last = self.end.year * 100 + self.end.month
        if (self.end + dt.timedelta(days=1)).day != 1:
            last = rollups.previous_month(last)
        last = min(last, rollups.previous_month(rollups.month_of(timezone.now())))
        return (first, last) if first <= last else None

    def edge_facts(self, model):
        """The facts of the live stories in scope outside the whole months: the part months at either end."""
        start, end = self.bounds
        if self.whole_months is None:
            inside = Q(publish_at__gte=start, publish_at__lt=end)
        else:
            first, last = self.whole_months
            inside = Q(publish_at__gte=start, publish_at__lt=rollups.month_start(first)) | Q(
                publish_at__gte=rollups.month_start(rollups.next_month(last)), publish_at__lt=end
            )
        return self._narrowed(model.objects.filter(inside))

    def totals(self, model, figure=None):
        """The monthly totals (``MonthlyStories``, or ``MonthlyTotal`` of one figure) of the whole months."""
        first, last = self.whole_months or (1, 0)
        rows = model.objects.filter(month__gte=first, month__lte=last)
        if figure is not None:
            rows = rows.filter(figure=figure)
        if self.programme is not None:
            rows = rows.filter(programme=self.programme)
        if self.language:
            rows = rows.filter(language=self.language)
        return rows

    @cached_property
    def by_period(self):
        """Per period label: stories, the people they quote by kind, organisations alone, corrections, returns."""
        sums = ["named", "anonymous", "confidential", "organisations", "corrections", "returns"]
        counts = {
            "returned_0": Count("pk", filter=Q(returns=0)),
            "returned_1": Count("pk", filter=Q(returns=1)),
            "returned_2": Count("pk", filter=Q(returns=2)),
            "returned_3": Count("pk", filter=Q(returns__gte=RETURN_TOP[1])),
            "quoting": Count("pk", filter=Q(sources__gte=1)),
        }
        # Columns named apart from the fields they count (``c_returns``), which the filters read.
        facts = (
            self.edge_facts(StoryFact)
            .values(item=self.period_in_facts())
            .annotate(
                c_stories=Count("pk"),
                **{f"c_{name}": count for name, count in counts.items()},
                **{f"c_{name}": Sum(name) for name in sums},
            )
        )
        columns = ["stories", *counts, *sums]
        totals = (
            self.totals(MonthlyStories)
            .values(item=self.period_in_totals())
            .annotate(**{f"c_{name}": Sum(name) for name in columns})
        )
        source, params = union(totals, facts)
        summed = ", ".join(f"SUM(parts.c_{name}) AS {name}" for name in columns)
        rows = query(
            f"SELECT parts.item AS period, {summed} FROM {source} GROUP BY parts.item ORDER BY period",  # noqa: S608 (our compiled querysets)
            params,
        )
        return {self.label(row.pop("period")): {k: int(v or 0) for k, v in row.items()} for row in rows}

    @cached_property
    def total(self):
        """How many stories are in scope."""
        return sum(row["stories"] for row in self.by_period.values())

    @property
    def stories_by_period(self):
        return {label: row["stories"] for label, row in self.by_period.items()}

    def periods(self):
        """Every period label of the range, in order, so empty months still show."""
        if self.by_year:
            return [str(year) for year in range(self.start.year, self.end.year + 1)]
        labels, year, month = [], self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            labels.append(f"{year}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return labels

    def period_in_facts(self):
        """A fact's period as a number: its year, or its month as YYYYMM (in the site's time zone)."""
        return ExtractYear("publish_at") if self.by_year else rollups.MONTH

    def period_in_totals(self):
        return F("month") / 100 if self.by_year else F("month")

    def label(self, period):
        period = int(period)
        return str(period) if self.by_year else f"{period // 100}-{period % 100:02d}"


def union(*parts):
    """``(sql, params)`` for a ``FROM`` clause: the grouped querysets' rows one after another, as ``parts``.

    The parts must select the same columns in the same order (``values(item=…)`` then the same
    aggregates by name); the caller sums or counts over them and joins names to the few rows left.
    """
    sqls, params = [], []
    for part in parts:
        sql, part_params = part.order_by().query.sql_with_params()
        sqls.append(sql)
        params += list(part_params)
    return "(" + " UNION ALL ".join(sqls) + ") AS parts", params


def query(sql, params):
    """Rows of one SQL query as dicts."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def table_name(model):
    return connection.ops.quote_name(model._meta.db_table)


@dataclass
class Table:
    """One figure of the report: a data table, how to chart it, and what it says."""

    key: str
    title: str
    description: str
    columns: list
    rows: list = field(default_factory=list)
    #: "bars" (first column labels, ``value`` column lengths), "columns" (periods), "stacked" (shares per period)
    chart: str = "bars"
    value: int = 1
    series: tuple = ()
    note: str = ""
    section: str = "sources"
    #: For tables whose rows are filter values (correspondents): the query parameter and each row's value.
    filter_param: str = ""
    filter_values: list = field(default_factory=list)

    @property
    def is_empty(self):
        return not any(any(isinstance(cell, (int, float)) and cell for cell in row[1:]) for row in self.rows)


def percent(part, whole):
    return round(100 * part / whole, 1) if whole else 0.0


# --- Sources ---------------------------------------------------------------------------------------


def sources_over_time(scope):
    """Named, anonymous and confidential people quoted per period, and organisations cited alone."""
    counts = scope.by_period
    rows = []
    for label in scope.periods():
        row = counts.get(label, {})
        named, anonymous, confidential = (row.get(k) or 0 for k in ("named", "anonymous", "confidential"))
        people = named + anonymous + confidential
        rows.append(
            [
                label,
                named,
                anonymous,
                confidential,
                percent(anonymous + confidential, people),
                row.get("organisations") or 0,
            ]
        )
    return Table(
        "sources-over-time",
        "Named and unnamed sources over time",
        "People quoted each period: named, anonymous (unnamed in that story) and confidential sources; "
        "the chart shows each one's share.",
        ["Period", "Named", "Anonymous", "Confidential", "Unnamed share (%)", "Organisations cited alone"],
        rows,
        chart="stacked",
        series=(1, 2, 3),
    )


def _per(scope, figure, facts, item, **counted):
    """``(sql, params)``: per key (``item``) of one figure, the totals of the whole months and the facts of the rest.

    ``facts`` is the narrowed facts queryset; ``counted`` names each column and its aggregate over
    the facts (a count of citations or of distinct stories); over the totals each column is summed.
    """
    totals = scope.totals(MonthlyTotal, figure).values(item=F(_total_key(figure)))
    # Columns named apart from the fields they add up (``c_stories``).
    totals = totals.annotate(**{f"c_{name}": Sum(name) for name in counted})
    return union(totals, facts.values(item=F(item)).annotate(**{f"c_{name}": count for name, count in counted.items()}))


def _total_key(figure):  # noqa: N802 (named for the model it reads)
    """The column of ``MonthlyTotal`` that holds a figure's key."""
    return {
        MonthlyTotal.Figure.KIND: "kind",
        MonthlyTotal.Figure.PLACE: "country_id",
        MonthlyTotal.Figure.ORGANISATION: "organisation_id",
        MonthlyTotal.Figure.PERSON: "source_id",
        MonthlyTotal.Figure.SOURCE: "source_id",
        MonthlyTotal.Figure.BYLINE: "correspondent_id",
        MonthlyTotal.Figure.WAIT: "wait_tenths",
    }[figure]


def _organisations(scope, figure, item):
    citations = scope.edge_facts(CitationFact).filter(organisation__isnull=False)
    return _per(scope, figure, citations, item, citations=Count("pk"), stories=Count("article", distinct=True))


def organisation_kinds(scope):
    """Citations of organisations, by kind (NGO, government body, court…)."""
    labels = dict(OrganisationKind.choices)
    source, params = _organisations(scope, MonthlyTotal.Figure.KIND, "organisation__kind")
    rows = [
        [labels.get(row["kind"], row["kind"]), int(row["citations"]), int(row["stories"])]
        for row in query(
            f"SELECT parts.item AS kind, SUM(parts.c_citations) AS citations, SUM(parts.c_stories) AS stories "  # noqa: S608 (our compiled querysets, model tables, constants; values are parameters)
            f"FROM {source} GROUP BY parts.item ORDER BY citations DESC, kind",
            params,
        )
    ]
    return Table(
        "organisation-kinds",
        "Kinds of organisation cited",
        "Citations naming an organisation, by its kind, and how many stories cite that kind.",
        ["Kind", "Citations", "Stories"],
        rows,
    )


def organisation_countries(scope):
    source, params = _organisations(scope, MonthlyTotal.Figure.PLACE, "organisation__country_id")
    rows = [
        [row["country"], int(row["citations"]), int(row["stories"])]
        for row in query(
            f"SELECT COALESCE(c.name, %s) AS country, SUM(parts.c_citations) AS citations, "  # noqa: S608 (our compiled querysets, model tables, constants; values are parameters)
            f"SUM(parts.c_stories) AS stories FROM {source} LEFT JOIN {table_name(Country)} c ON c.id = parts.item "
            f"GROUP BY c.name ORDER BY citations DESC, country",
            ["International or not set", *params],
        )
    ]
    return Table(
        "organisation-countries",
        "Where the organisations cited are based",
        "Citations naming an organisation, by the country the organisation is based in.",
        ["Country", "Citations", "Stories"],
        rows,
    )


def top_organisations(scope):
    total = scope.total
    source, params = _organisations(scope, MonthlyTotal.Figure.ORGANISATION, "organisation_id")
    found = query(
        f"SELECT o.name AS name, SUM(parts.c_stories) AS stories, SUM(parts.c_citations) AS citations "  # noqa: S608 (our compiled querysets, model tables, constants; values are parameters)
        f"FROM {source} JOIN {table_name(Organisation)} o ON o.id = parts.item "
        f"GROUP BY parts.item, o.name ORDER BY stories DESC, citations DESC, o.name LIMIT {TOP}",
        params,
    )
    rows = [[r["name"], int(r["stories"]), int(r["citations"]), percent(int(r["stories"]), total)] for r in found]
    return Table(
        "top-organisations",
        f"The {TOP} most cited organisations",
        f"Organisations by the number of stories citing them, with their share of the {total} stories in scope.",
        ["Organisation", "Stories", "Citations", "Share of stories (%)"],
        rows,
    )


def _named_people(scope):
    """``(sql, params)``: per named person (never confidential, never quoted anonymously), stories and citations."""
    named = scope.edge_facts(CitationFact).filter(NAMED_PERSON)
    counted = {"stories": Count("article", distinct=True), "citations": Count("pk")}
    return _per(scope, MonthlyTotal.Figure.PERSON, named, "source_id", **counted)


def top_people(scope):
    """The most quoted named people. A confidential source, or a named one quoted anonymously, is never here."""
    total = scope.total
    source, params = _named_people(scope)
    found = query(
        f"SELECT parts.item AS source_id, SUM(parts.c_stories) AS stories, SUM(parts.c_citations) AS citations "  # noqa: S608 (our compiled querysets, model tables, constants; values are parameters)
        f"FROM {source} GROUP BY parts.item ORDER BY stories DESC, citations DESC, source_id LIMIT {TOP}",
        params,
    )
    # The names of these (named, never confidential) sources only: at most TOP rows decrypted.
    names = dict(
        Source.objects.filter(pk__in=[r["source_id"] for r in found], confidential=False)
        .only("pk", "name")
        .values_list("pk", "name")
    )
    rows = [
        [
            names.get(r["source_id"], "confidential"),
            int(r["stories"]),
            int(r["citations"]),
            percent(int(r["stories"]), total),
        ]
        for r in found
    ]
    return Table(
        "top-people",
        f"The {TOP} most quoted named people",
        "Named sources by the number of stories quoting them. Confidential sources and anonymous quotes are "
        "counted in the chart of named and unnamed sources, never here.",
        ["Person", "Stories", "Citations", "Share of stories (%)"],
        rows,
    )


def repeat_reliance(scope):
    """How often the same person is quoted across stories: sources by the number of stories quoting them.

    The share of stories quoting someone another story also quotes is the stories quoting anyone,
    less those whose every person is quoted by no other story in scope: a person quoted by one
    story only has that story as the smallest story id of their totals, and a story is one of
    those when as many such people point to it as it quotes people (``StoryFact.sources``). So it
    needs the totals per person, never the pairs of stories and people.
    """
    people = scope.edge_facts(CitationFact).filter(source__isnull=False)
    source, params = _per(
        scope,
        MonthlyTotal.Figure.SOURCE,
        people,
        "source_id",
        stories=Count("article", distinct=True),
        citations=Count("pk"),
        article=Min("article_id"),
    )
    bands = [*RELIANCE_BUCKETS, (RELIANCE_TOP[0], RELIANCE_TOP[1], None)]
    counted = ", ".join(
        f"SUM(CASE WHEN n >= {lo}{f' AND n <= {hi}' if hi is not None else ''} THEN 1 ELSE 0 END) AS b{i}"
        for i, (_, lo, hi) in enumerate(bands)
    )
    facts = table_name(StoryFact)
    [row] = query(
        f"WITH per_person AS (SELECT parts.item AS person, SUM(parts.c_stories) AS n, MIN(parts.c_article) AS article "  # noqa: S608 (our compiled querysets, model tables, constants; values are parameters)
        f"FROM {source} GROUP BY parts.item) "
        f"SELECT {counted}, (SELECT COUNT(*) FROM (SELECT article, COUNT(*) AS k FROM per_person WHERE n = 1 "  # noqa: S608 (our compiled querysets, model tables, constants; values are parameters)
        f"GROUP BY article) alone JOIN {facts} f ON f.article_id = alone.article AND f.sources = alone.k) AS alone "
        f"FROM per_person",
        params,
    )
    buckets = [(label, int(row[f"b{i}"] or 0)) for i, (label, _, _) in enumerate(bands)]
    total = scope.total
    quoting = sum(period["quoting"] for period in scope.by_period.values())
    repeat = quoting - int(row["alone"] or 0)
    people = sum(n for _, n in buckets)
    rows = [[label, n, percent(n, people)] for label, n in buckets]
    return Table(
        "repeat-reliance",
        "Repeat reliance on the same sources",
        "People quoted (named, anonymous or confidential, never named here), by how many stories in scope quote them.",
        ["Quoted in", "People", "Share of people (%)"],
        rows,
        note=f"{percent(repeat, total)} % of the {total} stories quote someone another story in scope also quotes.",
    )


def gender(scope):
    """Named sources' self-described gender, where the desk recorded it (50:50-style counts)."""
    source, params = _named_people(scope)
    recorded = "NULLIF(LOWER(profile.gender), '')"
    rows = [
        [row["gender"], int(row["citations"]), int(row["people"])]
        for row in query(
            f"SELECT COALESCE({recorded}, %s) AS gender, SUM(parts.c_citations) AS citations, "  # noqa: S608 (our compiled querysets, model tables, constants; values are parameters)
            f"COUNT(DISTINCT parts.item) AS people FROM {source} "
            f"LEFT JOIN {table_name(SourceProfile)} profile ON profile.source_id = parts.item "
            f"GROUP BY {recorded} ORDER BY citations DESC, gender",
            ["not recorded", *params],
        )
    ]
    quoted = sum(row[1] for row in rows)
    for row in rows:
        row.append(percent(row[1], quoted))
    return Table(
        "gender",
        "Gender of named sources, where recorded",
        "Citations of named people by the gender they describe themselves as, where the desk recorded it "
        "(source profiles). Unnamed and confidential sources are not counted.",
        ["Gender (self-described)", "Citations", "People", "Share of citations (%)"],
        rows,
    )


# --- Output ----------------------------------------------------------------------------------------


def stories_over_time(scope):
    counts = scope.stories_by_period
    return Table(
        "stories-over-time",
        "Stories published",
        "Live stories by the period they were published in.",
        ["Period", "Stories"],
        [[label, counts.get(label, 0)] for label in scope.periods()],
        chart="columns",
        section="output",
    )


def stories_per_correspondent(scope):
    bylines = scope.edge_facts(BylineFact)
    source, params = _per(
        scope, MonthlyTotal.Figure.BYLINE, bylines, "correspondent_id", stories=Count("article", distinct=True)
    )
    found = query(
        f"SELECT parts.item AS correspondent_id, SUM(parts.c_stories) AS stories FROM {source} "  # noqa: S608 (our compiled querysets, model tables, constants; values are parameters)
        f"GROUP BY parts.item ORDER BY stories DESC, correspondent_id LIMIT {TOP}",
        params,
    )
    # The byline the public sees (a pseudonym, or "A correspondent in Taraz"), never the real name.
    bylines = {
        c.pk: (c.public_name, c.slug)
        for c in Correspondent.objects.filter(pk__in=[r["correspondent_id"] for r in found])
    }
    missing = ("—", "")
    return Table(
        "stories-per-correspondent",
        f"Stories per correspondent (top {TOP})",
        "Live stories each correspondent is a byline on, by public byline; a co-written story counts for each.",
        ["Correspondent", "Stories"],
        [[bylines.get(r["correspondent_id"], missing)[0], int(r["stories"])] for r in found],
        section="output",
        filter_param="correspondent",
        filter_values=[bylines.get(r["correspondent_id"], missing)[1] for r in found],
    )


def _programme_language(scope):
    keys = {"item": F("programme_id"), "lang": F("language")}
    totals = scope.totals(MonthlyStories).values(**keys).annotate(c_stories=Sum("stories"))
    facts = scope.edge_facts(StoryFact).values(**keys).annotate(c_stories=Count("pk"))
    source, params = union(totals, facts)
    return [
        {**row, "stories": int(row["stories"])}
        for row in query(
            f"SELECT COALESCE(p.name, %s) AS programme_name, parts.lang AS lang, SUM(parts.c_stories) AS stories "  # noqa: S608 (our compiled querysets, model tables, constants; values are parameters)
            f"FROM {source} LEFT JOIN {table_name(Programme)} p ON p.id = parts.item "
            f"GROUP BY p.name, parts.lang ORDER BY programme_name, lang",
            ["No programme", *params],
        )
    ]


def stories_per_programme(scope, grouped=None):
    grouped = _programme_language(scope) if grouped is None else grouped
    languages = sorted({row["lang"] for row in grouped})
    names = dict(Language.choices)
    table = {}
    for row in grouped:
        table.setdefault(row["programme_name"], {})[row["lang"]] = row["stories"]
    rows = [
        [programme, sum(by_language.values()), *(by_language.get(lang, 0) for lang in languages)]
        for programme, by_language in sorted(table.items(), key=lambda item: -sum(item[1].values()))
    ]
    return Table(
        "stories-per-programme",
        "Stories per programme",
        "Live stories per programme, and in each language.",
        ["Programme", "Stories", *(names.get(lang, lang) for lang in languages)],
        rows,
        section="output",
    )


def stories_per_language(scope, grouped=None):
    grouped = _programme_language(scope) if grouped is None else grouped
    names = dict(Language.choices)
    totals = {}
    for row in grouped:
        totals[row["lang"]] = totals.get(row["lang"], 0) + row["stories"]
    return Table(
        "stories-per-language",
        "Stories per language",
        "Live stories by the language they were published in.",
        ["Language", "Stories"],
        [[names.get(lang, lang), n] for lang, n in sorted(totals.items(), key=lambda item: -item[1])],
        section="output",
    )


def time_to_publish(scope):
    """Median and 90th percentile (nearest rank) of submission-to-publication.

    Read from the stories counted per wait in tenths of an hour (as the table prints it): rounding
    keeps the order of the waits, so the k-th smallest rounded wait is the k-th smallest wait, rounded.
    """
    waits = scope.edge_facts(StoryFact).filter(wait_tenths__isnull=False)
    source, params = _per(scope, MonthlyTotal.Figure.WAIT, waits, "wait_tenths", stories=Count("pk"))
    counted = [
        (int(row["tenths"]), int(row["stories"]))
        for row in query(
            f"SELECT parts.item AS tenths, SUM(parts.c_stories) AS stories FROM {source} "  # noqa: S608 (our compiled querysets, model tables, constants; values are parameters)
            f"GROUP BY parts.item ORDER BY tenths",
            params,
        )
    ]
    n = sum(stories for _, stories in counted)
    figures = []
    for label, share in (("Median", 0.5), ("90th percentile", 0.9)):
        rank = max(1, math.ceil(share * n))
        if n:
            seen = 0
            at = 0
            for at, stories in counted:  # noqa: B007 (``at`` is read after the loop)
                seen += stories
                if seen >= rank:
                    break
            figures.append([label, at / 10, rank])
        else:
            figures.append([label, 0, 0])
    return Table(
        "time-to-publish",
        "Time from submission to publication",
        f"Hours from a story's first submission to its first publication, over the {n} stories whose workflow "
        "events record both.",
        ["Measure", "Hours", "Rank (of stories)"],
        figures,
        section="output",
        note=f"{n} stories measured.",
    )


def returns_per_story(scope):
    periods = scope.by_period.values()
    counted = {f"returned_{n}": sum(row[f"returned_{n}"] for row in periods) for n in range(4)}
    buckets = [(label, counted[f"returned_{lo}"]) for label, lo, _ in RETURN_BUCKETS] + [
        (RETURN_TOP[0], counted["returned_3"])
    ]
    events = sum(row["returns"] for row in periods)
    stories = sum(n for _, n in buckets)
    return Table(
        "returns-per-story",
        "Returns per story",
        "Live stories by how many times an editor returned them to the author before publication.",
        ["Returned", "Stories", "Share of stories (%)"],
        [[label, n, percent(n, stories)] for label, n in buckets],
        section="output",
        note=f"{events / stories if stories else 0:.2f} returns per story on average.",
    )


def corrections_rate(scope):
    stories = scope.stories_by_period
    corrections = {label: row["corrections"] or 0 for label, row in scope.by_period.items()}
    rows = []
    for label in scope.periods():
        n, fixed = stories.get(label, 0), corrections.get(label, 0)
        rows.append([label, round(100 * fixed / n, 1) if n else 0.0, fixed, n])
    total_stories, total_fixed = sum(stories.values()), sum(corrections.values())
    return Table(
        "corrections-rate",
        "Corrections per 100 stories",
        "Corrections (not updates or clarifications) published on the stories of each period, per 100 stories.",
        ["Period", "Corrections per 100 stories", "Corrections", "Stories"],
        rows,
        chart="columns",
        section="output",
        note=f"{round(100 * total_fixed / total_stories, 1) if total_stories else 0.0} corrections per 100 stories "
        "over the whole range.",
    )


#: Every table of the report, in the order the page shows them; the CSV download names them by key.
TABLES = {
    "sources-over-time": sources_over_time,
    "organisation-kinds": organisation_kinds,
    "organisation-countries": organisation_countries,
    "top-organisations": top_organisations,
    "top-people": top_people,
    "repeat-reliance": repeat_reliance,
    "gender": gender,
    "stories-over-time": stories_over_time,
    "stories-per-correspondent": stories_per_correspondent,
    "stories-per-programme": stories_per_programme,
    "stories-per-language": stories_per_language,
    "time-to-publish": time_to_publish,
    "returns-per-story": returns_per_story,
    "corrections-rate": corrections_rate,
}


def build(scope):
    """Every table of the report for ``scope``."""
    grouped = _programme_language(scope)
    tables = []
    for key, make in TABLES.items():
        if key in {"stories-per-programme", "stories-per-language"}:
            tables.append(make(scope, grouped))
        else:
            tables.append(make(scope))
    return tables


def table(scope, key):
    """One table by its key (for its CSV), or ``None``."""
    make = TABLES.get(key)
    return make(scope) if make else None
