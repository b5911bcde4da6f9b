"""Neighbours fail, the site degrades: each dependency is pointed at a closed port or at a
throwaway server this test starts and kills by PID (never the machine's own Redis or PostgreSQL)."""

import logging
import time

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from redis import Redis as RedisClient

from articles.models import Article
from tests.articles.test_admin_permissions import change_form_data
from tests.factories import ArticleFactory, EditorFactory
from tests.faults import RedisServer, cache_settings, closed_port, database_unreachable

pytestmark = pytest.mark.django_db

SECURITY_HEADERS = ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy")


@pytest.fixture
def redis(settings, tmp_path):
    server = RedisServer(tmp_path)
    settings.CACHES = cache_settings(server.url)
    yield server
    server.stop()


@pytest.fixture
def live_article():
    return ArticleFactory(live=True, headline="Kyrgyzstan: Osh Teachers Wait for Pay")


def timed_get(client, url):
    started = time.monotonic()
    response = client.get(url)
    return response, time.monotonic() - started


# --- cache ----------------------------------------------------------------------------------------


def test_public_pages_render_uncached_while_redis_is_down(client, redis, live_article):
    assert client.get("/").status_code == 200
    assert RedisClient.from_url(redis.url).dbsize() > 0  # really cached in the throwaway Redis

    redis.stop()

    for url in ("/", live_article.get_absolute_url(), reverse("articles:rss"), "/sitemap.xml"):
        response, seconds = timed_get(client, url)
        assert response.status_code == 200, url
        assert seconds < 2, f"{url} waited {seconds:.1f}s on the dead cache"
    assert "Osh Teachers Wait for Pay" in client.get(live_article.get_absolute_url()).text


def test_desk_saves_while_redis_is_down(client, redis, live_article):
    editor = EditorFactory()
    client.force_login(editor)
    redis.stop()

    url = reverse("admin:articles_article_change", args=[live_article.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, change_form_data(live_article, standfirst="Saved while the cache was down."))

    assert response.status_code == 302
    assert Article.objects.get(pk=live_article.pk).standfirst == "Saved while the cache was down."


def test_cache_outage_is_logged_once_not_per_request(client, redis, live_article, caplog):
    redis.stop()
    with caplog.at_level(logging.WARNING, logger="newsroom.health"):
        for _ in range(10):
            assert client.get("/").status_code == 200
    warnings = [r for r in caplog.records if r.name == "newsroom.health"]
    assert len(warnings) == 1 and "Cache unreachable" in warnings[0].getMessage()


def test_health_check_says_degraded_but_serving_while_redis_is_down(client, redis):
    assert client.get("/healthz").json()["cache"]["status"] == "ok"
    redis.stop()

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["cache"] == {"status": "down", "error": "ConnectionError"}


def test_cache_on_a_closed_port_answers_misses_at_once(settings):
    settings.CACHES = cache_settings(f"redis://127.0.0.1:{closed_port()}/0")

    cache.set("key", "value")
    assert cache.get("key", "missing") == "missing"
    assert cache.get_many(["key"]) == {} and cache.add("key", 1) is False


# --- database -------------------------------------------------------------------------------------


def test_uncached_public_page_answers_a_branded_503_with_retry_after_and_security_headers(client, live_article):
    with database_unreachable():
        response = client.get(live_article.get_absolute_url())

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert "We will be back in a moment" in response.text and "Newsroom" in response.text
    for header in SECURITY_HEADERS:
        assert response.has_header(header), header
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_desk_answers_503_while_the_database_is_down(live_article):
    # As in production: an outage met by a middleware (the session, the second-factor gate)
    # rather than the view is answered by handler500, which gives the same 503.
    client = Client(raise_request_exception=False)
    client.force_login(EditorFactory())
    url = reverse("admin:articles_article_change", args=[live_article.pk])

    with database_unreachable():
        page = client.get(url)
        save = client.post(url, {"headline": "Lost?"})

    assert (page.status_code, save.status_code) == (503, 503)
    assert page["Retry-After"] == "30" and page.has_header("X-Frame-Options")


def test_cached_anonymous_pages_keep_serving_while_the_database_is_down(client, live_article):
    url = live_article.get_absolute_url()
    first = client.get(url)
    assert client.get("/").status_code == 200

    with database_unreachable():
        again = client.get(url)
        home = client.get("/")
        uncached = client.get(reverse("articles:archive"))

    assert again.status_code == 200 and again.content == first.content
    assert home.status_code == 200
    assert uncached.status_code == 503


def test_health_check_answers_503_while_the_database_is_down(client):
    with database_unreachable():
        response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down"
    assert body["database"] == {"status": "down", "error": "OperationalError"}
    assert body["queue"]["status"] in ("unknown", "ok")


def test_liveness_stays_200_while_the_database_is_down(client):
    with database_unreachable():
        assert client.get("/healthz/live").status_code == 200


# --- storage --------------------------------------------------------------------------------------


def test_health_check_reports_storage_that_cannot_be_written(client, settings, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocker / "media"

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["storage"]["status"] == "down"
