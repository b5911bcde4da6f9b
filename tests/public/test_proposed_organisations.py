"""A proposed organisation is named on no public surface until an editor confirms it; the article
page lists People and Organisations apart, from the same rule the organisation pages use."""

import itertools

import pytest

from articles import listings
from articles.models import Citation
from people import organisations
from people.models import Organisation
from tests.factories import (
    AffiliationFactory,
    ArticleFactory,
    CitationFactory,
    ConfidentialSourceFactory,
    CorrespondentUserFactory,
    EditorFactory,
    OrganisationFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

PROPOSED = "Jalal-Abad Water Users Union"
SURFACES = ["/", "/sitemap.xml", "/news-sitemap.xml", "/feeds/rss/", "/feeds/atom/", "/archive/", "/search/?q=canals"]


@pytest.fixture
def story():
    writer = CorrespondentUserFactory(username="aigerim")
    proposal = organisations.propose(Organisation(name=PROPOSED, acronym="JWUU"), by=writer)
    proposal.save()
    article = ArticleFactory(live=True, headline="Kyrgyzstan: Canals Run Dry in Jalal-Abad")
    CitationFactory(article=article, organisation=proposal)
    farmer = SourceFactory(name="Bakyt Usenov")
    CitationFactory(article=article, source=farmer, organisation=proposal, role="member")
    AffiliationFactory(source=farmer, organisation=proposal, role="")
    return {"article": article, "proposal": proposal, "farmer": farmer}


def test_a_proposed_organisation_is_on_no_public_page_feed_or_sitemap(client, story):
    proposal, farmer = story["proposal"], story["farmer"]
    urls = [*SURFACES, story["article"].get_absolute_url(), farmer.get_absolute_url()]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert PROPOSED not in response.text and "JWUU" not in response.text, url
    for url in (proposal.get_absolute_url(), f"/feeds/rss{proposal.get_absolute_url()}"):
        assert client.get(url).status_code == 404
    # The person is still named; only the organisation waits.
    assert "Bakyt Usenov" in client.get(story["article"].get_absolute_url()).text


def test_once_confirmed_it_appears_on_the_article_and_its_own_page(client, story):
    organisations.confirm(story["proposal"], by=EditorFactory())

    page = client.get(story["article"].get_absolute_url()).text
    assert "<h3>Organisations</h3>" in page and f"<bdi>{PROPOSED}</bdi></a> (<abbr><bdi>JWUU</bdi></abbr>)" in page
    assert client.get(story["proposal"].get_absolute_url()).status_code == 200
    assert PROPOSED in client.get(story["farmer"].get_absolute_url()).text


def test_article_page_lists_people_and_organisations_apart(client):
    article = ArticleFactory(live=True)
    kibhr = OrganisationFactory(name="Kazakhstan International Bureau for Human Rights", acronym="KIBHR")
    CitationFactory(article=article, organisation=kibhr)
    CitationFactory(article=article, organisation=OrganisationFactory(name="Freedom House", acronym=""))
    CitationFactory(article=article, source=SourceFactory(name="Nodira Rahimova"), organisation=kibhr, role="lawyer")
    CitationFactory(article=article, organisation=kibhr, is_anonymous=True, descriptor="an official at the bureau")

    page = client.get(article.get_absolute_url()).text
    people = page[page.index("<h3>People</h3>") : page.index("<h3>Organisations</h3>")]
    orgs = page[page.index("<h3>Organisations</h3>") : page.index("</ul>", page.index("<h3>Organisations</h3>"))]

    assert "Nodira Rahimova" in people and "An official at the bureau" in people
    assert "Freedom House" not in people
    assert orgs.count("<li>") == 2  # the bureau once, however often it is cited
    assert "(<abbr><bdi>KIBHR</bdi></abbr>)" in orgs and "Freedom House</bdi></a></li>" in orgs


def test_the_article_panel_and_the_organisation_pages_apply_one_rule():
    """``names_organisation_in_public`` (Python) and ``PUBLIC_ORGANISATION_CITATIONS`` (SQL) agree."""
    writer = CorrespondentUserFactory()
    proposal = organisations.propose(Organisation(name="A proposal"), by=writer)
    proposal.save()
    article = ArticleFactory(live=True)
    choices = itertools.product(
        [None, SourceFactory(), ConfidentialSourceFactory()],
        [None, OrganisationFactory(), proposal],
        [False, True],
    )
    for source, organisation, anonymous in choices:
        if source is None and organisation is None:
            continue
        CitationFactory(article=article, source=source, organisation=organisation, is_anonymous=anonymous)
    in_sql = set(listings.PUBLIC_ORGANISATION_CITATIONS.values_list("pk", flat=True))
    for citation in Citation.objects.select_related("source", "organisation"):
        assert listings.names_organisation_in_public(citation) is (citation.pk in in_sql), citation.pk
    shown = listings.in_this_story(article)["organisations"]
    assert set(shown) == set(listings.SUBJECT["organisation"].public()) and proposal not in shown


def test_merging_a_proposal_moves_its_citations_to_the_public_organisation(client, story):
    existing = OrganisationFactory(name="Water Users Union of Kyrgyzstan", acronym="WUUK")
    organisations.merge(story["proposal"], into=existing, by=EditorFactory())

    page = client.get(story["article"].get_absolute_url()).text
    assert "Water Users Union of Kyrgyzstan" in page and PROPOSED not in page
    assert story["article"].get_absolute_url() in client.get(existing.get_absolute_url()).text
