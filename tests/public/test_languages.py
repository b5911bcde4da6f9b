"""The public site in its interface languages: English at /…, Russian at /ru/…, Arabic at /ar/….

Pages here are filled with Cyrillic content, so any Latin word left on a Russian or Arabic page is
one of the site's own words that escaped translation.
"""

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.utils import timezone, translation

from articles.languages import in_every_language
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    CitationFactory,
    CorrectionFactory,
    CorrespondentFactory,
    CountryFactory,
    OrganisationFactory,
    ProgrammeFactory,
    RegionFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

#: Latin words a translated page may show: the site's name, feed formats, a time zone, language names.
ALLOWED_LATIN = {settings.NEWSROOM_SITE_NAME, "RSS", "Atom", "JSON", "Feed", "UTC", "English"}
#: Interface labels of the English pages that must not survive on a translated one.
ENGLISH_LABELS = ("Latest stories", "Skip to content", "Search stories", "Archive", "Published", "In this story")
PUBLISHED = dt.datetime(2026, 11, 3, 9, 30, tzinfo=dt.UTC)


class VisibleText(HTMLParser):
    """Text a reader sees or hears: text nodes outside script/style, and the attributes read out."""

    SPOKEN = {"title", "alt", "placeholder", "aria-label"}

    def __init__(self):
        super().__init__()
        self.parts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        attributes = dict(attrs)
        self.parts += [value for name, value in attrs if name in self.SPOKEN and value]
        if tag == "meta" and attributes.get("name") == "description":
            self.parts.append(attributes.get("content") or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.parts.append(data)


def visible_text(response):
    parser = VisibleText()
    parser.feed(response.content.decode())
    return " ".join(parser.parts)


def latin_words(text):
    return set(re.findall(r"[A-Za-z]{2,}", text)) - ALLOWED_LATIN


@pytest.fixture
def story():
    """A live Russian-content story with everything its page can show, every name in Cyrillic."""
    region = RegionFactory(name="Центральная Азия")
    country = CountryFactory(name="Кыргызстан", region=region)
    article = ArticleFactory(
        live=True,
        headline="Суды в Оше рассматривают земельные споры",
        standfirst="Фермеры ждут решений по участкам у канала.",
        body="<p>Канал пересох в июне, и дела дошли до суда.</p>",
        programme=ProgrammeFactory(name="Голоса регионов"),
        countries=[country],
        publish_at=PUBLISHED,
    )
    writer = CorrespondentFactory(name="Айгуль Осмонова", role_title="Корреспондент", base_location="Ош")
    BylineFactory(article=article, correspondent=writer)
    CitationFactory(
        article=article,
        source=SourceFactory(name="Нурлан Абдыкеримов", description="Юрист"),
        organisation=OrganisationFactory(name="Бюро права", acronym="БП"),
        role="юрист",
    )
    CorrectionFactory(article=article, note="В первой версии был указан не тот район.", published_at=PUBLISHED)
    ArticleFactory(live=True, headline="Вода вернулась в сёла", standfirst="", countries=[country])
    return article


def pages(story):
    correspondent = story.bylines.get().correspondent
    return {
        "home": "/",
        "article": story.get_absolute_url(),
        "search with results": "/search/?q=споры",
        "search without results": "/search/?q=ничегоподобного",
        "search form": "/search/",
        "archive": "/archive/",
        "archive month": "/archive/2026/11/",
        "country": story.countries.get().get_absolute_url(),
        "region": story.countries.get().region.get_absolute_url(),
        "programme": story.programme.get_absolute_url(),
        "correspondent": correspondent.get_absolute_url(),
        "not found": "/no-such-page/",
    }


@pytest.mark.parametrize("language", ["ru", "ar"])
def test_every_public_page_is_fully_translated(client, story, language):
    for name, path in pages(story).items():
        response = client.get(f"/{language}{path}")
        assert response.status_code in (200, 404), name
        text = visible_text(response)

        assert latin_words(text) == set(), f"English left on the {name} page in {language}"
        for label in ENGLISH_LABELS:
            assert label not in text, f"{label!r} on the {name} page in {language}"
        assert f'<html lang="{language}"' in response.content.decode()
        assert response["Content-Language"] == language


def test_translated_pages_speak_the_language(client, story):
    russian = visible_text(client.get(f"/ru{story.get_absolute_url()}"))
    arabic = visible_text(client.get(f"/ar{story.get_absolute_url()}"))

    assert "В этом материале" in russian and "Исправления и обновления" in russian and "Автор:" in russian
    assert "في هذا التقرير" in arabic and "التصحيحات والتحديثات" in arabic and "بقلم" in arabic
    # Plurals: Russian has three forms, Arabic six; the search heading takes the right one.
    assert "Найден 1 материал по запросу «споры»" in visible_text(client.get("/ru/search/?q=споры"))
    assert "تقرير واحد يطابق «споры»" in visible_text(client.get("/ar/search/?q=споры"))
    assert "2 материала" in visible_text(client.get("/ru/archive/"))
    assert "تقريران" in visible_text(client.get("/ar/archive/"))


def test_dates_are_written_as_each_language_writes_them(client, story):
    english = visible_text(client.get(story.get_absolute_url()))
    russian = visible_text(client.get(f"/ru{story.get_absolute_url()}"))
    arabic = visible_text(client.get(f"/ar{story.get_absolute_url()}"))

    assert "3 November 2026, 09:30 UTC" in english
    # The genitive after a day ("3 ноября"), the nominative in a month heading ("Ноябрь 2026").
    assert "3 ноября 2026, 09:30 UTC" in russian
    assert "Ноябрь 2026" in visible_text(client.get("/ru/archive/"))
    assert "3 نوفمبر 2026" in arabic


def test_unprefixed_pages_are_english_whatever_the_browser_asks_for(client, story):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ru,ar;q=0.8", HTTP_COOKIE=f"{settings.LANGUAGE_COOKIE_NAME}=ar")

    assert '<html lang="en"' in response.content.decode()
    assert "Latest stories" in visible_text(response)
    assert response["Content-Language"] == "en"
    # The language is in the address, so no cache needs to keep a copy per Accept-Language.
    assert "Accept-Language" not in response.get("Vary", "")


def test_a_cached_page_is_never_served_in_another_language(client, story):
    path = story.get_absolute_url()
    english = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    russian = client.get(f"/ru{path}", HTTP_ACCEPT_LANGUAGE="en")

    english_again = client.get(path, HTTP_ACCEPT_LANGUAGE="ru")
    russian_again = client.get(f"/ru{path}", HTTP_ACCEPT_LANGUAGE="ar")

    assert english["X-Cache"] == russian["X-Cache"] == "miss"
    assert english_again["X-Cache"] == russian_again["X-Cache"] == "hit"
    assert "In this story" in visible_text(english_again) and english_again["Content-Language"] == "en"
    assert "В этом материале" in visible_text(russian_again) and russian_again["Content-Language"] == "ru"
    # A stored page keeps the headers the stack gave it.
    assert russian_again["Content-Security-Policy"] == russian["Content-Security-Policy"]


def switcher_links(response):
    nav = re.search(r'<nav class="language-switcher".*?</nav>', response.content.decode(), re.DOTALL)[0]
    links = re.findall(r'<a href="([^"]*)" lang="(\w+)" hreflang="\w+"( aria-current="true")?>', nav)
    return {code: (href.replace("&amp;", "&"), bool(current)) for href, code, current in links}


def test_switcher_links_the_same_page_in_each_language_and_marks_the_current_one(client, story):
    path = story.get_absolute_url()

    assert switcher_links(client.get(f"/ru{path}")) == {
        "en": (path, False),
        "ru": (f"/ru{path}", True),
        "ar": (f"/ar{path}", False),
    }
    # The query is kept: a search, or a page of a list, stays the same search or page.
    assert switcher_links(client.get("/ar/search/?q=%D0%A1%D1%83%D0%B4%D1%8B&page=1"))["en"][0] == (
        "/search/?q=%D0%A1%D1%83%D0%B4%D1%8B&page=1"
    )
    # An error page offers each language's home, not the address that was not found.
    assert switcher_links(client.get("/ru/no-such-story/")) == {
        "en": ("/", False),
        "ru": ("/ru/", True),
        "ar": ("/ar/", False),
    }


def test_switcher_links_lead_to_pages_in_those_languages(client, story):
    for code, (href, _current) in switcher_links(client.get(story.get_absolute_url())).items():
        response = client.get(href)
        assert response.status_code == 200 and response["Content-Language"] == code


def test_canonical_address_of_lists_is_per_language_and_of_a_story_its_own_language(client, story):
    english_story = ArticleFactory(live=True, headline="Dam talks resume")

    def canonical(path):
        return re.search(r'<link rel="canonical" href="([^"]+)">', client.get(path).content.decode())[1]

    base = settings.NEWSROOM_BASE_URL
    assert canonical("/ar/archive/") == f"{base}/ar/archive/"
    # A story's one address: in its own language's interface when the site has one.
    story.language = "ru"
    story.save()
    assert story.get_canonical_url() == f"/ru{story.get_absolute_url()}"
    path = story.get_absolute_url()
    assert canonical(path) == canonical(f"/ar{path}") == f"{base}/ru{path}"
    assert canonical(f"/ru/{english_story.slug}/") == f"{base}/{english_story.slug}/"
    story.language = "kk"  # no Kazakh interface: the unprefixed address
    story.save()
    assert story.get_canonical_url() == path


def test_links_on_a_translated_page_stay_in_its_language(client, story):
    body = client.get("/ru/").content.decode()

    assert f'href="/ru{story.get_absolute_url()}"' in body
    assert 'href="/ru/archive/"' in body and 'action="/ru/search/"' in body


def test_feeds_have_their_own_words_in_their_addresss_language(client, story):
    english = client.get("/feeds/rss/").content.decode()
    russian = client.get("/ru/feeds/rss/").content.decode()

    assert "latest stories</title>" in english and "<language>en</language>" in english
    assert "последние материалы</title>" in russian and "<language>ru</language>" in russian
    assert f"/ru{story.get_absolute_url()}</link>" in russian


def test_one_address_per_sitemap_robots_and_api(client, story):
    for path in ("/ru/sitemap.xml", "/ru/robots.txt", "/ru/api/v1/openapi.json"):
        assert client.get(path, follow=True).status_code == 404, path
    assert client.get("/sitemap.xml").status_code == 200


def test_the_desk_follows_the_browsers_language(client):
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="ru")

    assert response["Content-Language"] == "ru"
    assert "Accept-Language" in response["Vary"]


def test_a_request_leaves_no_language_behind(client, story):
    client.get("/ar/")

    assert translation.get_language() == settings.LANGUAGE_CODE
    assert not story.get_absolute_url().startswith("/ar/")


def test_a_cdn_purge_covers_every_languages_address():
    with translation.override("ru"):
        urls = in_every_language(["/ru/osh-courts/", "/sitemap.xml"])

    assert urls == {"/osh-courts/", "/ru/osh-courts/", "/ar/osh-courts/", "/sitemap.xml"}


def test_list_dates_on_the_russian_home_use_russian_month_names(client):
    last_year = timezone.now().year - 1
    ArticleFactory(live=True, headline="Новости", publish_at=dt.datetime(last_year, 3, 8, 12, tzinfo=dt.UTC))

    assert "8 марта" in visible_text(client.get("/ru/"))
