"""A withdrawal, correction or publication purges the CDN's copies of what it changed, after the commit."""

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from articles import workflow
from articles.models import Article
from tests.factories import ArticleFactory, CorrectionFactory, CountryFactory, EditorFactory

pytestmark = pytest.mark.django_db


class RecordingCDN(BaseHTTPRequestHandler):
    """Answers PURGE like a CDN's purge API and remembers each one."""

    def do_PURGE(self):  # noqa: N802 (the HTTP method's name)
        self.server.purges.append((self.path, self.headers.get("Host"), self.headers.get("Surrogate-Key")))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def cdn(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), RecordingCDN)
    server.purges = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.NEWSROOM_CDN_PURGE = "articles.cdn.http_purge"
    settings.NEWSROOM_CDN_PURGE_ENDPOINT = f"http://127.0.0.1:{server.server_port}"
    settings.NEWSROOM_BASE_URL = "https://news.example.org"
    yield server.purges
    server.shutdown()
    server.server_close()


def test_withdrawn_story_url_is_purged_from_the_cdn_after_commit(cdn, django_capture_on_commit_callbacks):
    country = CountryFactory(name="Belarus")
    article = ArticleFactory(live=True, countries=[country])
    path = article.get_absolute_url()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.withdraw(article, by=EditorFactory(), reason="A quote could not be verified")
    assert cdn == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()

    purged = {(p, host) for p, host, _ in cdn}
    for url in (path, "/", "/feeds/rss/", "/countries/belarus/", "/countries/belarus/rss/", "/sitemap.xml"):
        assert (url, "news.example.org") in purged, url
    keys = " ".join(key for _, _, key in cdn if key).split()
    assert f"article:{article.pk}" in keys and "country:belarus" in keys


def test_correction_and_publication_purge_the_story(cdn, django_capture_on_commit_callbacks):
    live = ArticleFactory(live=True)
    with django_capture_on_commit_callbacks(execute=True):
        CorrectionFactory(article=live, note="The district was misnamed.")
    assert live.get_absolute_url() in {p for p, _, _ in cdn}

    cdn.clear()
    approved = ArticleFactory(status=Article.Status.APPROVED)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(approved, by=EditorFactory())
    assert {approved.get_absolute_url(), "/"} <= {p for p, _, _ in cdn}
    # Each page has an address per interface language; the CDN drops them all.
    path = approved.get_absolute_url()
    assert {f"/ru{path}", f"/ar{path}", "/ru/", "/ar/", "/ru/feeds/rss/"} <= {p for p, _, _ in cdn}


def test_draft_save_purges_nothing(cdn, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        draft = ArticleFactory(headline="Belarus: Not Yet")
        draft.headline = "Belarus: Still Not Yet"
        draft.save()

    assert cdn == []


def test_unreachable_cdn_is_logged_and_the_withdrawal_still_happens(
    settings, caplog, django_capture_on_commit_callbacks
):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings.NEWSROOM_CDN_PURGE = "articles.cdn.http_purge"
    settings.NEWSROOM_CDN_PURGE_ENDPOINT = f"http://127.0.0.1:{closed_port}"
    article = ArticleFactory(live=True)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw(article, by=EditorFactory(), reason="Legal review")

    assert Article.objects.get(pk=article.pk).status == Article.Status.WITHDRAWN
    assert any("CDN purge" in record.getMessage() for record in caplog.records)
