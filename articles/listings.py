"""Which live articles each public list shows, written once for pages, feeds and sitemaps.

Everything starts from ``Article.objects.live()``. A citation counts for an
organisation or a source page only when it names them: an anonymous citation, or
one of a confidential source, never ties a story to anyone in public, and an organisation a
correspondent proposed is named nowhere until an editor confirms it
(``Organisation.objects.confirmed()``). The article page's "In this story" panel applies the
same rule in Python (``in_this_story``); a test checks the two forms agree.

The seven public subjects (region, country, programme, topic, correspondent, organisation,
source) are declared once, in ``SUBJECTS``: how to find one by its slug, whether it is public,
which live articles it lists, its address, template and cache tag. Their pages, feeds, URL
patterns and sitemaps are made from that table (``views.subject_page``, ``feeds.subject_feed``,
``urls.subject_patterns``, ``sitemaps.SubjectSitemap``), so a subject cannot be public in one
of them and hidden in another.

Every query here costs the same whatever the size of the archive: membership is an
``EXISTS`` on the link table (no join that needs a DISTINCT over article rows), list items
never load bodies, and lists are read newest first through the ``(status, publish_at)`` index, a page at
a time (``articles.pagination``).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection
from django.db.models import Case, Count, DateField, Exists, F, OuterRef, Prefetch, Q, Subquery, When
from django.db.models.functions import Coalesce, Trunc, TruncMonth
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles.models import ArchiveMonth, Article, Byline, Citation, Country, Programme, Region
from people.models import Affiliation, Correspondent, Organisation, Source

PUBLIC_CITATIONS = Citation.objects.filter(is_anonymous=False).exclude(source__confidential=True)
#: Newest first, with the primary key to break ties: the order keyset pages walk.
NEWEST_FIRST = ("-publish_at", "-pk")
#: What a list item shows; the body (and anything wide) is never read for a list.
LIST_FIELDS = (
    "headline",
    "slug",
    "standfirst",
    "language",
    "publish_at",
    "public_updated_at",
    "programme",
    "lead_image",
)


#: The citations that name an organisation in public: a public citation of a confirmed organisation.
PUBLIC_ORGANISATION_CITATIONS = PUBLIC_CITATIONS.filter(organisation__in=Organisation.objects.confirmed())


def names_in_public(citation):
    """Whether ``citation`` names its source and organisation in public: ``PUBLIC_CITATIONS`` for one row."""
    return not citation.is_anonymous and not (citation.source_id and citation.source.confidential)


def names_organisation_in_public(citation):
    """Whether readers see ``citation``'s organisation: ``PUBLIC_ORGANISATION_CITATIONS`` for one row."""
    return names_in_public(citation) and citation.organisation_id is not None and not citation.organisation.is_proposed


def in_this_story(article):
    """What the article page lists: people (named or by descriptor) and the organisations it names, once each.

    One query whatever the number of citations.
    """
    citations = list(article.citations.select_related("source", "organisation"))
    organisations = []
    for citation in citations:
        # The only organisation a template may print beside a person: None unless readers may see it.
        citation.public_organisation = citation.organisation if names_organisation_in_public(citation) else None
        if citation.public_organisation is not None and citation.public_organisation not in organisations:
            organisations.append(citation.public_organisation)
    people = [c for c in citations if c.source_id or c.is_anonymous]
    return {"people": people, "organisations": organisations}


def public_affiliations():
    """A named source's roles as its public page shows them: at confirmed organisations only."""
    return Affiliation.objects.filter(organisation__in=Organisation.objects.confirmed()).select_related("organisation")


def live_articles():
    """Live articles with what a list item shows (programme, bylines, countries), in a fixed number of queries."""
    return (
        Article.objects.live()
        .select_related("programme")
        .only(*LIST_FIELDS, "programme__name", "programme__slug")
        .prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("correspondent")),
            "countries",
        )
        .order_by(*NEWEST_FIRST)
    )


def _deeper(subject):
    """``subject`` as seen from a subquery one level further down (an ``OuterRef`` needs wrapping)."""
    return OuterRef(subject) if isinstance(subject, OuterRef) else subject


ArticleCountry = Article.countries.through


@dataclass(frozen=True)
class Link:
    """What ties a story to a subject: rows of ``table`` whose ``subject_field`` is the subject.

    ``about`` and ``shown`` are the two query shapes of that one definition: "this article is about
    the subject" (an ``EXISTS`` correlated on the article, which PostgreSQL walks newest first and
    stops) and "a live story is about this subject" (an ``EXISTS`` correlated on the subject).
    """

    rows: Callable  # () -> the link table's queryset (e.g. the public citations only)
    subject_field: str
    article_field: str = "article"

    def about(self, subject):
        """The condition on ``Article``; ``subject`` is an instance or an ``OuterRef`` to one."""
        rows = self.rows().filter(**{self.subject_field: _deeper(subject), self.article_field: OuterRef("pk")})
        return Exists(rows)

    def shown(self):
        """The condition on the subject's model: some live story is about it."""
        live = Article.objects.live().values("pk")
        return Exists(self.rows().filter(**{self.subject_field: OuterRef("pk"), f"{self.article_field}__in": live}))


def _article_topics():
    return TaggedItem.objects.filter(content_type__app_label="articles", content_type__model="article")


class ProgrammeLink(Link):
    """An article's own column: no link table to look through."""

    def about(self, subject):
        return Q(programme=subject)

    def shown(self):
        return Exists(Article.objects.live().filter(programme=OuterRef("pk")))


@dataclass(frozen=True)
class Subject:
    """One kind of public list: the one place that says what it is, how it is found and what it shows.

    ``link`` says what ties a story to the subject (``Link``); the same definition lists a
    subject's stories and decides, inside a query over subjects, which of them are public.
    """

    name: str  # also the cache tag prefix (``region:<slug>``) and the template's context name
    model: type
    prefix: str  # the address: /<prefix>/<slug>/, with rss/ and atom/ below it
    namespace: str  # the URL namespace its names live in (``articles:region``, ``people:source``)
    template: str
    link: Link
    #: Taxonomy has a page even with no story yet; people and topics only while a live story shows them.
    always_public: bool = False
    base: Callable = None  # the model's queryset a reader may ever see (default: all)
    page_related: Callable = field(default=lambda queryset: queryset)  # extra reads for the page itself
    title: Callable = str  # the subject's name in a feed title

    @property
    def url_name(self):
        return f"{self.namespace}:{self.name}"

    def tag(self, slug):
        return f"{self.name}:{slug}"

    def url(self, slug, kind=""):
        """The page's address, or its ``rss``/``atom`` feed's."""
        return reverse(f"{self.url_name}-{kind}" if kind else self.url_name, args=[slug])

    def public(self):
        """Every subject of this kind a reader may open: the one rule for the page, its feeds and the sitemap."""
        queryset = self.base() if self.base else self.model.objects.all()
        if self.always_public:
            return queryset
        return queryset.filter(self.link.shown())

    def get(self, slug, *, for_page=False):
        """The public subject with this slug, or 404: the public never learns whether a hidden one exists."""
        queryset = self.public()
        if for_page:
            queryset = self.page_related(queryset)
        return public_or_404(queryset, slug=slug)

    def articles(self, subject):
        """The live stories the subject's list shows, newest first."""
        return live_articles().filter(self.link.about(subject))


SUBJECTS = (
    Subject(
        "region",
        Region,
        "regions",
        "articles",
        "articles/region_detail.html",
        Link(lambda: ArticleCountry.objects.all(), "country__region"),
        always_public=True,
        page_related=lambda queryset: queryset.prefetch_related("countries"),
    ),
    Subject(
        "country",
        Country,
        "countries",
        "articles",
        "articles/country_detail.html",
        Link(lambda: ArticleCountry.objects.all(), "country"),
        always_public=True,
        page_related=lambda queryset: queryset.select_related("region"),
    ),
    Subject(
        "programme",
        Programme,
        "programmes",
        "articles",
        "articles/programme_detail.html",
        ProgrammeLink(None, "programme"),
        always_public=True,
    ),
    Subject(
        "topic",
        Tag,
        "topics",
        "articles",
        "articles/topic_detail.html",
        Link(_article_topics, "tag", "object_id"),
    ),
    Subject(
        "correspondent",
        Correspondent,
        "correspondents",
        "people",
        "people/correspondent_detail.html",
        Link(lambda: Byline.objects.all(), "correspondent"),
        title=lambda correspondent: correspondent.public_name,
    ),
    Subject(
        "organisation",
        Organisation,
        "organisations",
        "people",
        "people/organisation_detail.html",
        Link(lambda: PUBLIC_ORGANISATION_CITATIONS, "organisation"),
        base=lambda: Organisation.objects.confirmed(),
        page_related=lambda queryset: queryset.select_related("country"),
        title=lambda organisation: organisation.name,
    ),
    Subject(
        "source",
        Source,
        "sources",
        "people",
        "people/source_detail.html",
        Link(lambda: PUBLIC_CITATIONS, "source"),
        base=lambda: Source.objects.public(),
        page_related=lambda queryset: queryset.prefetch_related(
            Prefetch("affiliations", queryset=public_affiliations())
        ),
        title=lambda source: source.name,
    ),
)
SUBJECT = {subject.name: subject for subject in SUBJECTS}


def public_or_404(queryset, **lookup):
    """The object, or 404: the public never learns whether a hidden object exists."""
    # No ordering: ``first()`` would sort by name and walk the name index looking for the slug.
    found = list(queryset.filter(**lookup).order_by()[:1])
    if not found:
        raise Http404
    return found[0]


def live_citations_of(source):
    """Citations of ``source`` (an instance or an ``OuterRef``) in live articles: how readers see a source."""
    return Citation.objects.filter(source=source, article__in=Article.objects.live())


# --- The archive ---------------------------------------------------------------


def months():
    """(first moment of the month, live stories in it), newest first, for months with any.

    On PostgreSQL the counts are ``ArchiveMonth``'s rows (kept by a trigger, one per month,
    whatever the archive's size) less the stories still scheduled (an index range over those
    few only); on SQLite one GROUP BY over the live articles.
    """
    if connection.vendor != "postgresql":
        rows = (
            Article.objects.live()
            .annotate(month=TruncMonth("publish_at"))
            .order_by()
            .values_list("month")
            .annotate(count=Count("pk"))
            .order_by("-month")
        )
        return list(rows)
    # Scheduled stories are in months from this one on: only those rows subtract, in the same query.
    this_month = timezone.localtime().date().replace(day=1)
    waiting = (
        Article.objects.scheduled()
        .annotate(month=Trunc("publish_at", "month", output_field=DateField()))
        .filter(month=OuterRef("month"))
        .order_by()
        .values("month")
        .annotate(count=Count("pk"))
        .values("count")
    )
    live = Case(
        When(month__gte=this_month, then=F("published") - Coalesce(Subquery(waiting), 0)),
        default=F("published"),
    )
    rows = ArchiveMonth.objects.annotate(live=live).filter(live__gt=0).order_by("-month").values_list("month", "live")
    return [(timezone.make_aware(datetime(day.year, day.month, 1)), count) for day, count in rows]


def month_bounds(year, month):
    """The aware start and end of a calendar month in the site's time zone (an index range, no EXTRACT)."""
    start = timezone.make_aware(datetime(year, month, 1))
    end = timezone.make_aware(datetime(year + month // 12, month % 12 + 1, 1))
    return start, end


def in_month(year, month):
    start, end = month_bounds(year, month)
    return live_articles().filter(publish_at__gte=start, publish_at__lt=end)
