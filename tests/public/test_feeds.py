import xml.etree.ElementTree as ET

import pytest

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
ATOM = "{http://www.w3.org/2005/Atom}"


def rss_titles(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    root = ET.fromstring(response.content)  # noqa: S314 (parses our own response)
    assert root.tag == "rss" and root.get("version") == "2.0"
    return [item.findtext("title") for item in root.iter("item")]


def test_site_feed_lists_live_stories_with_public_byline_and_canonical_links(client):
    article = ArticleFactory(live=True, headline="Kyrgyzstan: Osh Bazaar Rebuilt", tags=["trade"])
    BylineFactory(article=article, correspondent=CorrespondentFactory(name="Real Name", byline_name="Pen Name"))
    ArticleFactory(headline="Unpublished Draft In Feed")

    response = client.get("/feeds/rss/")
    root = ET.fromstring(response.content)  # noqa: S314 (parses our own response)
    item = root.find("channel/item")

    assert item.findtext("title") == "Kyrgyzstan: Osh Bazaar Rebuilt"
    assert item.findtext("link") == f"http://127.0.0.1:8000{article.get_absolute_url()}"
    assert item.findtext("category") == "trade"
    assert "Pen Name" in response.content.decode() and "Real Name" not in response.content.decode()
    assert "Unpublished Draft In Feed" not in response.content.decode()


def test_atom_feed_lists_the_same_stories(client):
    ArticleFactory(live=True, headline="Georgia: Wine Exports Grow")

    root = ET.fromstring(client.get("/feeds/atom/").content)  # noqa: S314 (parses our own response)

    assert root.tag == f"{ATOM}feed"
    assert [e.findtext(f"{ATOM}title") for e in root.iter(f"{ATOM}entry")] == ["Georgia: Wine Exports Grow"]


def test_every_list_type_has_an_rss_and_an_atom_feed_with_only_its_stories(client):
    country = CountryFactory(name="Mongolia")
    programme = ProgrammeFactory(name="Climate Desk")
    correspondent = CorrespondentFactory(byline_name="Bolor D.")
    source = SourceFactory(name="Named Herder")
    article = ArticleFactory(
        live=True, headline="Mongolia: Herders Count Losses", countries=[country], programme=programme, tags=["dzud"]
    )
    BylineFactory(article=article, correspondent=correspondent)
    citation = CitationFactory(article=article, source=source)
    other = ArticleFactory(live=True, headline="Elsewhere Entirely")
    BylineFactory(article=other)

    for base in [
        country.region.get_absolute_url(),
        country.get_absolute_url(),
        programme.get_absolute_url(),
        "/topics/dzud/",
        correspondent.get_absolute_url(),
        citation.organisation.get_absolute_url(),
        source.get_absolute_url(),
    ]:
        assert rss_titles(client, f"{base}rss/") == ["Mongolia: Herders Count Losses"], base
        atom = ET.fromstring(client.get(f"{base}atom/").content)  # noqa: S314 (parses our own response)
        assert [e.findtext(f"{ATOM}title") for e in atom.iter(f"{ATOM}entry")] == ["Mongolia: Herders Count Losses"]


def test_list_page_links_to_its_feeds(client):
    country = CountryFactory(name="Mongolia")
    ArticleFactory(live=True, countries=[country])

    page = client.get(country.get_absolute_url()).content.decode()

    assert 'type="application/rss+xml" title="Stories on this page (RSS)" href="/countries/mongolia/rss/"' in page
    assert 'href="/countries/mongolia/atom/"' in page


def test_feed_of_a_subject_with_no_public_stories_is_not_found(client):
    correspondent = CorrespondentFactory(byline_name="Only Drafts")
    BylineFactory(article=ArticleFactory(), correspondent=correspondent)

    assert client.get(f"{correspondent.get_absolute_url()}rss/").status_code == 404
