import datetime as dt
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from django.utils import timezone

from articles.models import Article
from articles.sitemaps import CanonicalSitemap
from tests.factories import ArticleFactory, BylineFactory, CitationFactory, CountryFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "news": "http://www.google.com/schemas/sitemap-news/0.9"}
BASE = "http://127.0.0.1:8000"


def locations(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    root = ET.fromstring(response.content)  # noqa: S314 (parses our own response)
    return [loc.text for loc in root.findall("s:url/s:loc", NS)]


def index_entries(client):
    root = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 (parses our own response)
    return [loc.text for loc in root.findall("s:sitemap/s:loc", NS)]


def every_location(client):
    """Every address in every sitemap the index points to, with the sitemap it came from."""
    return [
        (url, sitemap) for sitemap in index_entries(client) for url in locations(client, sitemap.removeprefix(BASE))
    ]


def test_sitemap_index_points_to_sitemaps_of_live_articles_and_list_pages_with_canonical_addresses(client):
    country = CountryFactory(name="Armenia")
    article = ArticleFactory(live=True, countries=[country], tags=["lakes"])
    BylineFactory(article=article)
    citation = CitationFactory(article=article)
    draft = ArticleFactory(tags=["secret-topic"])

    sitemaps = index_entries(client)
    urls = [url for url, _ in every_location(client)]

    month = timezone.localtime(article.publish_at)
    assert f"{BASE}/sitemap-articles-{month.year:04d}-{month.month:02d}.xml" in sitemaps
    assert f"{BASE}/sitemap-countries.xml" in sitemaps and f"{BASE}/sitemap-pages.xml" in sitemaps
    assert f"{BASE}{article.get_absolute_url()}" in urls
    assert f"{BASE}/countries/armenia/" in urls and f"{BASE}{country.region.get_absolute_url()}" in urls
    assert f"{BASE}/topics/lakes/" in urls
    assert f"{BASE}{article.bylines.get().correspondent.get_absolute_url()}" in urls
    assert f"{BASE}{citation.organisation.get_absolute_url()}" in urls
    assert f"{BASE}/archive/{month.year}/{month.month}/" in urls
    assert f"{BASE}{draft.get_absolute_url()}" not in urls
    assert f"{BASE}/topics/secret-topic/" not in urls
    assert all(client.get(url.removeprefix(BASE)).status_code == 200 for url in urls)


def test_every_live_article_is_in_exactly_one_reachable_sitemap_of_bounded_size(client, monkeypatch):
    monkeypatch.setattr(CanonicalSitemap, "limit", 3)
    now = timezone.now()
    live = [ArticleFactory(live=True) for _ in range(7)]  # this month: three pages of at most 3
    for months_ago, article in ((2, live[0]), (14, live[1])):
        Article.objects.filter(pk=article.pk).update(publish_at=now - dt.timedelta(days=31 * months_ago))
    hidden = [
        ArticleFactory(),
        ArticleFactory(status=Article.Status.SUBMITTED),
        ArticleFactory(status=Article.Status.PUBLISHED, publish_at=now + dt.timedelta(days=2)),
        ArticleFactory(status=Article.Status.WITHDRAWN, publish_at=now - dt.timedelta(days=3)),
    ]
    for i in range(5):
        CitationFactory(article=live[i], organisation=OrganisationFactory(name=f"Cited {i}"))

    found = every_location(client)
    per_sitemap = Counter(sitemap for _, sitemap in found)
    urls = Counter(url for url, _ in found)

    assert all(count <= 3 for count in per_sitemap.values())
    assert {url: urls[url] for url in (f"{BASE}{a.get_absolute_url()}" for a in live)} == {
        f"{BASE}{a.get_absolute_url()}": 1 for a in live
    }
    assert not any(f"{BASE}{a.get_absolute_url()}" in urls for a in hidden)
    assert sum(1 for url in urls if "/organisations/" in url) == 5
    assert client.get("/sitemap-articles-2001-13.xml").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_news_sitemap_lists_only_the_last_48_hours(client):
    recent = ArticleFactory(live=True, headline="Recent Story", language="ru")
    assert recent.get_canonical_url() == "/ru/recent-story/"
    old = ArticleFactory(live=True, headline="Old Story")
    old.publish_at = timezone.now() - dt.timedelta(hours=49)
    old.save()
    ArticleFactory(status=Article.Status.PUBLISHED, publish_at=timezone.now() + dt.timedelta(hours=1))

    response = client.get("/news-sitemap.xml")
    root = ET.fromstring(response.content)  # noqa: S314 (parses our own response)

    # A Russian story's one address is in the Russian interface (Article.get_canonical_url).
    assert [u.findtext("s:loc", namespaces=NS) for u in root.findall("s:url", NS)] == [f"{BASE}/ru/recent-story/"]
    assert root.findtext("s:url/news:news/news:title", namespaces=NS) == "Recent Story"
    assert root.findtext("s:url/news:news/news:publication/news:language", namespaces=NS) == "ru"
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
