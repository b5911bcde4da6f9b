"""Every public page runs a fixed number of queries, however much it shows."""

import html
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.caching import check_schedule, month_sitemap_url
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    CitationFactory,
    CorrespondentFactory,
    CountryFactory,
    ProgrammeFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

#: One more than before translations: the story's live versions (hreflang links, "Also in") are one query.
MAX_ARTICLE_QUERIES = 9
MAX_LIST_QUERIES = 8


def count_queries(client, url):
    """Queries to render ``url`` afresh: no cached page, the next schedule time already known (as after any save)."""
    cache.clear()
    check_schedule()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_article_page_query_count_does_not_grow_with_bylines_citations_tags_corrections(client, build_story):
    small, large = build_story(1), build_story(30)
    one = count_queries(client, small.get_absolute_url())
    thirty = count_queries(client, large.get_absolute_url())

    assert one == thirty
    assert thirty <= MAX_ARTICLE_QUERIES


def _world(n):
    """``n`` live stories sharing one country, correspondent, organisation, named source, topic and programme."""
    country = CountryFactory(name=f"Country with {n}")
    correspondent = CorrespondentFactory(byline_name=f"Writer with {n}")
    programme = ProgrammeFactory(name=f"Programme with {n}")
    first = None
    for i in range(n):
        article = ArticleFactory(
            live=True,
            programme=programme,
            language="ru" if i % 2 else "en",
            countries=[country, CountryFactory()],
            tags=[f"topic-{n}", f"x{n}-{i}"],
        )
        BylineFactory(article=article, correspondent=correspondent)
        BylineFactory(article=article, position=1)
        if first is None:
            first = CitationFactory(article=article, source=SourceFactory(name=f"Named source {n}"), role="director")
        else:
            CitationFactory(article=article, source=first.source, organisation=first.organisation)
    return {
        "home": "/",
        "region": country.region.get_absolute_url(),
        "country": country.get_absolute_url(),
        "topic": f"/topics/topic-{n}/",
        "correspondent": correspondent.get_absolute_url(),
        "organisation": first.organisation.get_absolute_url(),
        "source": first.source.get_absolute_url(),
        "search": "/search/?q=border",
        "archive": "/archive/",
        "rss": "/feeds/rss/",
        "sitemap": "/sitemap.xml",
        "month sitemap": month_sitemap_url(first.article.publish_at),
        "organisation sitemap": "/sitemap-organisations.xml",
        "source sitemap": "/sitemap-sources.xml",
        "pages sitemap": "/sitemap-pages.xml",
        "archive month": f"/archive/{first.article.publish_at.year}/{first.article.publish_at.month}/",
        "programme": programme.get_absolute_url(),
        "organisation rss": f"{first.organisation.get_absolute_url()}rss/",
        "source atom": f"{first.source.get_absolute_url()}atom/",
    }


@pytest.mark.parametrize(
    "page",
    [
        "home",
        "region",
        "country",
        "programme",
        "topic",
        "correspondent",
        "organisation",
        "source",
        "search",
        "archive",
        "archive month",
        "rss",
        "organisation rss",
        "source atom",
        "sitemap",
        "month sitemap",
        "organisation sitemap",
        "source sitemap",
        "pages sitemap",
    ],
)
def test_list_page_query_count_is_the_same_for_one_and_thirty_items(client, page):
    one_url = _world(1)[page]
    thirty_url = _world(30)[page]

    one = count_queries(client, one_url)
    thirty = count_queries(client, thirty_url)

    assert one == thirty
    assert thirty <= MAX_LIST_QUERIES
    print(f"{page}: {thirty} queries")


@pytest.mark.parametrize("page", ["country", "correspondent", "organisation", "source", "topic", "archive month"])
def test_an_older_page_costs_the_queries_of_the_first(client, page):
    url = _world(30)[page]
    first = count_queries(client, url)
    older = re.search(r'rel="next" href="([^"]+)"', client.get(url).content.decode()).group(1)

    assert count_queries(client, html.unescape(older)) == first
