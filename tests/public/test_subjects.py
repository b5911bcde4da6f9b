"""The public subjects are declared once (``listings.SUBJECTS``); each has a page, two feeds, three
addresses and a sitemap made from that declaration, and all of them agree on whether it is public."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import resolve, reverse
from taggit.models import Tag

from articles import feeds
from articles.caching import _subject
from articles.listings import SUBJECT, SUBJECTS
from articles.sitemaps import SITEMAPS, SubjectSitemap
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    CitationFactory,
    CountryFactory,
    ProgrammeFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
KINDS = ["region", "country", "programme", "topic", "correspondent", "organisation", "source"]


def test_every_subject_has_a_page_two_feeds_three_addresses_and_a_sitemap():
    assert sorted(subject.name for subject in SUBJECTS) == sorted(KINDS)
    for subject in SUBJECTS:
        page, rss, atom = (subject.url("a-slug", kind) for kind in ("", "rss", "atom"))
        assert page == f"/{subject.prefix}/a-slug/" and rss == f"{page}rss/" and atom == f"{page}atom/"
        assert resolve(page).func.__name__ == subject.name
        rss_view, atom_view = resolve(rss).func, resolve(atom).func
        assert isinstance(rss_view.__wrapped__, feeds.SubjectFeed) and rss_view.__wrapped__.subject is subject
        assert rss_view.__wrapped__.feed_type is feeds.PlainTextRssFeed
        assert atom_view.__wrapped__.subject is subject
        assert atom_view.__wrapped__.feed_type is feeds.PlainTextAtomFeed
        sitemap = SITEMAPS[subject.prefix]
        assert isinstance(sitemap, SubjectSitemap) and sitemap.subject is subject
        assert _subject(subject.name, "a-slug") == (f"{subject.name}:a-slug", {page, rss, atom})


def test_the_old_url_names_still_reverse_to_the_same_addresses():
    assert reverse("articles:region", args=["central-asia"]) == "/regions/central-asia/"
    assert reverse("articles:country-rss", args=["kyrgyzstan"]) == "/countries/kyrgyzstan/rss/"
    assert reverse("articles:topic-atom", args=["water"]) == "/topics/water/atom/"
    assert reverse("people:correspondent", args=["asel"]) == "/correspondents/asel/"
    assert reverse("people:organisation-atom", args=["kibhr"]) == "/organisations/kibhr/atom/"
    assert reverse("people:source-rss", args=["galym"]) == "/sources/galym/rss/"


def attach(kind, article, subject=None):
    """Tie ``article`` to a subject of ``kind`` (a new one unless given); return the subject."""
    if kind in ("region", "country"):
        country = subject if kind == "country" else None
        country = country or (CountryFactory(region=subject) if subject else CountryFactory())
        article.countries.add(country)
        return country if kind == "country" else country.region
    if kind == "programme":
        article.programme = subject or ProgrammeFactory()
        article.save()
        return article.programme
    if kind == "topic":
        article.tags.add(subject.name if subject else "border-trade")
        return Tag.objects.get(name="border-trade")
    if kind == "correspondent":
        return BylineFactory(article=article, **({"correspondent": subject} if subject else {})).correspondent
    if kind == "organisation":
        return CitationFactory(article=article, **({"organisation": subject} if subject else {})).organisation
    return CitationFactory(article=article, organisation=None, source=subject or SourceFactory()).source


def in_sitemap(client, subject, url):
    root = ET.fromstring(client.get(f"/sitemap-{subject.prefix}.xml").content)  # noqa: S314 (our own response)
    return any(loc.text.endswith(url) for loc in root.findall("s:url/s:loc", NS))


def answers(client, subject, slug):
    return {kind or "page": client.get(subject.url(slug, kind)).status_code for kind in ("", "rss", "atom")}


@pytest.mark.parametrize("kind", KINDS)
def test_page_feeds_and_sitemap_agree_on_whether_a_subject_is_public(client, kind):
    subject = SUBJECT[kind]
    draft = ArticleFactory(headline="A Draft That Names Them")
    obj = attach(kind, draft)
    url = subject.url(obj.slug)

    if subject.always_public:
        assert answers(client, subject, obj.slug) == {"page": 200, "rss": 200, "atom": 200}
        assert in_sitemap(client, subject, url)
        assert "A Draft That Names Them" not in client.get(url).content.decode()
    else:
        assert answers(client, subject, obj.slug) == {"page": 404, "rss": 404, "atom": 404}
        assert not in_sitemap(client, subject, url)

    live = ArticleFactory(live=True, headline="A Live Story That Names Them")
    attach(kind, live, obj)

    assert answers(client, subject, obj.slug) == {"page": 200, "rss": 200, "atom": 200}
    assert in_sitemap(client, subject, url)
    page = client.get(url).content.decode()
    assert "A Live Story That Names Them" in page and "A Draft That Names Them" not in page
    assert "A Live Story That Names Them" in client.get(subject.url(obj.slug, "rss")).content.decode()


@pytest.mark.parametrize("kind", ["organisation", "source"])
def test_an_anonymous_citation_makes_no_public_page(client, kind):
    subject = SUBJECT[kind]
    article = ArticleFactory(live=True)
    citation = CitationFactory(article=article, is_anonymous=True, source=SourceFactory())
    obj = getattr(citation, kind)

    assert answers(client, subject, obj.slug) == {"page": 404, "rss": 404, "atom": 404}
    assert not in_sitemap(client, subject, subject.url(obj.slug))
