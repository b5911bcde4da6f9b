"""Right to left: the page follows its interface language, each story its own language, wherever it is shown.

An Arabic, Dari or Pashto story on the English home reads right to left under its own ``lang``; an
English story on an Arabic page reads left to right; the labels around them stay in the page's language.
"""

import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from articles.models import Article, Language, text_direction
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    CorrespondentFactory,
    CountryFactory,
    ImageFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db

ARABIC = {
    "headline": "قرغيزستان: نزاعات الأراضي تملأ محاكم أوش",
    "standfirst": "يقول المزارعون إن قواعد السجل الجديدة تسمح للموظفين بإعادة رسم أراضيهم دون إشعار.",
    "body": "<p>يبدأ الطابور أمام محكمة المقاطعة في أوش قبل الفجر، ومعظم الواقفين فيه مزارعون.</p>",
}
DARI = "افغانستان: مکتب‌های دخترانه در هرات هنوز بسته است"
PASHTO = "افغانستان: د کونړ بزګران اوبو ته سترګې په لار دي"


def test_right_to_left_languages_are_arabic_dari_and_pashto_for_stories_and_interface_alike():
    rtl = {code for code in Language.values if text_direction(code) == "rtl"}
    assert rtl == {"ar", "prs", "ps"}
    for code in Language.values:
        with translation.override(code):
            assert translation.get_language_bidi() == (code in rtl), code
    assert text_direction("fa-AF") == "rtl" and text_direction("ar-EG") == "rtl" and text_direction("en-gb") == "ltr"
    assert Article(language="prs").text_direction == "rtl" and Article(language="ru").text_direction == "ltr"


def test_the_english_home_keeps_each_story_in_its_own_language_and_direction(client):
    region = RegionFactory(name="Central Asia")
    country = CountryFactory(name="Afghanistan", region=region)
    english = ArticleFactory(live=True, headline="Kazakhstan: Rights Lawyers Face New Rules", countries=[country])
    dari = ArticleFactory(live=True, language="prs", headline=DARI, countries=[country])
    ArticleFactory(live=True, language="ps", headline=PASHTO)
    arabic = ArticleFactory(live=True, language="ar", **ARABIC)

    page = client.get("/").text

    assert re.search(r'<html lang="en(-gb)?" dir="ltr">', page)
    lead = f'class="lead-story__headline" lang="ar" dir="rtl"><a href="{arabic.get_absolute_url()}">'
    assert lead in page
    assert f'<p class="standfirst" lang="ar" dir="rtl">{ARABIC["standfirst"]}</p>' in page
    assert 'class="story__headline" lang="ps" dir="rtl"><a href="/' in page
    assert f'class="story__headline" lang="prs" dir="rtl"><a href="{dari.get_absolute_url()}">{DARI}</a>' in page
    assert f'class="story__headline" lang="en" dir="ltr"><a href="{english.get_absolute_url()}">' in page
    # The region's block links each story under its own language too.
    assert f'<li><a href="{dari.get_absolute_url()}" lang="prs" dir="rtl">{DARI}</a> <time' in page
    assert f'<li><a href="{english.get_absolute_url()}" lang="en" dir="ltr">' in page


def test_an_arabic_story_on_an_english_page_marks_its_own_words_not_the_labels(client):
    article = ArticleFactory(
        live=True,
        language="ar",
        lead_image=ImageFactory(caption="مزارعون أمام محكمة المقاطعة في أوش.", credit="تصوير: مراسل"),
        **ARABIC,
    )
    BylineFactory(
        article=article,
        correspondent=CorrespondentFactory(byline_name="Aruuke Pen"),
        author_line="أرووكي بن اسم مستعار لكاتبة في أوش.",
    )

    page = client.get(article.get_absolute_url()).text

    # The page is English (its labels are), so the document is English left to right...
    assert re.search(r'<html lang="en(-gb)?" dir="ltr">', page)
    # ...and the story's headline, standfirst, caption, body and author line are Arabic right to left.
    assert f'<h1 lang="ar" dir="rtl">{ARABIC["headline"]}</h1>' in page
    assert f'<p class="standfirst" lang="ar" dir="rtl">{ARABIC["standfirst"]}</p>' in page
    assert '<figcaption lang="ar" dir="rtl">مزارعون أمام محكمة المقاطعة في أوش.' in page
    assert f'<div class="article__body" lang="ar" dir="rtl">\n{ARABIC["body"]}' in page
    assert '<footer class="author-lines" lang="ar" dir="rtl">\n<p>أرووكي بن اسم مستعار لكاتبة في أوش.</p>' in page
    assert re.search(r'<p class="byline">By <a [^>]+><bdi>Aruuke Pen</bdi>', page)
    assert 'class="dateline">Published <time' in page


def test_search_results_carry_each_story_language_and_direction(client):
    arabic = ArticleFactory(live=True, language="ar", **ARABIC)
    english = ArticleFactory(live=True, headline="Kyrgyzstan: Osh Courts Fill With Land Disputes")

    page = client.get("/search/", {"q": "أوش"}).text

    assert f'class="story__headline" lang="ar" dir="rtl"><a href="{arabic.get_absolute_url()}">' in page
    assert '<p class="story__snippet" lang="ar" dir="rtl">' in page
    assert english.headline not in page

    page = client.get("/search/", {"q": "Osh"}).text

    assert f'class="story__headline" lang="en" dir="ltr"><a href="{english.get_absolute_url()}">' in page


def test_an_english_story_on_an_arabic_page_reads_left_to_right(client):
    english = ArticleFactory(live=True, headline="Kazakhstan: Rights Lawyers Face New Rules")
    ArticleFactory(live=True, language="ar", **ARABIC)

    page = client.get("/ar/").text

    assert '<html lang="ar" dir="rtl">' in page
    assert f'class="story__headline" lang="en" dir="ltr"><a href="/ar{english.get_absolute_url()}">' in page


def test_atom_entries_carry_their_story_language(client):
    ArticleFactory(live=True, language="ar", **ARABIC)
    ArticleFactory(live=True, headline="Kazakhstan: Rights Lawyers Face New Rules")

    feed = ET.fromstring(client.get("/feeds/atom/").content)  # noqa: S314 (parses our own response)

    atom, lang = "{http://www.w3.org/2005/Atom}", "{http://www.w3.org/XML/1998/namespace}lang"
    entries = {e.findtext(f"{atom}title"): e.get(lang) for e in feed.findall(f"{atom}entry")}
    assert entries == {ARABIC["headline"]: "ar", "Kazakhstan: Rights Lawyers Face New Rules": "en"}
