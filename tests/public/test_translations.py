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


def link(article):
    """The address other versions link a version by: its canonical one, in its own language's interface."""
    return article.get_canonical_url()


def absolute(article):
    return f"{BASE}{link(article)}"


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
            assert link(story[hidden]) not in page, (language, hidden)
            assert story[hidden].headline not in page, (language, hidden)
        assert set(alternates(page)) == {"en", "ru", "x-default"}


def test_the_also_in_line_names_each_other_version_in_its_own_language(client, story):
    page = client.get(story["en"].get_absolute_url()).text

    assert also_in(page) == [
        (link(story["ru"]), "ru", "ru", "Русский"),
        (link(story["ar"]), "ar", "ar", "العربية"),
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
        assert link(story["en"]) not in page
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
    assert also_in(page) == [(link(dari), "prs", "fa-AF", "دری")]


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
    page = Article.objects.live().order_by("pk")
    articles = list(page)

    batch = versions.live_versions_of(articles, page)

    for article in articles:
        single = [v.article.pk for v in versions.live_versions(article)]
        assert [v.article.pk for v in batch[article.pk]] == single, article.language
    assert [v.language for v in versions.live_versions(story["kk"])] == ["en", "ru", "ar"]


# --- Sitemaps ---------------------------------------------------------------------------------------

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def sitemap_alternates(client, story):
    """``{loc: {hreflang: href}}`` of every ``<url>`` in the month sitemaps of ``story``'s versions."""
    from xml.etree import ElementTree

    from articles.caching import month_sitemap_url

    found = {}
    for url in {month_sitemap_url(story[language].publish_at) for language in ("en", "ru", "ar")}:
        response = client.get(url)
        assert response.status_code == 200
        assert b'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in response.content
        root = ElementTree.fromstring(response.content)  # noqa: S314 (parses our own response)
        assert root.tag == f"{SITEMAP}urlset"
        for entry in root.iter(f"{SITEMAP}url"):
            links = entry.findall(f"{XHTML}link")
            assert all(link.get("rel") == "alternate" for link in links)
            found[entry.find(f"{SITEMAP}loc").text] = {link.get("hreflang"): link.get("href") for link in links}
    return found


def test_sitemap_alternates_are_reciprocal_include_self_and_name_only_live_versions(client, story):
    lone = ArticleFactory(live=True)
    found = sitemap_alternates(client, story)

    group = {absolute(story[language]) for language in ("en", "ru", "ar")}
    hidden = {absolute(story[language]) for language in ("kk", "uz")}
    assert group <= set(found) and not hidden & set(found)
    for loc in group:
        links = found[loc]
        assert loc in links.values(), "a version lists itself"
        assert set(links.values()) == group, loc
        assert links["x-default"] == absolute(story["en"])
        for other in links.values():
            assert loc in found[other].values(), f"{other} does not list {loc} back"
    assert found[absolute(lone)] == {}


def test_sitemap_alternates_drop_a_withdrawn_version_at_once(client, story):
    sitemap_alternates(client, story)
    workflow.withdraw(story["ru"], by=EditorFactory(), reason="A quote is being checked.")

    found = sitemap_alternates(client, story)

    assert absolute(story["ru"]) not in found
    assert set(found[absolute(story["en"])]) == {"en", "ar", "x-default"}
    assert absolute(story["ru"]) not in found[absolute(story["ar"])].values()


def test_sitemap_page_queries_do_not_grow_with_translations(client):
    from articles.caching import month_sitemap_url

    def month_with(n):
        for _ in range(n):
            original = ArticleFactory(live=True)
            ArticleFactory(live=True, translation_of=original, language="ru")
        return month_sitemap_url(original.publish_at)

    url = month_with(1)
    one = count_queries(client, url)
    month_with(20)
    assert count_queries(client, url) == one


# --- Feeds ------------------------------------------------------------------------------------------


def test_feeds_credit_translators_apart_from_authors(client):
    from xml.etree import ElementTree

    translation = ArticleFactory(
        live=True, translation_of=ArticleFactory(live=True), language="ru", headline="Кыргызстан: перевод"
    )
    BylineFactory(article=translation, correspondent=CorrespondentFactory(byline_name="Aigerim Tokonova"))
    BylineFactory(
        article=translation,
        correspondent=CorrespondentFactory(byline_name="Olga Petrenko"),
        position=1,
        role=Byline.Role.TRANSLATOR,
    )

    rss = ElementTree.fromstring(client.get("/feeds/rss/").content)  # noqa: S314 (parses our own response)
    item = next(i for i in rss.iter("item") if i.findtext("title") == "Кыргызстан: перевод")
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Aigerim Tokonova"
    assert item.findtext("{http://purl.org/dc/elements/1.1/}contributor") == "Olga Petrenko"

    atom = ElementTree.fromstring(client.get("/feeds/atom/").content)  # noqa: S314 (parses our own response)
    ns = "{http://www.w3.org/2005/Atom}"
    entry = next(e for e in atom.iter(f"{ns}entry") if e.findtext(f"{ns}title") == "Кыргызстан: перевод")
    assert [a.findtext(f"{ns}name") for a in entry.findall(f"{ns}author")] == ["Aigerim Tokonova"]
    assert [c.findtext(f"{ns}name") for c in entry.findall(f"{ns}contributor")] == ["Olga Petrenko"]

    feed = client.get("/feeds/json/").json()
    entry = next(i for i in feed["items"] if i["title"] == "Кыргызстан: перевод")
    assert [a["name"] for a in entry["authors"]] == ["Aigerim Tokonova"]
    assert [t["name"] for t in entry["_newsroom"]["translators"]] == ["Olga Petrenko"]
