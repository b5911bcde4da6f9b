"""The desk's article list: what waits first, and a cost that does not grow with the archive."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import workflow
from articles.admin.changelist import CappedPaginator
from articles.models import Article, waiting_first
from tests.factories import ArticleFactory, BylineFactory, CorrespondentFactory, CorrespondentUserFactory, EditorFactory

pytestmark = pytest.mark.django_db

S = Article.Status
CHANGELIST = "/admin/articles/article/"


@pytest.fixture
def author():
    return CorrespondentUserFactory(username="aigerim")


@pytest.fixture
def editor():
    return EditorFactory(username="dilnoza")


def story(author, status=S.DRAFT, **kwargs):
    article = ArticleFactory(status=status, **kwargs)
    BylineFactory(article=article, correspondent=author.correspondent)
    return article


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def headlines(response):
    return [article.headline for article in response.context["cl"].result_list]


def test_editor_sees_submitted_stories_first_and_the_author_sees_returned_ones_first(author, editor):
    story(author, S.PUBLISHED, headline="Published Earlier", publish_at="2026-01-01T10:00Z")
    waiting = story(author, headline="Waiting for the Desk")
    returned = story(author, headline="Back With a Note")
    story(author, headline="A Fresh Draft")
    workflow.submit(waiting, by=author)
    workflow.submit(returned, by=author)
    workflow.return_to_author(returned, by=editor, note="Name the second lawyer.")

    assert headlines(client_for(editor).get(CHANGELIST))[0] == "Waiting for the Desk"
    page = client_for(author).get(CHANGELIST)
    assert headlines(page)[0] == "Back With a Note"
    assert "state-returned" in page.text and "ago</time>" in page.text


def test_list_queries_are_the_same_for_one_story_and_thirty_and_never_read_a_body(author, editor):
    story(author, S.SUBMITTED)
    client = client_for(editor)
    client.get(CHANGELIST)
    with CaptureQueriesContext(connection) as one:
        client.get(CHANGELIST)
    for _ in range(29):
        story(author, S.SUBMITTED, body="<p>A long story body the list has no use for.</p>")
    with CaptureQueriesContext(connection) as thirty:
        response = client.get(CHANGELIST)

    assert len(response.context["cl"].result_list) == 30
    assert len(thirty.captured_queries) == len(one.captured_queries)
    assert not [q["sql"] for q in thirty.captured_queries if '"articles_article"."body"' in q["sql"]]


def test_the_list_counts_no_further_than_its_cap_and_says_so(author, editor, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 5)
    for _ in range(7):
        story(author)
    with CaptureQueriesContext(connection) as queries:
        response = client_for(editor).get(CHANGELIST)

    assert "More than 5 articles" in response.text
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT 6" in sql for sql in counts)


def test_an_editors_list_is_not_narrowed_by_a_self_join_and_a_correspondent_sees_only_their_own(author, editor):
    mine = story(author, headline="Aigerim's Own")
    ArticleFactory(headline="Someone Else's")
    with CaptureQueriesContext(connection) as queries:
        everything = headlines(client_for(editor).get(CHANGELIST))
    listing = [q["sql"] for q in queries.captured_queries if "ORDER BY CASE" in q["sql"]]

    assert set(everything) == {mine.headline, "Someone Else's"}
    assert listing and not any('IN (SELECT DISTINCT U0."id"' in sql for sql in listing)
    assert headlines(client_for(author).get(CHANGELIST)) == [mine.headline]


def test_a_correspondents_list_reads_the_article_table_once_and_their_bylines_by_id(author, editor):
    mine = story(author, headline="Aigerim's Own")
    story(CorrespondentUserFactory(username="bakyt"), headline="Bakyt's Draft")
    with CaptureQueriesContext(connection) as queries:
        shown = headlines(client_for(author).get(CHANGELIST))
    listing = [q["sql"] for q in queries.captured_queries if "ORDER BY CASE" in q["sql"]]

    assert shown == [mine.headline]
    # visible_to's rule, ANDed in: "id IN (their bylines' article ids)", no second pass over articles.
    assert listing and all(sql.count('FROM "articles_article"') == 1 for sql in listing)
    assert all('IN (SELECT U0."article_id"' in sql and "DISTINCT" not in sql for sql in listing)


def test_correspondent_filter_finds_people_by_name_instead_of_listing_every_byline(author, editor):
    story(author, headline="By Aigerim")
    for n in range(12):
        BylineFactory(correspondent=CorrespondentFactory(byline_name=f"Colleague {n}"))
    client = client_for(editor)

    filters = client.get(CHANGELIST).text.split('id="changelist-filter"')[1]
    assert "Colleague 3" not in filters and 'name="byline"' in filters
    found = client.get(CHANGELIST, {"byline": "aigerim"}).text.split('id="changelist-filter"')[1]
    assert "aigerim Byline" in found and "Colleague" not in found
    chosen = client.get(CHANGELIST, {"correspondent": author.correspondent.pk})
    assert headlines(chosen) == ["By Aigerim"]


def test_search_finds_a_word_from_the_headline_or_the_story(author, editor):
    story(author, headline="Tajikistan: Border Villages Wait for Water", body="<p>The saxaul groves are dying.</p>")
    story(author, headline="Georgia: Vineyards After the Hail")
    client = client_for(editor)

    assert headlines(client.get(CHANGELIST, {"q": "villages"})) == ["Tajikistan: Border Villages Wait for Water"]
    assert headlines(client.get(CHANGELIST, {"q": "saxaul"})) == ["Tajikistan: Border Villages Wait for Water"]
    assert headlines(client.get(CHANGELIST, {"q": "nothing-like-this"})) == []


def test_desk_counts_my_drafts_without_a_wide_distinct(author):
    story(author, headline="Draft of Aigerim")
    with CaptureQueriesContext(connection) as queries:
        response = client_for(author).get(reverse("admin:articles_article_desk"))

    assert {q["title"]: q["count"] for q in response.context["queues"]}["My drafts"] == 1
    assert not [
        q["sql"]
        for q in queries.captured_queries
        if 'DISTINCT "articles_article"."id", "articles_article"."h' in q["sql"]
    ]


@pytest.mark.postgres
def test_the_editors_default_order_can_be_read_from_its_index():
    ArticleFactory.create_batch(3)
    ordered = Article.objects.order_by(waiting_first(S.SUBMITTED).asc(), "-updated_at", "-pk").defer("body")[:50]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        plan = ordered.explain()
    assert "article_desk_order_idx" in plan
