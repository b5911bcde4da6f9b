"""Search over live articles, at a cost that does not grow with the archive.

Only the newest ``CANDIDATES`` matching live articles are ranked; the page says so when
there may be more ("at least 1,000 stories match"), and nothing ever counts every match.
Snippets are made for the page shown only.

On PostgreSQL: full-text search against ``ArticleSearch.vector`` (headline A, standfirst B,
body C, kept by a database trigger), parsed with each article's own language configuration
(websearch syntax: quoted phrases, ``or``, ``-word``), ranked with ``SearchRank`` and
highlighted with ``SearchHeadline``. On SQLite: every word must appear in the headline,
standfirst or body; headline matches rank first; snippets are cut and highlighted in Python.

Snippets are returned as safe HTML: all text escaped, only ``<mark>`` added, and a ``<br>`` where
one paragraph of the story ends and the next begins (so "…said Boboev." and "Nodira…" stay apart).
"""

import html
import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchQueryField, SearchRank
from django.db import connection
from django.db.models import BooleanField, Case, F, FloatField, Func, IntegerField, Q, TextField, Value, When
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from articles.models import SEARCH_CONFIGS, Article, ArticleSearch

#: Longer queries are cut: nobody types more, and a 2,000-character query must stay cheap.
MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
SNIPPET_CHARS = 220
#: How many of the newest matches are ranked. More matches than this are not counted.
CANDIDATES = 1000
# Private-use characters mark highlights and paragraph ends inside SQL output; they never occur in stories.
START, STOP, PARAGRAPH = "\ue000", "\ue001", "\ue002"
#: Where a block of the body ends: a snippet keeps the break there ("…said Boboev. / Nodira…").
BLOCK_END = r"</(p|h[1-6]|li|blockquote|figcaption|pre)>|<br\s*/?>"


def normalise(raw):
    """The query as searched: whitespace collapsed, cut to ``MAX_QUERY_LENGTH``. Returns (query, was_cut)."""
    query = " ".join((raw or "").split())
    if len(query) > MAX_QUERY_LENGTH:
        return query[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0] or query[:MAX_QUERY_LENGTH], True
    return query, False


def terms(query):
    words = [w for w in re.findall(r"\w+", query) if len(w) > 1 or w.isdigit()]
    return list(dict.fromkeys(w.lower() for w in words))[:MAX_TERMS]


def ranked_ids(query, *, at=None):
    """Primary keys of the newest ``CANDIDATES`` live articles matching ``query``, best first.

    One query (two for a quoted phrase). A list of exactly ``CANDIDATES`` ids means there may
    be more matches. The caller loads the page's articles with ``page_articles``, which starts
    from ``live()``.
    """
    at = at or timezone.now()
    if connection.vendor == "postgresql":
        return _postgres_ids(query, at)
    return _fallback_ids(query, at)


#: How many matches the desk's article search finds at most (the newest by id).
DESK_CANDIDATES = 1000


def desk_ids(query):
    """Ids of the newest ``DESK_CANDIDATES`` articles, in any state, whose text matches ``query``.

    For the desk's article list on PostgreSQL: the same vectors and parsing as public search,
    read from the search table alone (GIN index for rare words, newest first for common ones),
    so the list never scans or counts the article table for a word. The caller narrows the
    ids to what the user may see.
    """
    queries, other = _queries(query)
    rows = ArticleSearch.objects.filter(_match(queries, other)).order_by("-article_id")
    return list(rows.values_list("article_id", flat=True)[:DESK_CANDIDATES])


def page_articles(articles, ids, query):
    """The articles of one page of ``ranked_ids``, in that order, each with ``snippet``."""
    by_pk = articles.filter(pk__in=ids)
    if connection.vendor == "postgresql":
        by_pk = by_pk.annotate(raw_snippet=_postgres_snippet(query))
    found = {article.pk: article for article in by_pk}
    page = [found[pk] for pk in ids if pk in found]
    for article in page:
        article.snippet = snippet_html(article, query)
    return page


def _queries(query):
    by_language = {
        lang: SearchQuery(query, config=config, search_type="websearch") for lang, config in SEARCH_CONFIGS.items()
    }
    return by_language, SearchQuery(query, config="simple", search_type="websearch")


def _postgres_ids(query, at):
    queries, other = _queries(query)
    rank = Case(
        *[When(language=lang, then=SearchRank(F("vector"), q)) for lang, q in queries.items()],
        default=SearchRank(F("vector"), other),
        output_field=FloatField(),
    )
    # One query on the search table alone: the newest matches (through the GIN index, or by
    # walking the (status, publish_at) index for common words, as the planner judges), ranked
    # as they are read. Its status and publish time are the article's own, copied by the
    # trigger; the page's articles are then loaded through live() (``page_articles``).
    newest = ArticleSearch.objects.filter(status=Article.Status.PUBLISHED, publish_at__lte=at).order_by("-publish_at")
    if '"' in query:
        # A phrase is checked word by word position, which the GIN index cannot do: look for
        # it among the newest articles holding all its words, so the work stays bounded.
        # Their ids are fetched first (one more query): as a subquery, the planner would test
        # the phrase against every row instead of these.
        holding_words = newest.filter(_match(queries, other, loose=True)).values_list("pk", flat=True)
        newest = newest.filter(pk__in=list(holding_words[:CANDIDATES]))
    rows = newest.filter(_match(queries, other)).annotate(rank=rank)
    rows = rows.values_list("article_id", "rank", "publish_at")[:CANDIDATES]
    ranked = sorted(rows, key=lambda row: (row[1], row[2], row[0]), reverse=True)
    return [article_id for article_id, _, _ in ranked]


def _match(queries, other, *, loose=False):
    """Each article's vector against the query parsed in its own language's configuration.

    ``loose`` turns phrases into plain "all these words" (``<->`` becomes ``&``).
    """

    def matches(search_query):
        if not loose:
            return Q(vector=search_query)
        as_text = Cast(search_query, TextField())
        words = Cast(Func(as_text, Value("<[0-9-]+>"), Value("&"), Value("g"), function="regexp_replace"),
                     SearchQueryField())  # fmt: skip
        return Q(Func(F("vector"), words, template="%(expressions)s", arg_joiner=" @@ ", output_field=BooleanField()))

    match = ~Q(language__in=list(queries)) & matches(other)
    for lang, search_query in queries.items():
        match |= Q(language=lang) & matches(search_query)
    return match


def _postgres_snippet(query):
    queries, other = _queries(query)
    marked = Func(F("body"), Value(BLOCK_END), Value(f" {PARAGRAPH} "), Value("gi"), function="regexp_replace")
    plain_body = Func(marked, Value("<[^>]+>"), Value(" "), Value("g"), function="regexp_replace")
    options = {"start_sel": START, "stop_sel": STOP, "max_words": 35, "min_words": 15}
    return Case(
        *[
            When(language=lang, then=SearchHeadline(plain_body, q, config=SEARCH_CONFIGS[lang], **options))
            for lang, q in queries.items()
        ],
        default=SearchHeadline(plain_body, other, config="simple", **options),
    )


def _fallback_ids(query, at):
    words = terms(query)
    if not words:
        return []
    match = Q()
    for word in words:
        match &= Q(headline__icontains=word) | Q(standfirst__icontains=word) | Q(body__icontains=word)
    newest = Article.objects.live(at=at).filter(match).order_by("-publish_at").values("pk")[:CANDIDATES]
    in_headline = Case(When(headline__icontains=words[0], then=Value(1)), default=Value(0), output_field=IntegerField())
    ranked = Article.objects.filter(pk__in=newest).annotate(rank=in_headline)
    return list(ranked.order_by("-rank", "-publish_at", "-pk").values_list("pk", flat=True))


def snippet_html(article, query):
    """A short, escaped extract of the story with the searched words in ``<mark>``."""
    raw = getattr(article, "raw_snippet", None)
    if raw is None:
        raw = _python_headline(article, query)
    raw = re.sub(rf"\s*{PARAGRAPH}[\s{PARAGRAPH}]*", PARAGRAPH, raw).strip(f" {PARAGRAPH}")
    parts = re.split(f"([{START}{STOP}{PARAGRAPH}])", raw)
    out, inside = [], False
    for part in parts:
        if part == PARAGRAPH:
            out.append('<br class="snippet-break">')
        elif part == START:
            out.append("<mark>")
            inside = True
        elif part == STOP:
            if inside:
                out.append("</mark>")
            inside = False
        else:
            out.append(escape(html.unescape(part)))
    if inside:
        out.append("</mark>")
    return mark_safe("".join(out))  # noqa: S308 (every text part above is escaped)


def _python_headline(article, query):
    blocks = re.sub(BLOCK_END, PARAGRAPH, article.body or "", flags=re.IGNORECASE).split(PARAGRAPH)
    paragraphs = [" ".join(html.unescape(strip_tags(block)).split()) for block in blocks]
    text = f" {PARAGRAPH} ".join(p for p in paragraphs if p) or article.standfirst
    words = terms(query)
    lowered = text.lower()
    hits = [lowered.find(w) for w in words if lowered.find(w) >= 0]
    start = max(0, min(hits) - SNIPPET_CHARS // 3) if hits else 0
    if start:
        start = text.find(" ", start) + 1 or start
    extract = text[start : start + SNIPPET_CHARS]
    if words:
        pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE)
        extract = pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", extract)
    prefix = "… " if start else ""
    suffix = " …" if start + SNIPPET_CHARS < len(text) else ""
    return f"{prefix}{extract}{suffix}"
