import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.db.models.functions import TruncMonth
from taggit.models import TaggedItem

from archive import generate
from archive.models import ArchiveBatch
from articles import listings
from articles.models import ArchiveMonth, Article, ArticleSearch, Byline, Citation
from people.models import Correspondent, Organisation, Source

pytestmark = pytest.mark.django_db


def load(n):
    out = io.StringIO()
    call_command("loadarchive", "--articles", str(n), "--workers", "1", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_archive_articles_have_the_shapes_of_real_stories():
    load(40)

    articles = list(Article.objects.prefetch_related("bylines", "citations", "countries", "tags"))
    assert len(articles) == 40
    assert len({a.slug for a in articles}) == 40
    for article in articles:
        assert 400 <= len(article.body_text.split()) <= 1000
        assert 1 <= len(article.bylines.all()) <= 3
        assert 3 <= len(article.citations.all()) <= 8
        assert 1 <= len(article.countries.all()) <= 3
        assert 2 <= len(article.tags.all()) <= 5
    assert {a.language for a in articles} == {"en", "ru"}
    assert sum(a.programme_id is not None for a in articles) > 25
    assert Article.objects.live().count() > 30
    assert Citation.objects.filter(is_anonymous=True).exists()
    assert Source.objects.filter(confidential=True).exists()
    published = sorted(a.publish_at for a in articles if a.publish_at)
    assert (published[-1] - published[0]).days > 365 * 10


def test_common_words_are_in_most_stories_and_rare_words_in_few():
    load(50)

    bodies = list(Article.objects.filter(language="en").values_list("body", flat=True))
    with_government = sum(" government " in body for body in bodies)
    with_rare_word = sum(" uranium " in body for body in bodies)
    assert with_government > len(bodies) * 0.5
    assert with_rare_word < len(bodies) * 0.3


def test_running_again_tops_up_to_the_new_size_and_keeps_what_exists():
    load(30)
    first = dict(Article.objects.values_list("slug", "headline"))

    assert "Added 15 articles" in load(45)
    assert "nothing to add" in load(45)

    after = dict(Article.objects.values_list("slug", "headline"))
    assert len(after) == 45
    assert all(after[slug] == headline for slug, headline in first.items())
    assert ArchiveBatch.objects.get(number=0).size == 45
    assert Byline.objects.count() >= 45 and TaggedItem.objects.count() >= 90


def test_the_same_batch_is_the_same_on_every_run():
    def stories():
        end = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
        return generate.batch(3, end=end, countries=["Kazakhstan", "Georgia"], programmes=["P"], topics=list("abcdef"))

    assert stories() == stories()


def test_people_grow_more_slowly_than_the_archive():
    small, large = generate.people_for(10_000), generate.people_for(1_000_000)

    assert large == {"correspondent": 5000, "organisation": 20000, "source": 100000}
    assert small["source"] > 10_000 * 100_000 // 1_000_000
    assert large["source"] / small["source"] < 100 / 2


def test_generated_people_satisfy_the_rules_of_saved_ones():
    load(20)

    correspondents = list(Correspondent.objects.all())
    assert any(c.name_withheld for c in correspondents) and any(c.is_pseudonym for c in correspondents)
    for correspondent in correspondents:
        assert not correspondent.slug_reveals_identity(), correspondent.slug
    for source in Source.objects.filter(confidential=True):
        assert source.public_descriptor and source.name.split()[0].lower() not in source.slug
    assert Organisation.objects.count() == len(set(Organisation.objects.values_list("name", flat=True)))


@pytest.mark.postgres
def test_every_generated_article_is_searchable_like_a_saved_one(client):
    load(25)

    assert ArticleSearch.objects.count() == 25
    article = Article.objects.live().filter(language="en").first()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.vector = articles_search_vector(a.language, a.headline, a.standfirst, a.body)"
            " FROM articles_article a JOIN articles_articlesearch s ON s.article_id = a.id"
        )
        assert {row[0] for row in cursor.fetchall()} == {True}
    cache.clear()
    phrase = article.headline.split(": ", 1)[1]
    response = client.get("/search/", {"q": f'"{phrase}"'})
    assert article.headline in response.content.decode()


@pytest.mark.postgres
def test_the_archive_months_count_every_generated_live_article():
    """The load writes with triggers off, then counts the months once: the archive page is exact after it."""
    load(40)

    live = (
        Article.objects.live()
        .annotate(month=TruncMonth("publish_at"))
        .order_by()
        .values_list("month")
        .annotate(count=Count("pk"))
        .order_by("-month")
    )
    assert listings.months() == list(live)
    assert sum(count for _, count in listings.months()) == Article.objects.live().count() > 30


@pytest.mark.postgres
def test_a_run_stopped_after_its_last_batch_is_finished_by_the_next_run_of_the_same_size():
    """Stopped between writing and indexing: nothing is left to add, but the entries and months are made."""
    load(30)
    ArticleSearch.objects.filter(article__in=Article.objects.order_by("-pk")[:10]).delete()
    ArchiveMonth.objects.all().delete()

    out = load(30)

    assert "nothing to add" in out and "Missing search entries made: 10" in out
    assert ArticleSearch.objects.count() == Article.objects.count() == 30
    assert sum(count for _, count in listings.months()) == Article.objects.live().count()
