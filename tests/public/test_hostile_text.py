"""Whatever is stored, every feed and sitemap is valid XML, and plain-text fields arrive as text.

Hostile values are tried both ways they could get in: a forged admin POST (refused with a form
error) and the shell (``QuerySet.update()`` skips validation, as do rows from before the rule).
"""

import xml.etree.ElementTree as ET
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from taggit.models import Tag

from articles.caching import month_sitemap_url
from articles.listings import SUBJECTS
from articles.models import Article, Country, Programme, Region
from people.models import Correspondent, Organisation, Source
from tests.articles.test_admin_permissions import change_form_data
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    CitationFactory,
    CountryFactory,
    EditorFactory,
    ProgrammeFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"

SCRIPT = "<script>alert(1)</script><img src=x onerror=alert(1)>"
HOSTILE_HEADLINE = f"Osh\x01 Bazaar\x0c Rebuilt\u202e {SCRIPT}\x85"
SHELL_HEADLINE = f"Osh Bazaar Rebuilt\u202e {SCRIPT}"
# (No NUL: PostgreSQL cannot store it in text at all.)
HOSTILE_STANDFIRST = f"Traders\x1b return.\x10 {SCRIPT} & more\x7f"


@pytest.fixture
def story():
    country = CountryFactory(name="Kyrgyzstan")
    programme = ProgrammeFactory(name="Global Voices")
    article = ArticleFactory(
        live=True, headline="Osh Bazaar Rebuilt", countries=[country], programme=programme, tags=["trade"]
    )
    byline = BylineFactory(article=article)
    citation = CitationFactory(article=article, source=SourceFactory(name="Named Trader"))
    return article, byline.correspondent, citation


def every_feed_and_sitemap(article, correspondent, citation):
    country = article.countries.get()
    lists = [
        "/feeds/",
        country.region.get_absolute_url(),
        country.get_absolute_url(),
        article.programme.get_absolute_url(),
        reverse("articles:topic", args=["trade"]),
        correspondent.get_absolute_url(),
        citation.organisation.get_absolute_url(),
        citation.source.get_absolute_url(),
    ]
    sitemaps = ["/sitemap.xml", "/news-sitemap.xml", month_sitemap_url(article.publish_at)]
    sitemaps += [f"/sitemap-{subject.prefix}.xml" for subject in SUBJECTS] + ["/sitemap-pages.xml"]
    return [f"{base}{kind}/" for base in lists for kind in ("rss", "atom")] + sitemaps


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return ET.fromstring(response.content)  # noqa: S314 (parses our own response; raises on invalid XML)


def assert_no_markup_injected(root, url):
    for element in root.iter():
        local = element.tag.rsplit("}", 1)[-1]
        assert local not in {"script", "img", "iframe"}, url


def test_a_forged_admin_post_with_hostile_text_is_refused_and_feeds_stay_valid(client, story):
    article, correspondent, citation = story
    desk = Client()
    desk.force_login(EditorFactory())

    response = desk.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_form_data(article, headline=HOSTILE_HEADLINE, standfirst=HOSTILE_STANDFIRST),
    )

    assert response.status_code == 200 and "invisible control character" in response.text
    assert Article.objects.get(pk=article.pk).headline == "Osh Bazaar Rebuilt"
    for url in every_feed_and_sitemap(article, correspondent, citation):
        assert_no_markup_injected(parse(client, url), url)


def test_hostile_text_written_from_the_shell_leaves_every_feed_and_sitemap_valid_xml(client, story):
    article, correspondent, citation = story
    # The database itself refuses control characters in headlines (see tests/safetext): the rest it stores.
    Article.objects.filter(pk=article.pk).update(headline=SHELL_HEADLINE, standfirst=HOSTILE_STANDFIRST)
    Correspondent.objects.filter(pk=correspondent.pk).update(byline_name="Aigerim\x02 S.\u202e")
    Country.objects.update(name="Kyrgyz\x03stan")
    Region.objects.update(name="Central\x04 Asia")
    Programme.objects.update(name="Global\x05 Voices")
    Organisation.objects.update(name="Bureau\x06 for Rights")
    Source.objects.update(name="Named\x0e Trader")
    Tag.objects.update(name="tr\x0fade")

    for url in every_feed_and_sitemap(article, correspondent, citation):
        assert_no_markup_injected(parse(client, url), url)

    rss = parse(client, "/feeds/rss/").find("channel/item")
    assert rss.findtext("title") == f"Osh Bazaar Rebuilt\u202e {SCRIPT}"
    # RSS readers render description as HTML: once they decode it, the reader sees the characters.
    assert unescape(rss.findtext("description")) == f"Traders return. {SCRIPT} & more"
    assert rss.findtext("category") == "trade"
    entry = parse(client, "/feeds/atom/").find(f"{ATOM}entry")
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "text" and summary.text == f"Traders return. {SCRIPT} & more"
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Aigerim S.\u202e"
    news = parse(client, "/news-sitemap.xml")
    ns = {"news": "http://www.google.com/schemas/sitemap-news/0.9"}
    assert news.findtext(".//news:title", namespaces=ns) == f"Osh Bazaar Rebuilt\u202e {SCRIPT}"
    assert (
        parse(client, f"{article.programme.get_absolute_url()}rss/").findtext("channel/title").endswith("Global Voices")
    )


def test_a_plain_standfirst_reads_the_same_in_both_feeds(client):
    ArticleFactory(live=True, standfirst="Water & power: who pays?")

    rss = parse(client, "/feeds/rss/").find("channel/item")
    atom = parse(client, "/feeds/atom/").find(f"{ATOM}entry/{ATOM}summary")

    assert unescape(rss.findtext("description")) == atom.text == "Water & power: who pays?"
