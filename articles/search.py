"""Search over live articles.

On PostgreSQL: full-text search against the stored, GIN-indexed ``search_vector``
(headline A, standfirst B, body C), parsed with each article's own language
configuration, ranked with ``SearchRank`` and highlighted with ``SearchHeadline``.
On SQLite: every word must appear in the headline, standfirst or body; headline
matches rank first; snippets are cut and highlighted in Python.

Snippets are returned as safe HTML: all text escaped, only ``<mark>`` added.
"""

import html
import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, F, FloatField, Func, IntegerField, Q, Value, When
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from articles.models import SEARCH_CONFIGS

#: Longer queries are cut: nobody types more, and a 2,000-character query must stay cheap.
MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
SNIPPET_CHARS = 220
# Private-use characters mark highlights inside SQL output; they never occur in stories.
START, STOP = "\ue000", "\ue001"


def normalise(raw):
    """The query as searched: whitespace collapsed, cut to ``MAX_QUERY_LENGTH``. Returns (query, was_cut)."""
    query = " ".join((raw or "").split())
    if len(query) > MAX_QUERY_LENGTH:
        return query[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0] or query[:MAX_QUERY_LENGTH], True
    return query, False


def terms(query):
    words = [w for w in re.findall(r"\w+", query) if len(w) > 1 or w.isdigit()]
    return list(dict.fromkeys(w.lower() for w in words))[:MAX_TERMS]


def search(articles, query):
    """Rank ``articles`` (a live() queryset) against ``query``; each result gets ``snippet_html`` later."""
    if connection.vendor == "postgresql":
        return _postgres(articles, query)
    return _fallback(articles, query)


def _postgres(articles, query):
    queries = {
        lang: SearchQuery(query, config=config, search_type="websearch") for lang, config in SEARCH_CONFIGS.items()
    }
    other = SearchQuery(query, config="simple", search_type="websearch")
    known = list(queries)
    match = ~Q(language__in=known) & Q(search_vector=other)
    for lang in known:
        match |= Q(language=lang, search_vector=queries[lang])
    plain_body = Func(F("body"), Value("<[^>]+>"), Value(" "), Value("g"), function="regexp_replace")
    headline_options = {"start_sel": START, "stop_sel": STOP, "max_words": 35, "min_words": 15}
    snippet = Case(
        *[
            When(language=lang, then=SearchHeadline(plain_body, queries[lang], config=SEARCH_CONFIGS[lang],
                                                    **headline_options))
            for lang in known
        ],
        default=SearchHeadline(plain_body, other, config="simple", **headline_options),
    )  # fmt: skip
    rank = Case(
        *[When(language=lang, then=SearchRank(F("search_vector"), queries[lang])) for lang in known],
        default=SearchRank(F("search_vector"), other),
        output_field=FloatField(),
    )
    return articles.filter(match).annotate(rank=rank, raw_snippet=snippet).order_by("-rank", "-publish_at")


def _fallback(articles, query):
    words = terms(query)
    if not words:
        return articles.none()
    match = Q()
    for word in words:
        match &= Q(headline__icontains=word) | Q(standfirst__icontains=word) | Q(body__icontains=word)
    in_headline = Case(When(headline__icontains=words[0], then=Value(1)), default=Value(0), output_field=IntegerField())
    return articles.filter(match).annotate(rank=in_headline).order_by("-rank", "-publish_at")


def snippet_html(article, query):
    """A short, escaped extract of the story with the searched words in ``<mark>``."""
    raw = getattr(article, "raw_snippet", None)
    if raw is None:
        raw = _python_headline(article, query)
    parts = re.split(f"([{START}{STOP}])", raw)
    out, inside = [], False
    for part in parts:
        if part == START:
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
    text = " ".join(html.unescape(strip_tags(article.body)).split()) or article.standfirst
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
