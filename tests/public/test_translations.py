"""A story's live versions link one another on the article page; nothing that is not live is ever linked."""

import datetime as dt
import json
import re

import pytest
from django.utils import timezone

from articles import versions, workflow
from articles.models import Article, Byline
from tests.factories import ArticleFactory, BylineFactory, CorrespondentFactory, EditorFactory
from tests.public.test_queries import MAX_ARTICLE_QUERIES, count_queries

pytestmark = pytest.mark.django_db

BASE = "https://newsroom.example"


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.NEWSROOM_BASE_URL = BASE


@pytest.fixture
def story():
    """An English original with live Russian and Arabic translations, an approved Kazakh one, a scheduled Uzbek one."""
    original = ArticleFactory(live=True, headline="Kyrgyzstan: Osh Lawyers Wait for Clients", language="en")
    russian = ArticleFactory(
        live=True, translation_of=original, language="ru", headline="Кыргызстан: адвокаты в Оше ждут клиентов"
    )
    arabic = ArticleFactory(
        live=True, translation_of=original, language="ar", headline="قرغيزستان: محامون في أوش ينتظرون موكليهم"
    )
    draft = ArticleFactory(
        translation_of=original, language="kk", headline="Қырғызстан: жоба аударма", status=Article.Status.APPROVED
    )
    scheduled = ArticleFactory(
        translation_of=original,
        language="uz",
        headline="Qirgʻiziston: rejalashtirilgan tarjima",
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now() + dt.timedelta(days=1),
    )
    return {"en": original, "ru": russian, "ar": arabic, "kk": draft, "uz": scheduled}


def alternates(html):
    """``{hreflang: href}`` of the page's ``<link rel="alternate" hreflang>`` elements."""
    links = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html)
    found = dict(links)
    assert len(found) == len(links), "an hreflang is listed twice"
    return found


def also_in(html):
    """(lang, hreflang, href, name) of each link on the "Also in" line."""
    line = re.search(r'<p class="versions">(.*?)</p>', html, re.DOTALL)
    if line is None:
        return []
    return re.findall(r'<a href="([^"]+)" lang="([^"]+)" hreflang="([^"]+)"><bdi>([^<]+)</bdi></a>', line.group(1))


def json_ld(html):
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    return next(data for data in map(json.loads, found) if data.get("@type") == "NewsArticle")


def absolute(article):
    return f"{BASE}{article.get_absolute_url()}"


def test_every_live_version_links_every_live_version_including_itself_and_the_original_as_default(client, story):
    expected = {
        "en": absolute(story["en"]),
        "ru": absolute(story["ru"]),
        "ar": absolute(story["ar"]),
        "x-default": absolute(story["en"]),
    }
    for language in ("en", "ru", "ar"):
        assert alternates(client.get(story[language].get_absolute_url()).text) == expected, language


def test_draft_scheduled_and_withdrawn_versions_are_linked_from_nowhere(client, story):
    workflow.withdraw(story["ar"], by=EditorFactory(), reason="The translation misreads a quote.")

    for language in ("en", "ru"):
        page = client.get(story[language].get_absolute_url()).text
        for hidden in ("kk", "uz", "ar"):
            assert story[hidden].get_absolute_url() not in page, (language, hidden)
            assert story[hidden].headline not in page, (language, hidden)
        assert set(alternates(page)) == {"en", "ru", "x-default"}


def test_the_also_in_line_names_each_other_version_in_its_own_language(client, story):
    page = client.get(story["en"].get_absolute_url()).text

    assert also_in(page) == [
        (story["ru"].get_absolute_url(), "ru", "ru", "Русский"),
        (story["ar"].get_absolute_url(), "ar", "ar", "العربية"),
    ]
    assert "Also in:" in page

    russian = client.get(story["ru"].get_absolute_url()).text
    assert [name for *_, name in also_in(russian)] == ["English", "العربية"]


def test_a_story_with_one_live_version_links_no_alternates(client, story):
    lone = ArticleFactory(live=True, headline="Kazakhstan: A Story in English Only")
    ArticleFactory(translation_of=lone, language="ru")  # a draft translation

    page = client.get(lone.get_absolute_url()).text

    assert alternates(page) == {}
    assert also_in(page) == []
    assert "Also in" not in page


def test_translations_of_a_withdrawn_original_link_each_other_with_no_default(client, story):
    workflow.withdraw(story["en"], by=EditorFactory(), reason="Legal review.")

    for language in ("ru", "ar"):
        page = client.get(story[language].get_absolute_url()).text
        assert alternates(page) == {"ru": absolute(story["ru"]), "ar": absolute(story["ar"])}
        assert story["en"].get_absolute_url() not in page
        assert "translationOfWork" not in json_ld(page)


def test_json_ld_names_the_original_on_a_translation_and_the_translations_on_the_original(client, story):
    original = json_ld(client.get(story["en"].get_absolute_url()).text)
    russian = json_ld(client.get(story["ru"].get_absolute_url()).text)

    assert original["@id"] == absolute(story["en"]) and original["inLanguage"] == "en"
    assert [(work["@id"], work["inLanguage"]) for work in original["workTranslation"]] == [
        (absolute(story["ru"]), "ru"),
        (absolute(story["ar"]), "ar"),
    ]
    assert "translationOfWork" not in original
    assert russian["inLanguage"] == "ru"
    assert russian["translationOfWork"]["@id"] == original["@id"]
    assert russian["translationOfWork"]["inLanguage"] == "en"
    assert "workTranslation" not in russian


def test_translators_are_credited_apart_from_authors_on_the_page_and_in_json_ld(client, story):
    author = CorrespondentFactory(byline_name="Aigerim Tokonova")
    translator = CorrespondentFactory(byline_name="Olga Petrenko")
    hidden = CorrespondentFactory(name="Yerlan Abenov", name_withheld=True, withheld_label="A translator in Taraz")
    BylineFactory(article=story["ru"], correspondent=author, position=0)
    BylineFactory(article=story["ru"], correspondent=translator, position=1, role=Byline.Role.TRANSLATOR)
    BylineFactory(article=story["ru"], correspondent=hidden, position=2, role=Byline.Role.TRANSLATOR)

    page = client.get(story["ru"].get_absolute_url()).text

    byline = re.search(r'<p class="byline">(.*?)</p>', page).group(1)
    translated = re.search(r'<p class="byline byline--translators">(.*?)</p>', page).group(1)
    assert "Aigerim Tokonova" in byline and "Olga Petrenko" not in byline
    assert translated.startswith("Translated by ")
    assert "Olga Petrenko" in translated and "A translator in Taraz" in translated
    assert "Yerlan Abenov" not in page
    data = json_ld(page)
    assert [person["name"] for person in data["author"]] == ["Aigerim Tokonova"]
    assert [person["name"] for person in data["translator"]] == ["Olga Petrenko", "A translator in Taraz"]


def test_article_page_queries_do_not_grow_with_the_number_of_translations(client):
    def story_with(n):
        original = ArticleFactory(live=True)
        for language in ["ru", "kk", "ky", "tg", "uz", "prs", "ps", "ar"][:n]:
            ArticleFactory(live=True, translation_of=original, language=language)
        return original

    one, eight = story_with(1), story_with(8)

    assert count_queries(client, one.get_absolute_url()) == count_queries(client, eight.get_absolute_url())
    assert count_queries(client, eight.get_absolute_url()) <= MAX_ARTICLE_QUERIES
    assert len(alternates(client.get(eight.get_absolute_url()).text)) == 10  # 9 languages and x-default


def test_dari_is_marked_with_an_hreflang_search_engines_read(client):
    original = ArticleFactory(live=True)
    dari = ArticleFactory(live=True, translation_of=original, language="prs")

    page = client.get(original.get_absolute_url()).text

    assert alternates(page)["fa-AF"] == absolute(dari)
    assert also_in(page) == [(dari.get_absolute_url(), "prs", "fa-AF", "دری")]


def test_publishing_a_translation_shows_at_once_on_the_cached_pages_of_its_story(
    client, story, django_capture_on_commit_callbacks
):
    client.get(story["en"].get_absolute_url())
    assert client.get(story["en"].get_absolute_url())["X-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(Article.objects.get(pk=story["kk"].pk), by=EditorFactory())

    for language in ("en", "ru", "ar"):
        page = client.get(story[language].get_absolute_url()).text
        assert "kk" in alternates(page), language


def test_every_language_has_a_name_in_itself():
    assert set(versions.NATIVE_NAMES) == set(Article.Language.values)


def test_batch_and_single_forms_of_live_versions_agree(story):
    articles = list(Article.objects.all())

    batch = versions.live_versions_of(articles)

    for article in articles:
        single = [v.article.pk for v in versions.live_versions(article)]
        assert [v.article.pk for v in batch[article.pk]] == single, article.language
    assert [v.language for v in versions.live_versions(story["kk"])] == ["en", "ru", "ar"]
