"""API v1: an article's ``translations`` are the other live versions of its story; translators carry their role."""

import datetime as dt

import pytest
from django.utils import timezone

from articles.models import Article, Byline
from tests.factories import ArticleFactory, BylineFactory, CorrespondentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    original = ArticleFactory(live=True, headline="Kyrgyzstan: Osh Lawyers Wait for Clients")
    russian = ArticleFactory(live=True, translation_of=original, language="ru", headline="Кыргызстан: адвокаты ждут")
    arabic = ArticleFactory(live=True, translation_of=original, language="ar", headline="قرغيزستان: المحامون ينتظرون")
    ArticleFactory(translation_of=original, language="kk", headline="Leakmark draft translation")
    ArticleFactory(
        translation_of=original,
        language="uz",
        headline="Leakmark scheduled translation",
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now() + dt.timedelta(days=1),
    )
    ArticleFactory(
        translation_of=original,
        language="ky",
        headline="Leakmark withdrawn translation",
        status=Article.Status.WITHDRAWN,
        publish_at=timezone.now() - dt.timedelta(days=1),
    )
    return {"en": original, "ru": russian, "ar": arabic}


def test_translations_list_the_other_live_versions_and_nothing_else(api, story, settings):
    data = api(f"/articles/{story['en'].pk}").json()

    assert [(t["id"], t["language"], t["is_original"]) for t in data["translations"]] == [
        (story["ru"].pk, "ru", False),
        (story["ar"].pk, "ar", False),
    ]
    russian = data["translations"][0]
    assert russian["headline"] == "Кыргызстан: адвокаты ждут"
    assert russian["canonical_url"] == f"{settings.NEWSROOM_BASE_URL}{story['ru'].get_canonical_url()}"
    assert api(russian["api_url"]).json()["id"] == story["ru"].pk
    assert "Leakmark" not in api(f"/articles/{story['en'].pk}").content.decode()


def test_a_translation_names_its_original_first_and_its_sibling(api, story):
    data = api(f"/articles/{story['ar'].pk}").json()

    found = [(t["id"], t["is_original"]) for t in data["translations"]]
    assert found == [(story["en"].pk, True), (story["ru"].pk, False)]


def test_a_story_in_one_language_has_no_translations(api):
    article = ArticleFactory(live=True)

    assert api(f"/articles/{article.pk}").json()["translations"] == []


def test_bylines_say_who_translated(api, story):
    BylineFactory(article=story["ru"], correspondent=CorrespondentFactory(byline_name="Aigerim Tokonova"))
    BylineFactory(
        article=story["ru"],
        correspondent=CorrespondentFactory(byline_name="Olga Petrenko"),
        position=1,
        role=Byline.Role.TRANSLATOR,
    )

    for path in (f"/articles/{story['ru'].pk}", "/articles?language=ru"):
        data = api(path).json()
        item = data if "bylines" in data else data["items"][0]
        assert [(b["name"], b["role"]) for b in item["bylines"]] == [
            ("Aigerim Tokonova", "author"),
            ("Olga Petrenko", "translator"),
        ]
