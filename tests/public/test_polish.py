"""Public polish: snippets keep paragraph breaks, counts say "1 story" and "2 stories", bylines
carry role and base as far as each correspondent's safety allows, and home grids use the width."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import timezone

from people.names import byline_detail
from tests.factories import ArticleFactory, BylineFactory, CorrespondentFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def get(client, url, **params):
    cache.clear()
    response = client.get(url, params)
    assert response.status_code == 200
    return response.text


def test_search_snippet_keeps_the_break_between_paragraphs(client):
    ArticleFactory(
        live=True,
        body="<p>“The water never came,” said Boboev.</p><p>Nodira Rahimova, an engineer, said repairs were late.</p>",
    )

    page = get(client, "/search/", q="Boboev")

    assert "Boboev.Nodira" not in page and "Boboev. Nodira" not in page
    assert re.search(r'Boboev(</mark>)?\.<br class="snippet-break">Nodira', page)


@pytest.mark.parametrize(("stories", "heading"), [(1, "1 story matches “canal”"), (2, "2 stories match “canal”")])
def test_search_counts_speak_in_the_right_number(client, stories, heading):
    for n in range(stories):
        ArticleFactory(live=True, headline=f"Tajikistan: Canal Story {n}")

    page = get(client, "/search/", q="canal")

    assert heading in page
    assert "1 stories" not in page and "2 story " not in page


def test_archive_counts_speak_in_the_right_number(client):
    now = timezone.now()
    ArticleFactory(live=True, publish_at=now - dt.timedelta(days=400))
    for _ in range(2):
        ArticleFactory(live=True)

    page = get(client, "/archive/")

    assert "(1 story)" in page and "(2 stories)" in page


def test_byline_shows_role_and_base_as_safety_allows(client):
    article = ArticleFactory(live=True)
    named = CorrespondentFactory(byline_name="Aigerim Tokonova", role_title="Correspondent", base_location="Osh")
    pen = CorrespondentFactory(
        byline_name="Zahra Noori", is_pseudonym=True, role_title="Contributor", base_location="Mazar-i-Sharif"
    )
    withheld = CorrespondentFactory(
        name_withheld=True,
        withheld_label="A correspondent in Kazakhstan",
        role_title="Stringer",
        base_location="Zhanatas",
    )
    for position, correspondent in enumerate([named, pen, withheld]):
        BylineFactory(article=article, correspondent=correspondent, position=position)

    page = get(client, article.get_absolute_url())
    byline = re.search(r'<p class="byline">.*?</p>', page, re.S).group(0)

    assert '<bdi>Aigerim Tokonova</bdi></a> <span class="byline__detail">(<bdi>Correspondent, Osh</bdi>)' in byline
    assert '<bdi>Zahra Noori</bdi></a> <span class="byline__detail">(<bdi>Contributor</bdi>)' in byline
    assert "Mazar-i-Sharif" not in byline
    assert "Stringer" not in byline and "Zhanatas" not in page
    assert "<bdi>A correspondent in Kazakhstan</bdi></a></p>" in byline


def test_byline_detail_rule_by_safety_mode():
    assert byline_detail(CorrespondentFactory.build(role_title="Correspondent", base_location="Osh")) == (
        "Correspondent, Osh"
    )
    assert byline_detail(CorrespondentFactory.build(role_title="", base_location="Osh")) == "Osh"
    assert byline_detail(CorrespondentFactory.build(is_pseudonym=True, byline_name="Pen")) == "Correspondent"
    assert byline_detail(CorrespondentFactory.build(name_withheld=True, withheld_label="A correspondent")) == ""


def test_home_grids_fit_their_blocks_to_the_width():
    css = (ROOT / "static" / "css" / "site.css").read_text()

    rule = re.search(r"\.blocks \{[^}]*\}", css).group(0)
    assert "auto-fit" in rule and "auto-fill" not in rule
