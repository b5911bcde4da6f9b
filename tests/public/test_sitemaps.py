import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, BylineFactory, CitationFactory, CountryFactory

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "news": "http://www.google.com/schemas/sitemap-news/0.9"}
BASE = "http://127.0.0.1:8000"


def locations(client, url):
    root = ET.fromstring(client.get(url).content)  # noqa: S314 (parses our own response)
    return [loc.text for loc in root.findall("s:url/s:loc", NS)]


def test_sitemap_lists_live_articles_and_list_pages_with_canonical_addresses(client):
    country = CountryFactory(name="Armenia")
    article = ArticleFactory(live=True, countries=[country], tags=["lakes"])
    BylineFactory(article=article)
    citation = CitationFactory(article=article)
    draft = ArticleFactory(tags=["secret-topic"])

    urls = locations(client, "/sitemap.xml")

    assert f"{BASE}{article.get_absolute_url()}" in urls
    assert f"{BASE}/countries/armenia/" in urls and f"{BASE}{country.region.get_absolute_url()}" in urls
    assert f"{BASE}/topics/lakes/" in urls
    assert f"{BASE}{article.bylines.get().correspondent.get_absolute_url()}" in urls
    assert f"{BASE}{citation.organisation.get_absolute_url()}" in urls
    assert f"{BASE}/archive/{article.publish_at.year}/{article.publish_at.month}/" in urls
    assert f"{BASE}{draft.get_absolute_url()}" not in urls
    assert f"{BASE}/topics/secret-topic/" not in urls
    assert all(client.get(url.removeprefix(BASE)).status_code == 200 for url in urls)


def test_news_sitemap_lists_only_the_last_48_hours(client):
    recent = ArticleFactory(live=True, headline="Recent Story", language="ru")
    old = ArticleFactory(live=True, headline="Old Story")
    old.publish_at = timezone.now() - dt.timedelta(hours=49)
    old.save()
    ArticleFactory(status=Article.Status.PUBLISHED, publish_at=timezone.now() + dt.timedelta(hours=1))

    response = client.get("/news-sitemap.xml")
    root = ET.fromstring(response.content)  # noqa: S314 (parses our own response)

    assert [u.findtext("s:loc", namespaces=NS) for u in root.findall("s:url", NS)] == [
        f"{BASE}{recent.get_absolute_url()}"
    ]
    assert root.findtext("s:url/news:news/news:title", namespaces=NS) == "Recent Story"
    assert root.findtext("s:url/news:news/news:publication/news:language", namespaces=NS) == "ru"
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
