"""User text that sits inside other text is isolated on output, so a right-to-left name (or an
override written around validation) cannot reorder the words around it."""

import re

import pytest

from people.models import Correspondent
from tests.factories import ArticleFactory, BylineFactory, CitationFactory, CorrespondentFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    article = ArticleFactory(live=True, headline="افغانستان: Schools Reopen", tags=["education"])
    BylineFactory(article=article, correspondent=CorrespondentFactory(byline_name="Ahmad Z."))
    BylineFactory(article=article, correspondent=CorrespondentFactory(byline_name="مریم"), position=1)
    CitationFactory(article=article, source=SourceFactory(name="حمید کرزی"), role="teacher")
    return article


def test_byline_names_are_isolated_on_the_article_page(client, story):
    page = client.get(story.get_absolute_url()).text

    assert re.search(
        r'<p class="byline">By <a [^>]+><bdi>Ahmad Z.</bdi></a> <span class="byline__detail">\(<bdi>Correspondent, Osh'
        r'</bdi>\)</span> and <a [^>]+><bdi>مریم</bdi></a> <span class="byline__detail">\(<bdi>Correspondent, '
        r"Osh</bdi>\)</span></p>",
        page,
    )
    # An English headline that opens with an Arabic word still reads left to right, isolated in its element.
    assert '<h1 lang="en" dir="ltr">افغانستان: Schools Reopen</h1>' in page
    assert "><bdi>حمید کرزی</bdi></a>, <bdi>teacher</bdi>" in page


def test_headlines_and_names_in_lists_are_isolated(client, story):
    for url in ["/", "/topics/education/", story.bylines.first().correspondent.get_absolute_url()]:
        page = client.get(url).text
        assert f' lang="en" dir="ltr"><a href="{story.get_absolute_url()}">افغانستان: Schools Reopen</a>' in page, url
    listing = client.get("/topics/education/").text
    assert "<bdi>Ahmad Z.</bdi>, <bdi>مریم</bdi> · " in listing


def test_an_override_stored_from_the_shell_stays_inside_its_name(client, story):
    Correspondent.objects.filter(byline_name="Ahmad Z.").update(byline_name="Ahmad\u202e Z.")

    page = client.get(story.get_absolute_url()).text

    assert "<bdi>Ahmad\u202e Z.</bdi></a> <span" in page
