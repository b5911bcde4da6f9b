import time

import pytest
from django.db import connection

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search with stemming needs PostgreSQL"
)


def search(client, q):
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
    assert "1 story match" in page


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
