"""Public policy pages, the corrections list and the organisation's JSON-LD on every page."""

import datetime as dt
import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from insights.models import Policy
from tests.factories import (
    ArticleFactory,
    CitationFactory,
    ConfidentialSourceFactory,
    CorrectionFactory,
    EditorFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

POLICY_URLS = {
    "publishingPrinciples": "/about/principles/",
    "unnamedSourcesPolicy": "/about/unnamed-sources/",
    "correctionsPolicy": "/about/corrections/",
}


def json_ld_blocks(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def organisation(html):
    found = [block for block in json_ld_blocks(html) if block.get("@type") == "NewsMediaOrganization"]
    assert len(found) == 1
    return found[0]


def test_policy_pages_are_seeded_by_the_migration():
    assert set(Policy.objects.values_list("kind", flat=True)) == set(Policy.Kind.values)
    assert Policy.objects.get(kind="unnamed-sources").title == "How we use unnamed sources"


@pytest.mark.parametrize("url", list(POLICY_URLS.values()))
def test_policy_pages_answer_readers(client, url):
    response = client.get(url)

    assert response.status_code == 200
    assert response["Cache-Control"].startswith("public")
    assert Policy.objects.get(kind=url.split("/")[2]).title in response.content.decode()


@pytest.mark.parametrize("url", ["/", "/about/unnamed-sources/", "/about/corrections/", "/archive/"])
def test_every_page_carries_the_organisation_with_its_three_policies(client, settings, url):
    ArticleFactory(live=True)
    organisation_ld = organisation(client.get(url).content.decode())

    assert organisation_ld["@context"] == "https://schema.org"
    assert organisation_ld["name"] == settings.NEWSROOM_SITE_NAME
    assert organisation_ld["url"] == f"{settings.NEWSROOM_BASE_URL}/"
    for key, path in POLICY_URLS.items():
        assert organisation_ld[key] == f"{settings.NEWSROOM_BASE_URL}{path}"


def test_article_page_has_the_organisation_beside_its_news_article(client):
    article = ArticleFactory(live=True)
    blocks = json_ld_blocks(client.get(article.get_absolute_url()).content.decode())

    assert {block["@type"] for block in blocks} == {"NewsArticle", "NewsMediaOrganization"}


def test_each_policy_address_answers_200(client, settings):
    organisation_ld = organisation(client.get("/about/principles/").content.decode())
    for key in POLICY_URLS:
        path = organisation_ld[key].removeprefix(settings.NEWSROOM_BASE_URL)
        assert client.get(path).status_code == 200


def test_article_with_an_unnamed_source_links_the_policy(client):
    anonymous = ArticleFactory(live=True)
    CitationFactory(article=anonymous, source=SourceFactory(), is_anonymous=True, descriptor="a farmer")
    confidential = ArticleFactory(live=True)
    CitationFactory(article=confidential, source=ConfidentialSourceFactory(), organisation=None)
    named = ArticleFactory(live=True)
    CitationFactory(article=named, source=SourceFactory())

    link = 'href="/about/unnamed-sources/"'
    panel = re.compile(r'<aside class="panel".*?</aside>', re.S)
    assert link in panel.search(client.get(anonymous.get_absolute_url()).content.decode()).group()
    assert link in panel.search(client.get(confidential.get_absolute_url()).content.decode()).group()
    assert link not in panel.search(client.get(named.get_absolute_url()).content.decode()).group()


def test_editor_rewords_the_policy_in_the_desk_and_readers_see_it_at_once(client):
    url = "/about/unnamed-sources/"
    assert client.get(url)["X-Cache"] == "miss"
    assert client.get(url)["X-Cache"] == "hit"
    editor = Client()
    editor.force_login(EditorFactory())
    policy = Policy.objects.get(kind="unnamed-sources")
    change = reverse("admin:insights_policy_change", args=[policy.pk])
    assert editor.get(change).status_code == 200

    response = editor.post(
        change,
        {
            "title": "Unnamed sources",
            "summary": "Rarely, and with care.",
            "body": '<p>We name people.</p><script>alert(1)</script><p onclick="x()">Always checked.</p>',
        },
    )

    assert response.status_code == 302
    page = client.get(url)
    assert page["X-Cache"] == "miss"
    html = page.content.decode()
    assert "Rarely, and with care." in html and "Always checked." in html
    assert "<script>alert" not in html and "onclick" not in html
    policy.refresh_from_db()
    assert policy.updated_by is not None


def test_correspondent_cannot_change_a_policy():
    from tests.factories import CorrespondentUserFactory

    writer = Client()
    writer.force_login(CorrespondentUserFactory())
    policy = Policy.objects.get(kind="principles")

    assert writer.get(reverse("admin:insights_policy_change", args=[policy.pk])).status_code == 403
    response = writer.post(reverse("admin:insights_policy_change", args=[policy.pk]), {"title": "Ours", "body": "x"})
    assert response.status_code == 403
    assert Policy.objects.get(kind="principles").title != "Ours"


def test_corrections_page_lists_only_corrections_of_live_stories(client):
    live = CorrectionFactory(note="Live story, wrong district.")
    draft = CorrectionFactory(article=ArticleFactory(), note="Draft story note.")
    withdrawn = CorrectionFactory(
        article=ArticleFactory(status=Article.Status.WITHDRAWN, headline="Withdrawn one"), note="Withdrawn note."
    )
    scheduled = CorrectionFactory(
        article=ArticleFactory(status=Article.Status.PUBLISHED, publish_at=timezone.now() + dt.timedelta(days=1)),
        note="Scheduled note.",
    )

    html = client.get("/about/corrections/").content.decode()

    assert live.note in html and live.article.headline in html
    for hidden in (draft, withdrawn, scheduled):
        assert hidden.note not in html and hidden.article.headline not in html


def test_corrections_page_is_newest_first_and_pages_by_keyset(client, monkeypatch):
    from insights import public_views

    monkeypatch.setattr(public_views, "PER_PAGE", 2)
    now = timezone.now()
    notes = [CorrectionFactory(note=f"Note number {i}.", published_at=now - dt.timedelta(days=i)) for i in range(5)]

    first = client.get("/about/corrections/").content.decode()
    assert first.index("Note number 0.") < first.index("Note number 1.")
    assert "Note number 2." not in first
    older = re.search(r'href="\?before=(\d+)"', first).group(1)
    assert older == str(notes[1].pk)
    second = client.get(f"/about/corrections/?before={older}").content.decode()
    assert "Note number 2." in second and "Note number 3." in second and "Note number 1." not in second
    last = client.get(f"/about/corrections/?before={notes[3].pk}").content.decode()
    # No "older corrections" link (the language switcher keeps the query, so look for the link itself).
    assert "Note number 4." in last and 'href="?before=' not in last


@pytest.mark.parametrize("before", ["abc", "99999999", "-1", "1" * 40])
def test_corrections_page_with_a_bad_cursor_is_404(client, before):
    assert client.get("/about/corrections/", {"before": before}).status_code == 404


def test_a_hidden_correction_cannot_serve_as_a_cursor(client):
    hidden = CorrectionFactory(article=ArticleFactory())
    assert client.get(f"/about/corrections/?before={hidden.pk}").status_code == 404


def test_a_new_correction_on_a_live_story_refreshes_the_cached_list(client):
    article = ArticleFactory(live=True)
    assert client.get("/about/corrections/")["X-Cache"] == "miss"
    assert client.get("/about/corrections/")["X-Cache"] == "hit"

    CorrectionFactory(article=article, note="The dam is 40 m high, not 400 m.")

    assert "The dam is 40 m high" in client.get("/about/corrections/").content.decode()


def test_withdrawing_a_story_drops_its_correction_from_the_cached_list(client):
    note = CorrectionFactory(note="A note that must go.")
    assert note.note in client.get("/about/corrections/").content.decode()

    article = note.article
    article.status = Article.Status.WITHDRAWN
    article.save()

    assert note.note not in client.get("/about/corrections/").content.decode()


def test_corrections_page_query_count_does_not_grow(client, django_assert_num_queries):
    CorrectionFactory()
    with django_assert_num_queries(2):  # the corrections, the policy text
        client.get("/about/corrections/?x=1")
    for _ in range(29):
        CorrectionFactory()
    with django_assert_num_queries(2):
        client.get("/about/corrections/?x=2")


def test_policy_page_query_count(client, django_assert_num_queries):
    client.get("/about/principles/")  # the cache learns when the next scheduled story is due
    with django_assert_num_queries(1):
        client.get("/about/principles/?x=1")


def test_public_pages_never_write(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    CorrectionFactory()
    with CaptureQueriesContext(connection) as captured:
        for url in POLICY_URLS.values():
            client.get(url)
    assert not [q for q in captured if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
