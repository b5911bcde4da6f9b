"""The desk's report on whom stories quote and what the desk publishes, aggregated in the database.

The rule. Every figure is a ``GROUP BY`` over the precomputed facts (``insights.facts``: one row
per published story, citation and byline, with its publish time, programme and language) of the
live stories of a ``Scope`` (publish time passed, narrowed by date, programme, country, language
and correspondent), read by the publish-time index, so a range costs what it holds, not what the
archive holds; Python only shapes the few aggregated rows into tables. A confidential source,
or a citation marked anonymous, is counted under "confidential" or "anonymous" and never named:
names are read for the named sources of the top-20 table only, and never for a confidential one.
The number of queries does not grow with the archive or the filters (a test pins it).
"""

import datetime as dt
import math
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import CharField, Count, F, Q, Sum, Value
from django.db.models.functions import Coalesce, Lower, NullIf, TruncMonth, TruncYear
from django.utils import timezone

from articles.models import Article, Language
from insights.models import BylineFact, CitationFact, StoryFact
from people.models import Correspondent, OrganisationKind, Source

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
        rows = model.objects.filter(publish_at__gte=start, publish_at__lt=end, publish_at__lte=timezone.now())
        if self.programme is not None:
            rows = rows.filter(programme=self.programme)
        if self.language:
            rows = rows.filter(language=self.language)
        if self.country is not None:
            rows = rows.filter(article__countries=self.country)
        if self.correspondent is not None:
            rows = rows.filter(article__bylines__correspondent=self.correspondent)
        return rows

    def stories(self):
        return self.facts(StoryFact)

    def citations(self):
        return self.facts(CitationFact)

    @cached_property
    def by_period(self):
        """Per period label: stories, the people they quote by kind, organisations alone, corrections (one query)."""
        return {
            self.label(row["period"]): row
            for row in self.stories()
            .annotate(period=self.period_of("publish_at"))
            .values("period")
            .annotate(
                stories=Count("pk"),
                named=Sum("named"),
                anonymous=Sum("anonymous"),
                confidential=Sum("confidential"),
                organisations=Sum("organisations"),
                corrections=Sum("corrections"),
            )
            .order_by("period")
        }

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

    def period_of(self, path):
        return (TruncYear if self.by_year else TruncMonth)(path)

    def label(self, moment):
        return str(moment.year) if self.by_year else f"{moment.year}-{moment.month:02d}"


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


def organisation_kinds(scope):
    """Citations of organisations, by kind (NGO, government body, court…)."""
    labels = dict(OrganisationKind.choices)
    rows = [
        [labels.get(row["organisation__kind"], row["organisation__kind"]), row["citations"], row["stories"]]
        for row in scope.citations()
        .filter(organisation__isnull=False)
        .values("organisation__kind")
        .annotate(citations=Count("pk"), stories=Count("article", distinct=True))
        .order_by("-citations", "organisation__kind")
    ]
    return Table(
        "organisation-kinds",
        "Kinds of organisation cited",
        "Citations naming an organisation, by its kind, and how many stories cite that kind.",
        ["Kind", "Citations", "Stories"],
        rows,
    )


def organisation_countries(scope):
    rows = [
        [row["country"], row["citations"], row["stories"]]
        for row in scope.citations()
        .filter(organisation__isnull=False)
        .values(country=Coalesce("organisation__country__name", Value("International or not set")))
        .annotate(citations=Count("pk"), stories=Count("article", distinct=True))
        .order_by("-citations", "country")
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
    found = (
        scope.citations()
        .filter(organisation__isnull=False)
        .values("organisation_id", "organisation__name")
        .annotate(stories=Count("article", distinct=True), citations=Count("pk"))
        .order_by("-stories", "-citations", "organisation__name")[:TOP]
    )
    rows = [[r["organisation__name"], r["stories"], r["citations"], percent(r["stories"], total)] for r in found]
    return Table(
        "top-organisations",
        f"The {TOP} most cited organisations",
        f"Organisations by the number of stories citing them, with their share of the {total} stories in scope.",
        ["Organisation", "Stories", "Citations", "Share of stories (%)"],
        rows,
    )


def top_people(scope):
    """The most quoted named people. A confidential source, or a named one quoted anonymously, is never here."""
    total = scope.total
    found = list(
        scope.citations()
        .filter(NAMED_PERSON)
        .values("source_id")
        .annotate(stories=Count("article", distinct=True), citations=Count("pk"))
        .order_by("-stories", "-citations", "source_id")[:TOP]
    )
    # The names of these (named, never confidential) sources only: at most TOP rows decrypted.
    names = dict(
        Source.objects.filter(pk__in=[r["source_id"] for r in found], confidential=False)
        .only("pk", "name")
        .values_list("pk", "name")
    )
    rows = [
        [names.get(r["source_id"], "confidential"), r["stories"], r["citations"], percent(r["stories"], total)]
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


def _bucketed(queryset, count_field, buckets, top, *, distinct_field):
    """Count the rows of a grouped queryset by the bucket their ``count_field`` falls in, in one query."""
    aggregates = {f"b{i}": Count(distinct_field, filter=Q(**{f"{count_field}__gte": lo, f"{count_field}__lte": hi}))
                  for i, (_, lo, hi) in enumerate(buckets)}  # fmt: skip
    aggregates["top"] = Count(distinct_field, filter=Q(**{f"{count_field}__gte": top[1]}))
    counted = queryset.aggregate(**aggregates)
    return [(label, counted[f"b{i}"]) for i, (label, _, _) in enumerate(buckets)] + [(top[0], counted["top"])]


def repeat_reliance(scope):
    """How often the same person is quoted across stories: sources by the number of stories quoting them."""
    per_source = (
        scope.citations()
        .filter(source__isnull=False)
        .values("source_id")
        .annotate(stories=Count("article", distinct=True))
        .order_by()
    )
    buckets = _bucketed(per_source, "stories", RELIANCE_BUCKETS, RELIANCE_TOP, distinct_field="source_id")
    total = scope.total
    repeat = (
        scope.citations()
        .filter(source__in=per_source.filter(stories__gte=2).values("source_id"))
        .aggregate(stories=Count("article", distinct=True))["stories"]
    )
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
    recorded = Coalesce(
        NullIf(Lower("source__insights_profile__gender"), Value("")), Value("not recorded"), output_field=CharField()
    )
    rows = [
        [row["gender"], row["citations"], row["people"]]
        for row in scope.citations()
        .filter(NAMED_PERSON)
        .values(gender=recorded)
        .annotate(citations=Count("pk"), people=Count("source", distinct=True))
        .order_by("-citations", "gender")
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
    found = list(
        scope.facts(BylineFact)
        .values("correspondent_id")
        .annotate(stories=Count("article", distinct=True))
        .order_by("-stories", "correspondent_id")[:TOP]
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
        [[bylines.get(r["correspondent_id"], missing)[0], r["stories"]] for r in found],
        section="output",
        filter_param="correspondent",
        filter_values=[bylines.get(r["correspondent_id"], missing)[1] for r in found],
    )


def _programme_language(scope):
    return list(
        scope.stories()
        .values(programme_name=Coalesce("programme__name", Value("No programme")), lang=F("language"))
        .annotate(stories=Count("pk"))
        .order_by("programme_name", "lang")
    )


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


def _waits(scope):
    """Per story: the time from its first submission to its first publication, where both are recorded."""
    return scope.stories().filter(wait__isnull=False).order_by()


def time_to_publish(scope):
    """Median and 90th percentile (nearest rank) of submission-to-publication, read by two ordered lookups."""
    waits = _waits(scope)
    n = waits.count()
    figures = []
    for label, share in (("Median", 0.5), ("90th percentile", 0.9)):
        rank = max(1, math.ceil(share * n))
        if n:
            wait = waits.order_by("wait").values_list("wait", flat=True)[rank - 1]
            figures.append([label, round(wait.total_seconds() / 3600, 1), rank])
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
    aggregates = {f"b{i}": Count("pk", filter=Q(returns__gte=lo, returns__lte=hi))
                  for i, (_, lo, hi) in enumerate(RETURN_BUCKETS)}  # fmt: skip
    counted = scope.stories().aggregate(
        top=Count("pk", filter=Q(returns__gte=RETURN_TOP[1])), events=Sum("returns"), **aggregates
    )
    buckets = [(label, counted[f"b{i}"]) for i, (label, _, _) in enumerate(RETURN_BUCKETS)] + [
        (RETURN_TOP[0], counted["top"])
    ]
    events = counted["events"] or 0
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
