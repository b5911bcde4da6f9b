import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    CorrectionFactory,
    CorrespondentFactory,
    CountryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_anonymous_page_is_publicly_cacheable_with_etag_and_last_modified(client):
    article = ArticleFactory(live=True)

    response = client.get(article.get_absolute_url())

    # Stored by shared caches, but revalidated on every request, so a withdrawal is never served stale.
    assert set(response["Cache-Control"].split(", ")) == {"public", "no-cache"}
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")


def test_conditional_get_with_matching_etag_or_date_answers_304(client):
    article = ArticleFactory(live=True)
    first = client.get(article.get_absolute_url())

    by_etag = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = client.get(article.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert by_etag.status_code == 304 and by_etag.content == b""
    assert by_date.status_code == 304


@pytest.mark.parametrize("url", ["/", "/archive/", "/feeds/rss/"])
def test_list_pages_and_feeds_answer_conditional_get(client, url):
    ArticleFactory(live=True)
    first = client.get(url)

    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_repeat_anonymous_request_is_served_from_cache_without_queries(client, django_assert_num_queries):
    article = ArticleFactory(live=True)
    first = client.get(article.get_absolute_url())

    with django_assert_num_queries(0):
        second = client.get(article.get_absolute_url())

    assert second.content == first.content


def test_logged_in_reader_gets_a_private_uncached_page(client):
    article = ArticleFactory(live=True)
    client.force_login(UserFactory())

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_edit_shows_at_once_on_article_home_and_feed(client):
    article = ArticleFactory(live=True, headline="Kyrgyzstan: First Headline")
    for url in (article.get_absolute_url(), "/", "/feeds/rss/"):
        assert "First Headline" in client.get(url).content.decode()

    article.headline = "Kyrgyzstan: Corrected Headline"
    article.save()

    for url in (article.get_absolute_url(), "/", "/feeds/rss/"):
        body = client.get(url).content.decode()
        assert "Corrected Headline" in body and "First Headline" not in body, url


def test_withdrawal_removes_the_story_from_every_surface_at_once(client):
    country = CountryFactory(name="Azerbaijan")
    article = ArticleFactory(live=True, headline="Azerbaijan: Story To Be Withdrawn", countries=[country])
    surfaces = ["/", "/countries/azerbaijan/", "/feeds/rss/", "/feeds/atom/", "/sitemap.xml", "/search/?q=withdrawn"]
    for url in surfaces:
        body = client.get(url).content.decode()
        assert "Story To Be Withdrawn" in body or "story-to-be-withdrawn" in body, url

    article.status = Article.Status.WITHDRAWN
    article.save()

    for url in surfaces:
        body = client.get(url).content.decode()
        assert "Story To Be Withdrawn" not in body and "story-to-be-withdrawn" not in body, url
    assert client.get(article.get_absolute_url()).status_code == 410


def test_new_correction_and_byline_change_show_at_once(client):
    article = ArticleFactory(live=True)
    client.get(article.get_absolute_url())

    CorrectionFactory(article=article, note="The dam is 40 km away, not 14 km.")
    BylineFactory(article=article, correspondent=CorrespondentFactory(byline_name="Zarina M."))

    body = client.get(article.get_absolute_url()).content.decode()
    assert "The dam is 40 km away, not 14 km." in body and "Zarina M." in body


def test_renamed_correspondent_shows_at_once(client):
    correspondent = CorrespondentFactory(byline_name="Old Byline")
    article = ArticleFactory(live=True)
    BylineFactory(article=article, correspondent=correspondent)
    client.get(article.get_absolute_url())

    correspondent.byline_name = "New Byline"
    correspondent.save()

    assert "New Byline" in client.get(article.get_absolute_url()).content.decode()


def test_scheduled_story_appears_when_its_time_comes_without_any_save(client):
    at = timezone.now() + dt.timedelta(hours=2)
    ArticleFactory(status=Article.Status.PUBLISHED, publish_at=at, headline="Scheduled For Later")
    assert "Scheduled For Later" not in client.get("/").content.decode()

    with time_machine.travel(at + dt.timedelta(minutes=1)):
        assert "Scheduled For Later" in client.get("/").content.decode()


def test_change_committed_later_still_invalidates(client, django_capture_on_commit_callbacks):
    article = ArticleFactory(live=True, headline="Before Commit")
    with django_capture_on_commit_callbacks(execute=True):
        article.headline = "After Commit"
        article.save()

    assert "After Commit" in client.get(article.get_absolute_url()).content.decode()


def test_workflow_publish_and_withdraw_show_on_every_surface_at_once(client, django_capture_on_commit_callbacks):
    from articles import workflow
    from tests.factories import EditorFactory

    editor = EditorFactory()
    country = CountryFactory(name="Kazakhstan")
    article = ArticleFactory(status=Article.Status.APPROVED, headline="Kazakhstan: Steppe Fires", countries=[country])
    surfaces = ["/", "/countries/kazakhstan/", "/feeds/rss/", "/search/?q=steppe"]
    for url in surfaces:
        assert "Steppe Fires" not in client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(article, by=editor)
    for url in surfaces:
        assert "Steppe Fires" in client.get(url).content.decode(), url

    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw(Article.objects.get(pk=article.pk), by=editor, reason="Legal review of a quote")
    for url in surfaces:
        assert "Steppe Fires" not in client.get(url).content.decode(), url
    gone = client.get(article.get_absolute_url())
    assert gone.status_code == 410 and "Legal review" not in gone.content.decode()
