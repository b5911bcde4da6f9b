import datetime as dt
import html
import re

import pytest
from django.utils import timezone

from articles.models import Article
from articles.views import article_response
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
    RegionFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def text(response):
    return response.content.decode()


def test_home_shows_lead_latest_and_a_block_per_region_and_programme(client):
    central_asia = RegionFactory(name="Central Asia")
    kyrgyzstan = CountryFactory(name="Kyrgyzstan", region=central_asia)
    voices = ProgrammeFactory(name="Global Voices")
    older = ArticleFactory(live=True, headline="Kyrgyzstan: Courts Close to the Press", countries=[kyrgyzstan])
    older.publish_at = timezone.now() - dt.timedelta(days=2)
    older.save()
    lead = ArticleFactory(live=True, headline="Tajikistan: Border Villages Wait for Water", programme=voices)
    ArticleFactory(headline="Draft Nobody May See")

    page = text(client.get("/"))

    assert page.index(lead.headline) < page.index(older.headline)
    assert 'href="/regions/central-asia/">Central Asia</a>' in page
    assert 'href="/programmes/global-voices/">Global Voices</a>' in page
    assert "Draft Nobody May See" not in page


def test_article_page_shows_story_bylines_dates_image_and_author_lines(client):
    updated = timezone.now() - dt.timedelta(minutes=5)
    article = ArticleFactory(
        live=True,
        headline="Kazakhstan: Rights Lawyers Face New Rules",
        standfirst="A draft law would let officials close legal clinics.",
        body="<p>Lawyers in Almaty say the draft is vague.</p>",
        lead_image=ImageFactory(caption="A courthouse in Almaty.", credit="Photo: a Newsroom correspondent"),
        public_updated_at=updated,
    )
    BylineFactory(
        article=article,
        correspondent=CorrespondentFactory(name="Aigerim Real", byline_name="Dana Pen", is_pseudonym=True),
        author_line="Dana Pen is a correspondent in Almaty.",
    )
    BylineFactory(
        article=article,
        position=1,
        correspondent=CorrespondentFactory(
            name="Nurlan Hidden", name_withheld=True, withheld_label="A correspondent in Taraz"
        ),
    )

    page = text(client.get(article.get_absolute_url()))

    assert '<h1 lang="en" dir="ltr">Kazakhstan: Rights Lawyers Face New Rules</h1>' in page
    assert "A draft law would let officials close legal clinics." in page
    assert "<bdi>Dana Pen</bdi></a>" in page and "<bdi>A correspondent in Taraz</bdi></a>" in page
    assert "Aigerim Real" not in page and "Nurlan Hidden" not in page
    assert "Published <time" in page and "Updated <time" in page
    assert '<source type="image/webp"' in page and 'width="64" height="48"' in page
    assert "A courthouse in Almaty." in page and "Photo: a Newsroom correspondent" in page
    assert "Dana Pen is a correspondent in Almaty." in page
    assert "<p>Lawyers in Almaty say the draft is vague.</p>" in page


def test_in_this_story_links_named_people_and_organisations_but_not_anonymous_sources(client):
    article = ArticleFactory(live=True)
    kibhr = OrganisationFactory(name="Kazakhstan International Bureau for Human Rights", acronym="KIBHR")
    CitationFactory(article=article, organisation=kibhr)
    named = SourceFactory(name="Yevgeniy Zhovtis")
    CitationFactory(article=article, source=named, organisation=kibhr, role="director")
    secret = ConfidentialSourceFactory(name="Secret Person", public_descriptor="an independent analyst")
    CitationFactory(article=article, source=secret, organisation=None)
    anonymous = SourceFactory(name="Named Elsewhere")
    CitationFactory(article=article, source=anonymous, organisation=kibhr, is_anonymous=True, descriptor="a lawyer")

    page = text(client.get(article.get_absolute_url()))

    organisation = (
        f'<a href="{kibhr.get_absolute_url()}"><bdi>Kazakhstan International Bureau for Human Rights</bdi></a> '
        "(<abbr><bdi>KIBHR</bdi></abbr>)"
    )
    assert f'<h3>Organisations</h3>\n<ul class="citations citations--organisations">\n<li>{organisation}' in page
    assert f'<a href="{named.get_absolute_url()}"><bdi>Yevgeniy Zhovtis</bdi></a>, <bdi>director</bdi>, ' in page
    assert "<li><bdi>An independent analyst</bdi></li>" in page
    assert "<li><bdi>A lawyer</bdi></li>" in page
    assert "Secret Person" not in page and "Named Elsewhere" not in page
    assert secret.get_absolute_url() not in page and anonymous.get_absolute_url() not in page


def test_article_page_lists_corrections_topics_countries_programme_and_related_live_stories(client):
    country = CountryFactory(name="Uzbekistan")
    programme = ProgrammeFactory(name="Global Voices")
    article = ArticleFactory(live=True, countries=[country], programme=programme, tags=["water", "farming"])
    CorrectionFactory(article=article, note="An earlier version gave the wrong district.")
    related = ArticleFactory(live=True, headline="Uzbekistan: Cotton Pickers Speak", countries=[country])
    ArticleFactory(headline="Uzbekistan: An Unpublished Draft", countries=[country])

    page = text(client.get(article.get_absolute_url()))

    assert "An earlier version gave the wrong district." in page
    assert 'href="/topics/water/">water</a>' in page and 'href="/topics/farming/">farming</a>' in page
    assert 'href="/countries/uzbekistan/">Uzbekistan</a>' in page
    assert 'href="/programmes/global-voices/">Global Voices</a>' in page
    assert f'href="{related.get_absolute_url()}" lang="en" dir="ltr">Uzbekistan: Cotton Pickers Speak</a>' in page
    assert "An Unpublished Draft" not in page


def test_json_ld_names_authors_by_public_name_and_lists_corrections(client):
    article = ArticleFactory(live=True, headline="Headline </script><script>alert(1)</script>")
    BylineFactory(article=article, correspondent=CorrespondentFactory(name="Real Name", byline_name="Pen Name"))
    CorrectionFactory(article=article, note="Fixed a date.")

    page = text(client.get(article.get_absolute_url()))

    blocks = [b.split("</script>")[0] for b in page.split('<script type="application/ld+json">')[1:]]
    block = next(b for b in blocks if '"NewsArticle"' in b)
    assert '"@type": "NewsArticle"' in block
    assert '"name": "Pen Name"' in block and "Real Name" not in page
    assert '"@type": "CorrectionComment"' in block and "Fixed a date." in block
    assert "<script>alert" not in page


def test_old_slug_answers_301_to_current_address(client):
    article = ArticleFactory(live=True, slug="old-address")
    article.slug = "new-address"
    article.save()
    article.record_slug("old-address")

    response = client.get("/old-address/")

    assert response.status_code == 301
    assert response["Location"] == "/new-address/"


def test_withdrawn_story_answers_410_without_its_reason(client):
    article = ArticleFactory(live=True, headline="Withdrawn Story Headline")
    article.status = Article.Status.WITHDRAWN
    article.save()

    response = client.get(article.get_absolute_url())

    assert response.status_code == 410
    assert "This story has been withdrawn" in text(response)
    assert "Withdrawn Story Headline" not in text(response)


@pytest.mark.parametrize(
    ("status", "publish_at"),
    [
        (Article.Status.DRAFT, None),
        (Article.Status.SUBMITTED, None),
        (Article.Status.APPROVED, None),
        (Article.Status.PUBLISHED, timezone.now() + dt.timedelta(days=1)),
    ],
)
def test_story_that_is_not_live_answers_styled_404(client, status, publish_at):
    article = ArticleFactory(status=status, publish_at=publish_at, headline="Not Yet Public")

    response = client.get(article.get_absolute_url())

    assert response.status_code == 404
    assert "We can’t find that page" in text(response)
    assert "Not Yet Public" not in text(response)


def test_list_pages_show_heading_description_and_only_live_stories(client):
    region = RegionFactory(name="Caucasus", description="Armenia, Azerbaijan and Georgia.")
    georgia = CountryFactory(name="Georgia", region=region, description="Reporting from Tbilisi and beyond.")
    programme = ProgrammeFactory(name="Elections Watch", description="Votes and those who count them.")
    live = ArticleFactory(live=True, headline="Georgia: Tbilisi Protests Continue", countries=[georgia],
                          programme=programme, tags=["protest"])  # fmt: skip
    ArticleFactory(headline="Georgia: Draft About Protests", countries=[georgia], programme=programme, tags=["protest"])

    for url, heading, description in [
        ("/regions/caucasus/", "Caucasus", "Armenia, Azerbaijan and Georgia."),
        ("/countries/georgia/", "Georgia", "Reporting from Tbilisi and beyond."),
        ("/programmes/elections-watch/", "Elections Watch", "Votes and those who count them."),
        ("/topics/protest/", "Protest", "Stories about protest"),
    ]:
        page = text(client.get(url))
        assert f'<h1 dir="auto">{heading}</h1>' in page, url
        assert description in page, url
        assert live.headline in page, url
        assert "Draft About Protests" not in page, url


def test_organisation_page_shows_acronym_aliases_and_citing_stories(client):
    organisation = OrganisationFactory(
        name="Kazakhstan International Bureau for Human Rights and Rule of Law",
        acronym="KIBHR",
        aliases="Kazakhstan Bureau\nKazakhstan International Bureau",
    )
    article = ArticleFactory(live=True, headline="Kazakhstan: Monitors Report on Prisons")
    CitationFactory(article=article, organisation=organisation)

    page = text(client.get(organisation.get_absolute_url()))

    assert "Kazakhstan International Bureau for Human Rights and Rule of Law" in page
    assert "(KIBHR)" in page
    assert "Also known as: Kazakhstan Bureau; Kazakhstan International Bureau" in page
    assert article.headline in page


def test_organisation_cited_only_by_drafts_has_no_public_page(client):
    organisation = OrganisationFactory(name="Bureau Only In A Draft")
    CitationFactory(article=ArticleFactory(), organisation=organisation)

    assert client.get(organisation.get_absolute_url()).status_code == 404


def test_source_page_lists_named_quotes_but_never_anonymous_ones(client):
    source = SourceFactory(name="Galym Ageleuov", description="Human rights defender in Almaty.")
    named = ArticleFactory(live=True, headline="Kazakhstan: Defenders Meet in Almaty")
    CitationFactory(article=named, source=source, organisation=None, role="chairman")
    hidden = ArticleFactory(live=True, headline="Kazakhstan: A Quote Kept Anonymous")
    CitationFactory(article=hidden, source=source, organisation=None, is_anonymous=True, descriptor="an activist")

    page = text(client.get(source.get_absolute_url()))

    assert '<h1 dir="auto">Galym Ageleuov</h1>' in page and "Human rights defender in Almaty." in page
    assert named.headline in page
    assert hidden.headline not in page


def test_confidential_source_has_no_public_page(client):
    source = ConfidentialSourceFactory(name="Hidden Official")
    CitationFactory(article=ArticleFactory(live=True), source=source, organisation=None)

    assert client.get(source.get_absolute_url()).status_code == 404


def test_correspondent_page_shows_public_name_and_live_work_only(client):
    correspondent = CorrespondentFactory(name="Real Name Kept", byline_name="Asel K.", is_pseudonym=True)
    live = ArticleFactory(live=True, headline="Kyrgyzstan: Osh Markets Reopen")
    BylineFactory(article=live, correspondent=correspondent)
    BylineFactory(article=ArticleFactory(headline="Kyrgyzstan: Draft On Markets"), correspondent=correspondent)

    page = text(client.get(correspondent.get_absolute_url()))

    assert '<h1 dir="auto">Asel K.</h1>' in page and "is a pseudonym" in page
    assert live.headline in page
    assert "Draft On Markets" not in page and "Real Name Kept" not in page


def test_archive_lists_months_and_month_page_lists_its_stories(client):
    article = ArticleFactory(live=True, headline="Afghanistan: Schools in Herat")
    month = article.publish_at

    archive = text(client.get("/archive/"))
    page = text(client.get(f"/archive/{month.year}/{month.month}/"))

    assert f'href="/archive/{month.year}/{month.month}/"' in archive
    assert article.headline in page
    assert client.get("/archive/1999/1/").status_code == 404


def older_link(page):
    return html.unescape(re.search(r'rel="next" href="([^"]+)"', page).group(1))


def newer_link(page):
    return html.unescape(re.search(r'rel="prev" href="([^"]+)"', page).group(1))


def test_lists_page_by_older_stories_and_refuse_cursors_that_are_not_pages(client):
    country = CountryFactory(name="Tajikistan")
    same_time = timezone.now() - dt.timedelta(hours=2)
    for i in range(45):
        article = ArticleFactory(live=True, headline=f"Tajikistan: Story number {i:02d}", countries=[country])
        if 18 <= i <= 22:  # stories sharing one publish time straddle a page boundary
            Article.objects.filter(pk=article.pk).update(publish_at=same_time)

    first = text(client.get("/countries/tajikistan/"))
    second_url = older_link(first)
    second = text(client.get(second_url))
    third = text(client.get(older_link(second)))

    seen = [re.findall(r"Story number (\d\d)", page) for page in (first, second, third)]
    assert [len(numbers) for numbers in seen] == [20, 20, 5]
    assert sorted(sum(seen, [])) == [f"{i:02d}" for i in range(45)]  # each story once, none skipped
    assert 'rel="prev"' not in first and 'rel="next"' not in third
    assert 'Older stories <span class="arrow" aria-hidden="true">→</span></a>' in first and "Page 1 of" not in first
    assert f'<link rel="canonical" href="http://127.0.0.1:8000{second_url}">' in second
    back = text(client.get(newer_link(third)))
    assert re.findall(r"Story number (\d\d)", back) == seen[1]
    for bad in ("?before=x", "?before=12-x", "?before=1-1", "?after=99999999999999999-1", "?before=1-1&after=1-1"):
        assert client.get(f"/countries/tajikistan/{bad}").status_code == 404, bad


@pytest.mark.postgres
def test_an_older_page_starts_its_index_walk_at_the_cursor_not_at_the_newest_story(rf):
    """Page 500 must cost what page 1 does: the cursor's time bounds the index scan itself, not a filter after it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles import listings
    from articles.pagination import cursor_of, keyset_page

    country = CountryFactory(name="Uzbekistan")
    stories = [ArticleFactory(live=True, countries=[country]) for _ in range(3)]
    at = stories[1].publish_at
    request = rf.get("/countries/uzbekistan/", {"before": cursor_of(at, stories[1].pk)})

    with CaptureQueriesContext(connection) as queries:
        keyset_page(request, listings.SUBJECT["country"].articles(country))
    [listing] = [q["sql"] for q in queries if "LIMIT 21" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {listing}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    bounds = [line for line in plan.splitlines() if "Index Cond" in line and "publish_at <=" in line]
    assert any(f"publish_at <= '{at:%Y-%m-%d %H:%M:%S}" in line for line in bounds), plan


def test_article_has_canonical_open_graph_and_twitter_tags(client):
    article = ArticleFactory(live=True, headline="Armenia: Lake Sevan Shrinks", lead_image=ImageFactory())

    page = text(client.get(article.get_absolute_url()))

    url = f"http://127.0.0.1:8000{article.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in page
    assert f'<meta property="og:url" content="{url}">' in page
    assert '<meta property="og:title" content="Armenia: Lake Sevan Shrinks">' in page
    assert '<meta property="og:image" content="http://127.0.0.1:8000/media/' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page


def test_preview_of_a_draft_renders_like_the_public_page_and_is_never_cached(rf):
    article = ArticleFactory(headline="Draft Seen In Preview")
    request = rf.get("/admin/preview/")
    request.user = UserFactory()

    response = article_response(request, article, preview=True)

    assert "Draft Seen In Preview" in text(response)
    assert "It is not public yet" in text(response)
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_robots_txt_points_to_both_sitemaps_and_keeps_crawlers_out_of_the_admin(client):
    body = text(client.get("/robots.txt"))

    assert "Disallow: /admin/" in body
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in body
    assert "Sitemap: http://127.0.0.1:8000/news-sitemap.xml" in body


def test_head_request_answers_like_get_without_a_body(client):
    article = ArticleFactory(live=True)

    response = client.head(article.get_absolute_url())

    assert response.status_code == 200 and response.content == b""


def test_post_to_a_public_page_is_refused(client):
    assert client.post("/").status_code == 405


def test_article_page_with_its_css_weighs_under_60_kb(client, build_story):
    from django.conf import settings

    article = build_story(5, body="<p>" + "The canal has been dry since June. " * 300 + "</p>")

    html = client.get(article.get_absolute_url()).content
    css = sum((settings.BASE_DIR / "static" / "css" / name).stat().st_size for name in ("site.css", "print.css"))

    assert b"<script src=" not in html
    assert len(html) + css < 60 * 1024
