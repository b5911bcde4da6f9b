"""JSON Feed 1.1 beside RSS and Atom: the same live stories, public names, cached under ``feeds``."""

import json

import pytest

from articles import workflow
from tests.factories import ArticleFactory, BylineFactory, CorrespondentFactory, EditorFactory

pytestmark = pytest.mark.django_db


def feed(client):
    response = client.get("/feeds/json/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/feed+json; charset=utf-8"
    return response, json.loads(response.content)


def test_json_feed_lists_live_stories_by_public_name(client):
    article = ArticleFactory(live=True, headline="Kyrgyzstan: Osh Bazaar Rebuilt", tags=["trade"])
    BylineFactory(article=article, correspondent=CorrespondentFactory(name="Real Name", byline_name="Pen Name"))
    ArticleFactory(headline="Unpublished Draft In Feed")

    response, data = feed(client)

    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["feed_url"] == "http://127.0.0.1:8000/feeds/json/"
    assert data["home_page_url"] == "http://127.0.0.1:8000/"
    (item,) = data["items"]
    assert item["id"] == item["url"] == f"http://127.0.0.1:8000{article.get_absolute_url()}"
    assert item["title"] == "Kyrgyzstan: Osh Bazaar Rebuilt"
    assert item["content_text"] == article.standfirst
    assert item["authors"][0]["name"] == "Pen Name"
    assert item["tags"] == ["trade"]
    assert item["date_published"].startswith(str(article.publish_at.year))
    text = response.content.decode()
    assert "Real Name" not in text and "Unpublished Draft In Feed" not in text


def test_json_feed_carries_hostile_text_as_json_strings(client):
    ArticleFactory(live=True, standfirst='</script><script>alert("x")</script> \u2028 end')
    _, data = feed(client)
    assert data["items"][0]["content_text"] == '</script><script>alert("x")</script> \u2028 end'


def test_every_page_advertises_the_json_feed(client):
    html = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/feed+json"' in html
    assert 'href="/feeds/json/"' in html


def test_json_feed_is_cached_until_a_story_goes_live(client):
    ArticleFactory(live=True, headline="First Story")
    assert feed(client)[0]["X-Cache"] == "miss"
    assert feed(client)[0]["X-Cache"] == "hit"

    article = ArticleFactory(status="approved", headline="Second Story")
    workflow.publish(article, by=EditorFactory())

    response, data = feed(client)
    assert response["X-Cache"] == "miss"
    assert [item["title"] for item in data["items"]] == ["Second Story", "First Story"]
