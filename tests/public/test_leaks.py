"""Nothing unpublished, confidential or real-named leaks through any public byte.

Builds one article in each non-live state, each with a unique marker in its
headline, standfirst, body, topic and citation, next to live articles that share
their country, programme, correspondent and organisation; then crawls the whole
public site from the home page and checks every byte it can reach.
"""

import datetime as dt
import re
from collections import deque
from urllib.parse import unquote_plus, urljoin, urlsplit

import pytest
from django.utils import timezone

from articles.models import Article, WorkflowEvent
from insights.models import Justification
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    CitationFactory,
    ConfidentialSourceFactory,
    CorrectionFactory,
    CorrespondentFactory,
    CountryFactory,
    ImageFactory,
    OrganisationFactory,
    ProgrammeFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

BASE = "http://127.0.0.1:8000"
NOW = timezone.now()
NON_LIVE = {
    "draft": {"status": Article.Status.DRAFT},
    "submitted": {"status": Article.Status.SUBMITTED},
    "returned": {"status": Article.Status.RETURNED},
    "approved": {"status": Article.Status.APPROVED},
    "scheduled": {"status": Article.Status.PUBLISHED, "publish_at": NOW + dt.timedelta(days=2)},
    "withdrawn": {"status": Article.Status.WITHDRAWN, "publish_at": NOW - dt.timedelta(days=2)},
}
CONFIDENTIAL_NAME = "Zamira Confidentialova"
WITHHELD_REAL_NAME = "Timur Withheldov"
PSEUDONYM_REAL_NAME = "Gulnara Realnamova"
PSEUDONYM_USERNAME = "gulnara.login"
PSEUDONYM_EMAIL = "gulnara.private@example.net"
WITHDRAW_REASON = "Reasonmarker legal threat from the ministry"
JUSTIFICATION_MARK = "Justimarker she would lose her post"
PROPOSED_ORGANISATION = "Proposedmark Water Users Union"
LINK = re.compile(r"""(?:href|src)="([^"]+)"|<(?:loc|link|guid)>([^<]+)</""")
SRCSET = re.compile(r'srcset="([^"]+)"')


#: One language per hidden state, so each can translate the live story (one translation per language).
TRANSLATION_LANGUAGES = ["ru", "kk", "ky", "tg", "uz", "ar"]


def marker(state):
    return f"Leakmark{state.capitalize()}Qx"


@pytest.fixture
def newsroom():
    country = CountryFactory(name="Kyrgyzstan")
    programme = ProgrammeFactory(name="Global Voices")
    shared_org = OrganisationFactory(name="Osh Legal Aid Centre", acronym="OLAC")
    regular = CorrespondentFactory(name="Aibek Regular", byline_name="Aibek Regular")
    withheld = CorrespondentFactory(
        name=WITHHELD_REAL_NAME, name_withheld=True, withheld_label="A correspondent in Osh"
    )
    pseudonymous = CorrespondentFactory(
        name=PSEUDONYM_REAL_NAME,
        byline_name="Aruuke Pen",
        is_pseudonym=True,
        user=UserFactory(username=PSEUDONYM_USERNAME, email=PSEUDONYM_EMAIL, first_name="Gulnara", last_name="R"),
    )
    confidential = ConfidentialSourceFactory(name=CONFIDENTIAL_NAME, public_descriptor="an official in Bishkek")

    live = ArticleFactory(
        live=True,
        headline="Kyrgyzstan: Osh Courts Hear Land Cases",
        countries=[country],
        programme=programme,
        tags=["courts"],
        lead_image=ImageFactory(),
        slug="osh-courts-hear-land-cases",
    )
    live.slug = "osh-courts-land-cases"
    live.save()
    live.record_slug("osh-courts-hear-land-cases")
    for position, correspondent in enumerate([regular, withheld, pseudonymous]):
        BylineFactory(article=live, correspondent=correspondent, position=position)
    CitationFactory(article=live, organisation=shared_org)
    unnamed = CitationFactory(article=live, source=confidential, organisation=shared_org, role="deputy head")
    # The desk's justification of an unnamed source (insights) is never public either.
    Justification.objects.create(
        citation=unnamed, reason="risk", explanation=JUSTIFICATION_MARK, reliability=f"{JUSTIFICATION_MARK} seen"
    )
    CitationFactory(article=live, source=SourceFactory(name="Cholpon Named"), organisation=None, role="lawyer")
    CorrectionFactory(article=live, note="An earlier version misspelt a village.")
    # A correspondent's proposed organisation, cited on the live story, is named nowhere until confirmed.
    proposal = OrganisationFactory(name=PROPOSED_ORGANISATION, acronym="PMWUU", is_proposed=True)
    CitationFactory(article=live, organisation=proposal)
    CitationFactory(article=live, source=SourceFactory(name="Cholpon Proposal"), organisation=proposal, role="member")

    second = ArticleFactory(live=True, headline="Kyrgyzstan: Bishkek Air Quality Falls", countries=[country])
    BylineFactory(article=second, correspondent=pseudonymous)

    hidden = {}
    for (state, fields), language in zip(NON_LIVE.items(), TRANSLATION_LANGUAGES, strict=True):
        mark = marker(state)
        # Each hidden story is also a translation of the live one: its links must not reveal it either.
        article = ArticleFactory(
            translation_of=live,
            language=language,
            headline=f"Kyrgyzstan: {mark} headline",
            standfirst=f"{mark} standfirst",
            body=f"<p>{mark} body</p>",
            countries=[country],
            programme=programme,
            tags=[f"{mark} topic", "courts"],
            **fields,
        )
        BylineFactory(article=article, correspondent=regular)
        BylineFactory(article=article, correspondent=CorrespondentFactory(byline_name=f"{mark} writer"), position=1)
        CitationFactory(article=article, organisation=shared_org, role=f"{mark} role", quote=f"{mark} quote")
        CitationFactory(article=article, source=SourceFactory(name=f"{mark} source"), organisation=None)
        CitationFactory(article=article, organisation=OrganisationFactory(name=f"{mark} organisation"))
        CitationFactory(article=article, source=confidential, organisation=None)
        hidden[state] = article
    WorkflowEvent.objects.create(article=hidden["withdrawn"], action="withdraw", comment=WITHDRAW_REASON)
    return {"live": live, "hidden": hidden}


def forbidden_strings():
    return [marker(state) for state in NON_LIVE] + [
        CONFIDENTIAL_NAME,
        WITHHELD_REAL_NAME,
        PSEUDONYM_REAL_NAME,
        PSEUDONYM_USERNAME,
        PSEUDONYM_EMAIL,
        "Reasonmarker",
        "Justimarker",
        PROPOSED_ORGANISATION,
        "PMWUU",
    ]


def internal_path(url, current):
    absolute = urljoin(f"{BASE}{current}", url.strip())
    parts = urlsplit(absolute)
    if f"{parts.scheme}://{parts.netloc}" != BASE:
        return None
    if parts.path.startswith(("/admin/", "/static/", "/media/")):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def links_in(body, current):
    found = set()
    for match in LINK.finditer(body):
        path = internal_path(match.group(1) or match.group(2), current)
        if path:
            found.add(path)
    for match in SRCSET.finditer(body):
        for candidate in match.group(1).split(","):
            path = internal_path(candidate.split()[0], current)
            if path:
                found.add(path)
    return found


#: The search page in each interface language (/search/, /ru/search/, /ar/search/).
SEARCH_PAGE = re.compile(r"^(?:/[a-z]{2})?/search/\?q=(?P<query>.*)$")


def crawl(client, seeds):
    """Every public page reachable from ``seeds``: {path: (status, body)}."""
    seen, queue, pages = set(seeds), deque(seeds), {}
    while queue:
        path = queue.popleft()
        response = client.get(path)
        body = response.content.decode()
        pages[path] = (response.status_code, body)
        targets = links_in(body, path)
        if response.status_code == 301:
            targets.add(internal_path(response["Location"], path))
        for target in targets - seen:
            seen.add(target)
            queue.append(target)
    return pages


def test_crawl_of_the_whole_public_site_leaks_nothing_and_has_no_broken_links(client, newsroom):
    seeds = ["/", "/robots.txt", "/sitemap.xml", "/news-sitemap.xml", "/feeds/rss/", "/feeds/atom/", "/archive/"]
    seeds += [f"/search/?q={term}" for term in forbidden_strings()]
    seeds += ["/search/?q=Kyrgyzstan", "/search/?q=courts", "/osh-courts-hear-land-cases/"]

    pages = crawl(client, seeds)

    assert len(pages) > 40
    broken = {path: status for path, (status, _) in pages.items() if status not in (200, 301)}
    assert broken == {}
    for path, (_, body) in pages.items():
        lowered = body.lower()
        searched = SEARCH_PAGE.match(path)
        if searched:
            # A search page (in any interface language) repeats the reader's own words; everything
            # else on it must be clean.
            query = unquote_plus(searched["query"]).lower()
            if query in [s.lower() for s in forbidden_strings()]:
                assert 'id="results-heading"' not in lowered, path
            lowered = lowered.replace(query, "")
        for secret in forbidden_strings():
            assert secret.lower() not in lowered, f"{secret!r} leaked on {path}"
    # The crawl reached every kind of page and the JSON-LD it carries.
    live = newsroom["live"]
    assert live.get_absolute_url() in pages and "application/ld+json" in pages[live.get_absolute_url()][1]
    assert pages["/osh-courts-hear-land-cases/"][0] == 301
    for kind in ["/regions/", "/countries/", "/programmes/", "/topics/", "/correspondents/", "/organisations/",
                 "/sources/", "/archive/20", "/rss/", "/atom/", "/sitemap-articles-", "/sitemap-sources"]:  # fmt: skip
        assert any(kind in path for path in pages), kind
    print(f"\ncrawled {len(pages)} public pages")


def test_each_non_live_article_answers_404_or_410_for_withdrawn(client, newsroom):
    for state, article in newsroom["hidden"].items():
        response = client.get(article.get_absolute_url())
        assert response.status_code == (410 if state == "withdrawn" else 404), state
        assert marker(state).lower() not in response.content.decode().lower()
        assert "Reasonmarker" not in response.content.decode()
