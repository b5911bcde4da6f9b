import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from articles.caching import month_sitemap_url
from articles.models import Article
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    CorrectionFactory,
    CorrespondentFactory,
    CountryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_anonymous_page_is_publicly_cacheable_with_etag_and_last_modified(client):
    article = ArticleFactory(live=True)

    response = client.get(article.get_absolute_url())

    # A CDN may hold it briefly (a withdrawal also purges it); a browser asks again every time.
    assert set(response["Cache-Control"].split(", ")) == {
        "public",
        "max-age=0",
        "s-maxage=30",
        "stale-while-revalidate=20",
        "stale-if-error=20",
    }
    assert "Cookie" not in response.get("Vary", "")
    assert "Set-Cookie" not in response
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")


def test_conditional_get_with_matching_etag_or_date_answers_304(client):
    article = ArticleFactory(live=True)
    first = client.get(article.get_absolute_url())

    by_etag = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = client.get(article.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert by_etag.status_code == 304 and by_etag.content == b""
    assert by_date.status_code == 304


@pytest.mark.parametrize("url", ["/", "/archive/", "/feeds/rss/"])
def test_list_pages_and_feeds_answer_conditional_get(client, url):
    ArticleFactory(live=True)
    first = client.get(url)

    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_repeat_anonymous_request_is_served_from_cache_without_queries(client, django_assert_num_queries):
    article = ArticleFactory(live=True)
    first = client.get(article.get_absolute_url())

    with django_assert_num_queries(0):
        second = client.get(article.get_absolute_url())

    assert second.content == first.content


def test_logged_in_reader_gets_a_private_uncached_page(client):
    article = ArticleFactory(live=True)
    client.force_login(UserFactory())

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_edit_shows_at_once_on_article_home_and_feed(client):
    article = ArticleFactory(live=True, headline="Kyrgyzstan: First Headline")
    for url in (article.get_absolute_url(), "/", "/feeds/rss/"):
        assert "First Headline" in client.get(url).content.decode()

    article.headline = "Kyrgyzstan: Corrected Headline"
    article.save()

    for url in (article.get_absolute_url(), "/", "/feeds/rss/"):
        body = client.get(url).content.decode()
        assert "Corrected Headline" in body and "First Headline" not in body, url


def test_withdrawal_removes_the_story_from_every_surface_at_once(client):
    country = CountryFactory(name="Azerbaijan")
    article = ArticleFactory(live=True, headline="Azerbaijan: Story To Be Withdrawn", countries=[country])
    surfaces = ["/", "/countries/azerbaijan/", "/feeds/rss/", "/feeds/atom/", "/search/?q=withdrawn"]
    surfaces.append(month_sitemap_url(article.publish_at))
    for url in surfaces:
        body = client.get(url).content.decode()
        assert "Story To Be Withdrawn" in body or "story-to-be-withdrawn" in body, url

    article.status = Article.Status.WITHDRAWN
    article.save()

    for url in surfaces:
        body = client.get(url).content.decode()
        assert "Story To Be Withdrawn" not in body and "story-to-be-withdrawn" not in body, url
    assert client.get(article.get_absolute_url()).status_code == 410


def test_new_correction_and_byline_change_show_at_once(client):
    article = ArticleFactory(live=True)
    client.get(article.get_absolute_url())

    CorrectionFactory(article=article, note="The dam is 40 km away, not 14 km.")
    BylineFactory(article=article, correspondent=CorrespondentFactory(byline_name="Zarina M."))

    body = client.get(article.get_absolute_url()).content.decode()
    assert "The dam is 40 km away, not 14 km." in body and "Zarina M." in body


def test_renamed_correspondent_shows_at_once(client):
    correspondent = CorrespondentFactory(byline_name="Old Byline")
    article = ArticleFactory(live=True)
    BylineFactory(article=article, correspondent=correspondent)
    client.get(article.get_absolute_url())

    correspondent.byline_name = "New Byline"
    correspondent.save()

    assert "New Byline" in client.get(article.get_absolute_url()).content.decode()


def test_scheduled_story_appears_when_its_time_comes_without_any_save(client):
    at = timezone.now() + dt.timedelta(hours=2)
    ArticleFactory(status=Article.Status.PUBLISHED, publish_at=at, headline="Scheduled For Later")
    assert "Scheduled For Later" not in client.get("/").content.decode()

    with time_machine.travel(at + dt.timedelta(minutes=1)):
        assert "Scheduled For Later" in client.get("/").content.decode()


def test_change_committed_later_still_invalidates(client, django_capture_on_commit_callbacks):
    article = ArticleFactory(live=True, headline="Before Commit")
    with django_capture_on_commit_callbacks(execute=True):
        article.headline = "After Commit"
        article.save()

    assert "After Commit" in client.get(article.get_absolute_url()).content.decode()


def test_workflow_publish_and_withdraw_show_on_every_surface_at_once(client, django_capture_on_commit_callbacks):
    from articles import workflow
    from tests.factories import EditorFactory

    editor = EditorFactory()
    country = CountryFactory(name="Kazakhstan")
    article = ArticleFactory(status=Article.Status.APPROVED, headline="Kazakhstan: Steppe Fires", countries=[country])
    surfaces = ["/", "/countries/kazakhstan/", "/feeds/rss/", "/search/?q=steppe"]
    for url in surfaces:
        assert "Steppe Fires" not in client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(article, by=editor)
    for url in surfaces:
        assert "Steppe Fires" in client.get(url).content.decode(), url

    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw(Article.objects.get(pk=article.pk), by=editor, reason="Legal review of a quote")
    for url in surfaces:
        assert "Steppe Fires" not in client.get(url).content.decode(), url
    gone = client.get(article.get_absolute_url())
    assert gone.status_code == 410 and "Legal review" not in gone.content.decode()


def _warm(client, urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url


def _served_from_cache(client, url, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(url)
    return response.status_code == 200 and response["X-Cache"] == "hit"


def test_desk_saves_no_page_shows_leave_every_cached_public_page_cached(
    client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from articles import workflow
    from articles.revisions import record_revision
    from tests.factories import (
        CitationFactory,
        CorrespondentUserFactory,
        ImageFactory,
        ProgrammeFactory,
        SourceFactory,
    )

    country = CountryFactory(name="Tajikistan")
    programme = ProgrammeFactory(name="Global Voices")
    live = ArticleFactory(live=True, countries=[country], programme=programme, tags=["water"])
    BylineFactory(article=live)
    surfaces = [
        "/",
        live.get_absolute_url(),
        "/countries/tajikistan/",
        f"/regions/{country.region.slug}/",
        "/programmes/global-voices/",
        "/topics/water/",
        "/feeds/rss/",
        "/countries/tajikistan/rss/",
        "/sitemap.xml",
        month_sitemap_url(live.publish_at),
        "/sitemap-countries.xml",
        "/archive/",
    ]
    _warm(client, surfaces)

    author = CorrespondentUserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        draft = ArticleFactory(headline="Tajikistan: Unfinished Draft", countries=[country], programme=programme)
        draft.tags.add("water")
        BylineFactory(article=draft, correspondent=author.correspondent)
        CitationFactory(article=draft, source=SourceFactory(), organisation=None)
        draft.headline = "Tajikistan: Still A Draft"
        draft.save()
        workflow.submit(draft, by=author)
        record_revision(draft, by=author, comment="Saved")
        ImageFactory()  # uploaded, attached to nothing yet
        ArticleFactory(
            status=Article.Status.PUBLISHED,
            publish_at=timezone.now() + dt.timedelta(days=1),
            countries=[country],
        )  # scheduled for tomorrow

    for url in surfaces:
        assert _served_from_cache(client, url, django_assert_num_queries), url


def test_publishing_re_renders_what_shows_the_story_and_leaves_unrelated_pages_cached(
    client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from articles import workflow
    from tests.factories import EditorFactory

    kazakhstan, armenia = CountryFactory(name="Kazakhstan"), CountryFactory(name="Armenia")
    neighbour = ArticleFactory(live=True, countries=[kazakhstan], headline="Kazakhstan: Older Story")
    unrelated = ArticleFactory(live=True, countries=[armenia], headline="Armenia: Unrelated Story")
    story = ArticleFactory(status=Article.Status.APPROVED, countries=[kazakhstan], headline="Kazakhstan: Steppe Fires")
    showing = ["/", "/countries/kazakhstan/", "/countries/kazakhstan/rss/", "/feeds/rss/", "/feeds/atom/"]
    month_sitemap = month_sitemap_url(timezone.now())
    showing_slug = [month_sitemap]
    not_showing = ["/countries/armenia/", "/countries/armenia/rss/", unrelated.get_absolute_url()]
    _warm(client, [*showing, *showing_slug, *not_showing, neighbour.get_absolute_url()])

    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(story, by=EditorFactory())

    response = client.get(month_sitemap)
    assert response["X-Cache"] == "miss" and story.slug in response.content.decode()

    for url in showing:
        response = client.get(url)
        assert response["X-Cache"] == "miss" and "Steppe Fires" in response.content.decode(), url
    # The older Kazakhstan story lists it among related stories, so it is re-rendered too.
    assert "Steppe Fires" in client.get(neighbour.get_absolute_url()).content.decode()
    for url in not_showing:
        assert _served_from_cache(client, url, django_assert_num_queries), url


def test_stale_page_is_served_to_others_while_one_request_re_renders_it(client, django_assert_num_queries):
    from django.core.cache import cache

    from articles.caching import _lock_key, _page_key

    article = ArticleFactory(live=True, headline="Uzbekistan: First Version")
    url = article.get_absolute_url()
    client.get(url)
    article.headline = "Uzbekistan: Second Version"
    article.save()
    # Another worker is re-rendering this page right now.
    request = client.get(url).wsgi_request
    cache.delete(_lock_key(_page_key(request)))
    article.headline = "Uzbekistan: Third Version"
    article.save()
    cache.add(_lock_key(_page_key(request)), 1, 5)

    with django_assert_num_queries(0):
        stale = client.get(url)

    assert stale["X-Cache"] == "stale" and "Second Version" in stale.content.decode()
    assert stale["Cache-Control"] == "no-cache"  # nobody keeps the stopgap copy
    cache.delete(_lock_key(_page_key(request)))
    fresh = client.get(url)
    assert fresh["X-Cache"] == "miss" and "Third Version" in fresh.content.decode()


def test_cached_answer_carries_the_same_security_headers_as_a_rendered_one(client, settings):
    settings.SECURE_HSTS_SECONDS = 3600
    settings.SECURE_SSL_REDIRECT = False
    article = ArticleFactory(live=True)

    rendered = client.get(article.get_absolute_url(), secure=True)
    cached = client.get(article.get_absolute_url(), secure=True)

    assert (rendered["X-Cache"], cached["X-Cache"]) == ("miss", "hit")
    for header in (
        "Content-Security-Policy",
        "Strict-Transport-Security",
        "Referrer-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Cross-Origin-Opener-Policy",
        "Cache-Control",
        "ETag",
        "Surrogate-Key",
    ):
        assert rendered.has_header(header), header
        assert cached[header] == rendered[header], header
    assert client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=cached["ETag"]).status_code == 304


def test_anonymous_reader_never_starts_a_session_or_gets_a_csrf_cookie(client):
    article = ArticleFactory(live=True)

    for _ in range(2):
        response = client.get(article.get_absolute_url())
        assert not response.cookies and "Cookie" not in response.get("Vary", "")


def test_cached_path_runs_before_the_session_is_read(client, monkeypatch):
    from django.contrib.sessions.middleware import SessionMiddleware

    article = ArticleFactory(live=True)
    client.get(article.get_absolute_url())
    monkeypatch.setattr(SessionMiddleware, "process_request", lambda *a: pytest.fail("session middleware ran"))

    assert client.get(article.get_absolute_url())["X-Cache"] == "hit"


def test_page_with_surrogate_keys_names_the_story_and_its_lists(client):
    country = CountryFactory(name="Georgia")
    article = ArticleFactory(live=True, countries=[country])

    keys = client.get(article.get_absolute_url())["Surrogate-Key"].split()
    assert {"site", f"article:{article.pk}", "country:georgia"} <= set(keys)
    assert "country:georgia" in client.get("/countries/georgia/")["Cache-Tag"].split()


@pytest.mark.parametrize("url", ["/", "ARTICLE", "/countries/tajikistan/", "/feeds/rss/", "/sitemap.xml"])
def test_a_reader_request_writes_nothing_to_the_database(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from images.renditions import renditions_for
    from tests.factories import ImageFactory

    article = ArticleFactory(live=True, countries=[CountryFactory(name="Tajikistan")], lead_image=ImageFactory())
    renditions_for(article.lead_image)  # made after the upload, as the desk does
    url = article.get_absolute_url() if url == "ARTICLE" else url

    for expected in ("miss", "hit"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response["X-Cache"] == expected
        writes = [q["sql"] for q in queries if q["sql"].lstrip().split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}]
        assert writes == [], url


def test_withdrawn_story_is_never_served_from_its_stale_copy(client):
    article = ArticleFactory(live=True, headline="Belarus: Story Soon Withdrawn")
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200

    article.status = Article.Status.WITHDRAWN
    article.save()

    # The first request re-renders (410); those after it must not get the old copy as a stop-gap.
    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 410 and "Soon Withdrawn" not in response.content.decode()


def test_failed_re_render_of_a_stale_page_serves_the_previous_copy(client, monkeypatch):
    from articles import views

    article = ArticleFactory(live=True, headline="Armenia: Copy Before The Outage")
    url = article.get_absolute_url()
    client.get(url)
    article.standfirst = "A changed standfirst."
    article.save()

    def database_down(*args, **kwargs):
        raise RuntimeError("database unavailable")

    monkeypatch.setattr(views, "article_response", database_down)
    client.raise_request_exception = False
    response = client.get(url)

    assert response.status_code == 200 and response["X-Cache"] == "stale"
    assert "Copy Before The Outage" in response.content.decode()


def test_a_new_citation_re_renders_the_cited_organisation_only(
    client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from tests.factories import CitationFactory, OrganisationFactory

    cited, other = OrganisationFactory(name="Legal Aid Bureau"), OrganisationFactory(name="Water Users Union")
    CitationFactory(article=ArticleFactory(live=True), organisation=cited)
    CitationFactory(article=ArticleFactory(live=True), organisation=other)
    cited_url, other_url = cited.get_absolute_url(), other.get_absolute_url()
    _warm(client, [cited_url, other_url])

    with django_capture_on_commit_callbacks(execute=True):
        CitationFactory(article=ArticleFactory(live=True, headline="Kyrgyzstan: New Citing Story"), organisation=cited)
        CitationFactory(article=ArticleFactory(headline="Draft Citing The Union"), organisation=other)

    response = client.get(cited_url)
    assert response["X-Cache"] == "miss" and "New Citing Story" in response.content.decode()
    assert _served_from_cache(client, other_url, django_assert_num_queries)
