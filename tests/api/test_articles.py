"""API v1 articles: live only, filters, keyset pagination, the detail as the page shows it."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api import content, keyset, v1
from articles.models import Article
from images.models import Rendition
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    CitationFactory,
    ConfidentialSourceFactory,
    CorrectionFactory,
    CorrespondentFactory,
    CountryFactory,
    ImageFactory,
    OrganisationFactory,
    ProgrammeFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def live(hours_ago, **kwargs):
    at = NOW - dt.timedelta(hours=hours_ago)
    return ArticleFactory(status=Article.Status.PUBLISHED, publish_at=at, first_published_at=at, **kwargs)


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def walk(api, path, **params):
    """Every id a client gets by following ``next`` to the end, and the number of pages."""
    seen, pages = [], 0
    response = api(path, **params)
    while True:
        pages += 1
        seen += ids(response)
        following = response.json()["next"]
        if following is None:
            return seen, pages
        response = api(following)


def test_list_shows_live_articles_newest_first_and_nothing_else(api):
    older, newer = live(5), live(1)
    ArticleFactory(headline="A draft")
    ArticleFactory(status=Article.Status.PUBLISHED, publish_at=NOW + dt.timedelta(days=1))
    ArticleFactory(status=Article.Status.WITHDRAWN, publish_at=NOW - dt.timedelta(days=1))

    response = api("/articles")

    assert ids(response) == [newer.pk, older.pk]
    item = response.json()["items"][0]
    assert item["canonical_url"].endswith(newer.get_absolute_url())
    assert item["api_url"].endswith(f"/api/v1/articles/{newer.pk}")
    assert item["licence"] == {"code": "all-rights-reserved", "name": "All rights reserved", "url": None,
                               "republication": "none"}  # fmt: skip
    assert response.json()["next"] is None
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("sort", ["published", "modified"])
def test_keyset_pagination_walks_every_live_article_exactly_once(api, sort):
    stories = [live(hours) for hours in range(1, 24)]
    # Ties on the sort value are broken by id, so none is skipped or repeated at a page edge.
    Article.objects.filter(pk__in=[s.pk for s in stories[:6]]).update(publish_at=NOW - dt.timedelta(hours=30))
    ArticleFactory(headline="A draft")

    seen, pages = walk(api, "/articles", limit=5, sort=sort)

    assert sorted(seen) == sorted(s.pk for s in stories)
    assert len(seen) == len(set(seen)) == 23
    assert pages == 5


def test_pages_use_no_offset_and_no_count(api):
    for hours in range(1, 8):
        live(hours)
    first = api("/articles", limit=3)
    with CaptureQueriesContext(connection) as queries:
        ids(api(first.json()["next"]))
    sql = " ".join(q["sql"].upper() for q in queries.captured_queries)
    assert "OFFSET" not in sql and "COUNT(" not in sql


def test_a_tampered_cursor_is_a_400_not_an_error(api):
    response = api("/articles", cursor="bm90LWEtY3Vyc29y")
    assert response.status_code == 400
    assert "cursor" in response.json()["detail"]


def test_filters_by_country_programme_language_topic(api):
    kg, tj = CountryFactory(name="Kyrgyzstan"), CountryFactory(name="Tajikistan")
    voices = ProgrammeFactory(name="Global Voices")
    a = live(1, countries=[kg], programme=voices, tags=["water"], language="ru")
    b = live(2, countries=[tj], tags=["courts"])
    ArticleFactory(countries=[kg], programme=voices, tags=["water"], language="ru")  # a draft

    assert ids(api("/articles", country=kg.slug)) == [a.pk]
    assert ids(api("/articles", country=tj.slug)) == [b.pk]
    assert ids(api("/articles", programme=voices.slug)) == [a.pk]
    assert ids(api("/articles", language="ru")) == [a.pk]
    assert ids(api("/articles", topic="courts")) == [b.pk]
    assert ids(api("/articles", country="nowhere")) == []
    assert api("/articles", language="xx").status_code == 422


def test_updated_since_counts_changes_and_a_scheduled_story_going_live(api):
    old = live(48)
    Article.objects.filter(pk=old.pk).update(updated_at=NOW - dt.timedelta(hours=48))
    edited = live(48)  # saved just now
    # Scheduled long ago, not saved since, live an hour ago: new to a partner who synced yesterday.
    scheduled = live(1)
    Article.objects.filter(pk=scheduled.pk).update(updated_at=NOW - dt.timedelta(days=3))

    since = (NOW - dt.timedelta(hours=24)).isoformat()
    assert sorted(ids(api("/articles", updated_since=since, sort="modified"))) == sorted([edited.pk, scheduled.pk])


def test_detail_is_the_article_as_the_page_shows_it(api, settings):
    country = CountryFactory(name="Kyrgyzstan")
    image = ImageFactory(caption="The canal at dawn", credit="Photo: a Newsroom correspondent")
    article = live(1, countries=[country], tags=["water"], lead_image=image, licence=Article.Licence.CC_BY_ND_4)
    Article.objects.filter(pk=article.pk).update(body='<p>Text</p><script>alert(1)</script><p onclick="x()">B</p>')
    BylineFactory(article=article, correspondent=CorrespondentFactory(byline_name="Aibek Regular"), position=0)
    BylineFactory(
        article=article,
        correspondent=CorrespondentFactory(name="Timur Secret", name_withheld=True, withheld_label="A writer in Osh"),
        position=1,
    )
    org = OrganisationFactory(name="Osh Legal Aid Centre", acronym="OLAC")
    CitationFactory(article=article, source=SourceFactory(name="Cholpon Named"), organisation=org, role="lawyer")
    hidden = CitationFactory(
        article=article, source=ConfidentialSourceFactory(name="Zamira Hidden"), organisation=org, role="deputy head"
    )
    CitationFactory(
        article=article, source=SourceFactory(name="Anon Person"), organisation=org, is_anonymous=True,
        descriptor="a local official who asked not to be named", role="head", quote="We were told to say nothing",
    )  # fmt: skip
    CorrectionFactory(article=article, note="An earlier version misspelt a village.")

    response = api(f"/articles/{article.pk}")

    assert response.status_code == 200
    data = response.json()
    assert "<script" not in data["body_html"] and "onclick" not in data["body_html"]
    assert [b["name"] for b in data["bylines"]] == ["Aibek Regular", "A writer in Osh"]
    named, confidential, anonymous = data["citations"]
    assert named == {"label": "Cholpon Named", "role": "lawyer", "source_url": named["source_url"],
                     "organisation": {"name": "Osh Legal Aid Centre", "acronym": "OLAC",
                                      "url": named["organisation"]["url"]}}  # fmt: skip
    assert confidential == {"label": hidden.public_label, "role": "", "source_url": None, "organisation": None}
    assert anonymous == {"label": "a local official who asked not to be named", "role": "", "source_url": None,
                         "organisation": None}  # fmt: skip
    text = response.content.decode()
    for secret in ["Timur Secret", "Zamira Hidden", "Anon Person", "We were told", "deputy head"]:
        assert secret not in text
    assert data["corrections"][0]["note"] == "An earlier version misspelt a village."
    assert data["lead_image"]["credit"] == "Photo: a Newsroom correspondent"
    assert data["lead_image"]["renditions"][0]["url"].startswith(settings.NEWSROOM_BASE_URL)
    assert data["licence"]["url"] == "https://creativecommons.org/licenses/by-nd/4.0/"
    assert data["licence"]["republication"] == "open"
    assert data["canonical_url"] == f"{settings.NEWSROOM_BASE_URL}{article.get_absolute_url()}"
    assert data["translations"] == []
    assert data["topics"][0]["slug"] == "water"


def test_detail_of_a_hidden_article_is_404_and_of_a_withdrawn_one_410(api):
    draft = ArticleFactory(headline="Leakmark draft")
    scheduled = ArticleFactory(status=Article.Status.PUBLISHED, publish_at=NOW + dt.timedelta(days=1))
    withdrawn = ArticleFactory(status=Article.Status.WITHDRAWN, publish_at=NOW - dt.timedelta(days=1))

    assert api(f"/articles/{draft.pk}").status_code == 404
    assert api(f"/articles/{scheduled.pk}").status_code == 404
    gone = api(f"/articles/{withdrawn.pk}")
    assert gone.status_code == 410
    assert "take down" in gone.json()["detail"]
    assert api("/articles/999999").status_code == 404


def _story(n):
    country = CountryFactory()
    image = ImageFactory()
    Rendition.objects.create(image=image, width=480, height=360, format="jpeg", file="r.jpg")
    article = live(1, countries=[country], programme=ProgrammeFactory(), tags=[f"t{i}" for i in range(n)],
                   lead_image=image)  # fmt: skip
    for i in range(n):
        BylineFactory(article=article, position=i)
        CitationFactory(article=article, source=SourceFactory(), organisation=OrganisationFactory())
        CitationFactory(article=article, source=ConfidentialSourceFactory(), organisation=None)
        CorrectionFactory(article=article)
    return article


def _count(api, path, **params):
    api(path, **params)  # the key's last use is written on the first request
    with CaptureQueriesContext(connection) as queries:
        assert api(path, **params).status_code == 200
    return len(queries)


def test_list_query_count_is_the_same_for_1_and_30_articles(api):
    _story(3)
    one = _count(api, "/articles")
    for _ in range(29):
        _story(3)
    assert _count(api, "/articles", limit=30) == one == 5  # key, articles, bylines, countries, topics


def test_detail_query_count_does_not_grow_with_bylines_citations_corrections(api):
    small, large = _story(1), _story(30)
    # key, article (programme, image), renditions, bylines, countries, topics, citations, corrections,
    # and the story's live versions (translations)
    assert _count(api, f"/articles/{small.pk}") == _count(api, f"/articles/{large.pk}") == 9


@pytest.mark.parametrize("order", ["published", "modified"])
def test_on_postgresql_a_cursor_bounds_the_index_scan_instead_of_filtering_it(order):
    if connection.vendor != "postgresql":
        pytest.skip("the query plan is PostgreSQL's")

    for hours in range(1, 6):
        live(hours)
    sort = v1.BY_MODIFIED if order == "modified" else v1.BY_PUBLISHED
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
    rows, cursor_token = keyset.page(content.articles(), sort, limit=2)
    query = content.articles().order_by(*sort.order_by()).filter(sort.after(cursor_token))[:3]
    plan = query.explain()
    index_cond = " ".join(line for line in plan.splitlines() if "Index Cond" in line)
    stamp = getattr(rows[-1], sort.field).strftime("%Y-%m-%d %H:%M")
    assert stamp in index_cond, plan
