import datetime as dt
import io
import time

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from articles.models import SEARCH_CONFIGS, Article, ArticleSearch
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search with stemming needs PostgreSQL"
)


def search(client, q):
    # Writes through bulk_create/update() send no signal, so nothing empties the page cache.
    cache.clear()
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def test_search_finds_live_stories_and_highlights_the_words(client):
    ArticleFactory(
        live=True,
        headline="Tajikistan: Orchards Dry Out",
        body="<p>Farmers near Isfara say the <strong>irrigation</strong> canal is empty.</p>",
    )

    page = search(client, "irrigation")

    assert "Tajikistan: Orchards Dry Out" in page
    assert "<mark>irrigation</mark>" in page
    assert "1 story matches" in page


def test_search_never_returns_stories_that_are_not_live(client):
    ArticleFactory(headline="Draft about irrigation", body="<p>irrigation</p>")
    ArticleFactory(status=Article.Status.WITHDRAWN, headline="Withdrawn irrigation", body="<p>irrigation</p>")

    page = search(client, "irrigation")

    assert "Draft about irrigation" not in page and "Withdrawn irrigation" not in page
    assert "No stories match" in page


def test_snippet_escapes_story_text_and_adds_only_marks(client):
    ArticleFactory(live=True, body="<p>Officials &lt;b&gt;denied&lt;/b&gt; the report &amp; its figures.</p>")

    page = search(client, "denied")

    assert "&lt;b&gt;<mark>denied</mark>&lt;/b&gt;" in page
    assert "<b>" not in page


def test_empty_query_shows_the_invitation_not_results(client):
    ArticleFactory(live=True)

    page = search(client, "   ")

    assert "Type a word or a name to search" in page
    assert "match" not in page


def test_query_with_no_match_says_so(client):
    ArticleFactory(live=True)

    assert "No stories match “zzzqqq”" in search(client, "zzzqqq")


def test_a_2000_character_query_answers_quickly_and_says_it_was_shortened(client):
    ArticleFactory(live=True, headline="Kyrgyzstan: Water Talks")
    query = ("water " + "x" * 40 + " ") * 43

    started = time.monotonic()
    page = search(client, query[:2000])
    elapsed = time.monotonic() - started

    assert elapsed < 1.0
    assert "Your search was long" in page


def test_query_with_search_syntax_characters_does_not_fail(client):
    ArticleFactory(live=True, headline="Georgia: Vote Count Disputed")

    for query in ['"vote', "vote & | ! ( ) :*", "-", "' OR 1=1 --", "<script>"]:
        page = search(client, query)
        assert "<script>" not in page.split("<main", 1)[1]


def test_headline_matches_rank_above_body_matches(client):
    ArticleFactory(live=True, headline="Armenia: A Story About Something Else", body="<p>Glaciers melt.</p>")
    ArticleFactory(live=True, headline="Armenia: Glaciers Retreat", body="<p>Ice fields shrink.</p>")

    page = search(client, "glaciers")

    assert page.index("Glaciers Retreat") < page.index("Something Else")


@postgres_only
def test_english_search_matches_other_forms_of_a_word(client):
    ArticleFactory(live=True, headline="Kazakhstan: Villagers Protest", body="<p>They protested again.</p>")

    page = search(client, "protesting villager")

    assert "Kazakhstan: Villagers Protest" in page


@postgres_only
def test_russian_story_is_searched_with_russian_stemming(client):
    ArticleFactory(
        live=True,
        language="ru",
        headline="Казахстан: журналисты под давлением",
        body="<p>Журналистов вызывают в полицию.</p>",
    )

    page = search(client, "журналист")

    assert "журналисты под давлением" in page
    assert "<mark>" in page


def test_more_matches_than_are_ranked_says_at_least_and_never_counts_them_all(client, monkeypatch):
    from articles import search as search_module

    monkeypatch.setattr(search_module, "CANDIDATES", 3)
    for i in range(5):
        ArticleFactory(live=True, headline=f"Uzbekistan: Cotton Harvest {i}", body="<p>cotton pickers</p>")

    page = search(client, "cotton")

    assert "At least 3 stories match “cotton”" in page
    assert "newest 3" in page
    assert page.count("Cotton Harvest") == 3


def test_only_the_newest_matches_are_ranked(client, monkeypatch):
    from articles import search as search_module

    monkeypatch.setattr(search_module, "CANDIDATES", 2)
    now = timezone.now()
    ArticleFactory(live=True, headline="Old: Glaciers Glaciers", publish_at=now - dt.timedelta(days=900))
    ArticleFactory(live=True, headline="Newer glaciers story", publish_at=now - dt.timedelta(days=2))
    ArticleFactory(live=True, headline="Newest glaciers story", publish_at=now - dt.timedelta(days=1))

    page = search(client, "glaciers")

    assert "Newer glaciers story" in page and "Newest glaciers story" in page
    assert "Old: Glaciers Glaciers" not in page


@postgres_only
def test_bulk_created_article_is_found_by_search(client):
    template = ArticleFactory(live=True, headline="Kyrgyzstan: Template")
    Article.objects.bulk_create(
        [
            Article(
                headline="Kazakhstan: Steppe Wells Run Dry",
                slug="steppe-wells",
                body="<p>Herders say the aquifer has fallen.</p>",
                status=Article.Status.PUBLISHED,
                publish_at=template.publish_at,
            )
        ]
    )

    page = search(client, "aquifer")

    assert "Kazakhstan: Steppe Wells Run Dry" in page
    assert "<mark>aquifer</mark>" in page


@postgres_only
def test_article_changed_by_update_is_found_by_its_new_words_only(client):
    article = ArticleFactory(live=True, headline="Tajikistan: Snowfall", body="<p>Avalanche warnings.</p>")

    Article.objects.filter(pk=article.pk).update(body="<p>Mudslides cut the road.</p>", headline="Tajikistan: Mud")

    assert "Tajikistan: Mud" in search(client, "mudslide")
    assert "No stories match" in search(client, "avalanche")


@postgres_only
def test_published_by_update_appears_and_withdrawn_by_update_disappears(client):
    article = ArticleFactory(headline="Armenia: Lake Sevan Levels", body="<p>Sevan shrinks.</p>")
    assert "No stories match" in search(client, "sevan")

    Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED, publish_at=timezone.now())
    assert "Lake Sevan Levels" in search(client, "sevan")

    Article.objects.filter(pk=article.pk).update(status=Article.Status.WITHDRAWN)
    assert "No stories match" in search(client, "sevan")


@postgres_only
def test_rebuild_search_index_restores_a_wiped_index(client):
    ArticleFactory(live=True, headline="Georgia: Vineyards Flood", body="<p>Rkatsiteli harvest lost.</p>")
    ArticleFactory(live=True, language="ru", headline="Грузия: виноградники", body="<p>Журналисты молчат.</p>")
    ArticleSearch.objects.all().delete()
    assert "No stories match" in search(client, "vineyards")

    call_command("rebuild_search_index", "--batch-size", "1", stdout=io.StringIO())

    assert "Georgia: Vineyards Flood" in search(client, "vineyard")
    assert "Грузия: виноградники" in search(client, "журналистов")


@postgres_only
def test_database_and_python_agree_on_each_languages_search_configuration():
    with connection.cursor() as cursor:
        for language in Article.Language.values:
            cursor.execute("SELECT articles_search_config(%s)::text", [language])
            assert cursor.fetchone()[0] == SEARCH_CONFIGS.get(language, "simple"), language


@postgres_only
def test_search_entry_is_weighted_headline_standfirst_body():
    article = ArticleFactory(headline="Wheat", standfirst="Barley", body="<p>Millet</p>")

    vector = str(ArticleSearch.objects.get(article=article).vector)

    assert "'wheat':1A" in vector and "'barley':2B" in vector and "'millet':3" in vector


@postgres_only
def test_quoted_phrase_finds_the_words_together_only(client):
    ArticleFactory(live=True, headline="Kyrgyzstan: Human Rights Lawyers Detained", body="<p>Lawyers held.</p>")
    ArticleFactory(live=True, headline="Kyrgyzstan: Rights of Water Users", body="<p>A human chain formed.</p>")

    page = search(client, '"human rights"')

    assert "Human Rights Lawyers Detained" in page
    assert "Rights of Water Users" not in page
