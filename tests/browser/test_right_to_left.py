"""Right to left in real Chromium: the Arabic interface mirrors, each story keeps its own direction.

With ``NEWSROOM_SCREENSHOTS=1`` the test also writes the screenshots shown in docs/i18n.md
("Right to left") to docs/i18n/.
"""

import os
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.urls import re_path

from newsroom.urls import handler404, handler500
from newsroom.urls import urlpatterns as site_urlpatterns
from tests.browser.test_reader import serve_media
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    CorrespondentFactory,
    CountryFactory,
    ImageFactory,
    ProgrammeFactory,
    RegionFactory,
    png_bytes,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The site's URLs plus uploaded media, which production serves from storage or a CDN.
urlpatterns = [*site_urlpatterns, re_path(r"^media/(?P<path>.*)$", serve_media)]
__all__ = ["handler404", "handler500", "urlpatterns"]

DOCS = Path(__file__).resolve().parents[2] / "docs" / "i18n"
WIDTHS = (375, 1280)

LEAD = {
    "headline": "قرغيزستان: نزاعات الأراضي تملأ محاكم أوش",
    "standfirst": "يقول المزارعون إن قواعد السجل العقاري الجديدة تسمح للموظفين بإعادة رسم حدود أراضيهم دون إشعار.",
    "body": (
        "<p>يبدأ الطابور أمام محكمة المقاطعة في أوش قبل الفجر. معظم الواقفين فيه مزارعون أعيد رسم حدود "
        "قطعهم في السجل الجديد، ولم يعلم كثير منهم بذلك إلا حين وصلتهم فاتورة الضريبة.</p>"
        "<blockquote><p>«لسنا ضد السجل، نحن ضد تغييرات لا يُبلَّغ بها أحد»، قالت مديرة عيادة قانونية "
        "في بيشكيك.</p></blockquote>"
        "<h2>سجل بلا إشعار</h2>"
        "<p>قال مسؤول محلي طلب عدم الكشف عن اسمه إن المسّاحين طُلب منهم إنهاء العمل قبل نهاية العام، "
        "وإن الاعتراضات ستُنظر بعد ذلك.</p>"
    ),
}
OTHER_ARABIC = [
    ("أفغانستان: مدارس البنات في هرات ما زالت مغلقة", "الأهالي يعلّمون بناتهم في البيوت بانتظار قرار لا يأتي."),
    ("كازاخستان: محامو حقوق الإنسان يواجهون قواعد جديدة", "مشروع قانون يسمح للموظفين بإغلاق العيادات القانونية."),
    ("طاجيكستان: القرى الحدودية تنتظر المياه", "القناة التي تروي البساتين جافة منذ يونيو."),
]
ENGLISH = "Uzbekistan: Cotton Pickers Speak"
STAGE = os.environ.get("NEWSROOM_SCREENSHOTS")


@pytest.fixture
def arabic_site(settings):
    settings.ROOT_URLCONF = __name__
    region = RegionFactory(name="Central Asia")
    country = CountryFactory(name="Kyrgyzstan", region=region)
    programme = ProgrammeFactory(name="Global Voices")
    writer = CorrespondentFactory(name="Real Name Hidden", byline_name="أيبك س.", base_location="أوش")
    english = ArticleFactory(
        live=True, headline=ENGLISH, standfirst="Workers describe the harvest quotas.", countries=[country]
    )
    for headline, standfirst in OTHER_ARABIC:
        story = ArticleFactory(
            live=True, language="ar", headline=headline, standfirst=standfirst, countries=[country], programme=programme
        )
        BylineFactory(article=story, correspondent=writer)
    lead = ArticleFactory(
        live=True,
        language="ar",
        countries=[country],
        programme=programme,
        tags=["الأرض", "المحاكم"],
        lead_image=ImageFactory(
            file=ContentFile(png_bytes((1400, 800), (120, 140, 90)), name="x.png"),
            alt_text="مزارعون ينتظرون أمام محكمة المقاطعة",
            caption="مزارعون ينتظرون أمام محكمة المقاطعة في أوش.",
            credit="تصوير: مراسل نيوزروم",
        ),
        **LEAD,
    )
    BylineFactory(article=lead, correspondent=writer, author_line="أيبك س. مراسل في أوش.")
    return {"lead": lead, "english": english}


@pytest.fixture
def axe_page(browser):
    """A page that may run axe-core: the site's CSP rightly refuses injected scripts, so bypass it here only."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    yield context.new_page()
    context.close()


def arabic(path):
    return f"/ar{path}"


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def text_box(locator):
    """Where an element's words are drawn (its box spans the column however the words are aligned)."""
    return locator.evaluate(
        "e => { const r = document.createRange(); r.selectNodeContents(e); const b = r.getBoundingClientRect();"
        " return {x: b.x, width: b.width}; }"
    )


def test_arabic_pages_mirror_without_overflow_or_serious_accessibility_issues(
    axe_page, live_server, arabic_site, axe_script, artifacts_dir
):
    page = axe_page
    pages = {
        "home": arabic("/"),
        "article": arabic(arabic_site["lead"].get_absolute_url()),
        "search": arabic("/search/?q=أوش"),
    }
    violations = {}
    for name, path in pages.items():
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            assert page.goto(f"{live_server.url}{path}").ok, path
            assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
            # Mirrored: the site's name opens the header at the right; the first nav item is right of the second.
            name_box, wrap_box = box(page, ".site-name"), box(page, ".site-header__inner")
            assert name_box["x"] + name_box["width"] == pytest.approx(wrap_box["x"] + wrap_box["width"] - 16, abs=2)
            assert name_box["x"] > width / 2
            home, archive = box(page, ".site-nav li:nth-child(1)"), box(page, ".site-nav li:nth-child(2)")
            assert home["x"] > archive["x"] + archive["width"] - 1, (name, width)
            # Nothing sticks out sideways on a phone or a desktop.
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
            if STAGE:
                DOCS.mkdir(exist_ok=True)
                page.screenshot(path=DOCS / f"rtl-{name}-{width}.png", full_page=True)
            else:
                page.screenshot(path=artifacts_dir / f"rtl-{name}-{width}.png", full_page=True)
            page.add_script_tag(content=axe_script)
            result = page.evaluate("axe.run()")
            serious = [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")]
            if serious:
                violations[f"{name}-{width}"] = serious
    assert violations == {}


def test_the_arabic_article_lays_out_right_to_left(page, live_server, arabic_site):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}{arabic(arabic_site['lead'].get_absolute_url())}")

    # The story column is on the right, the "In this story" panel on its left.
    article, panel = box(page, "article.article"), box(page, "aside.panel")
    assert article["x"] > panel["x"] + panel["width"]
    # The quotation's rule stands at the start of its lines: the right.
    rule = page.locator(".article__body blockquote").evaluate(
        "q => [getComputedStyle(q).borderRightWidth, getComputedStyle(q).borderLeftWidth]"
    )
    assert rule == ["4px", "0px"]
    headline = page.locator("h1")
    assert headline.evaluate("h => [h.lang, getComputedStyle(h).direction, getComputedStyle(h).textAlign]") == [
        "ar",
        "rtl",
        "start",
    ]
    # A short subheading shows where lines start: flush with the column's right edge, far from its left.
    words = text_box(page.locator(".article__body h2"))
    assert words["x"] + words["width"] == pytest.approx(article["x"] + article["width"], abs=2)
    assert words["x"] > article["x"] + article["width"] / 2


def test_each_story_keeps_its_direction_inside_a_page_of_the_other(page, live_server, arabic_site):
    lead = arabic_site["lead"]

    page.goto(f"{live_server.url}/")
    assert page.evaluate("document.documentElement.dir") == "ltr"
    heading = page.locator(".lead-story__headline")
    assert heading.inner_text() == lead.headline
    assert heading.evaluate("h => [h.getAttribute('dir'), h.lang, getComputedStyle(h).direction]") == [
        "rtl",
        "ar",
        "rtl",
    ]
    english_item = page.locator(".story__headline", has_text=ENGLISH)
    assert english_item.evaluate("h => getComputedStyle(h).direction") == "ltr"

    page.goto(f"{live_server.url}{arabic('/')}")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    english_item = page.locator(".story__headline", has_text=ENGLISH)
    assert english_item.evaluate("h => [h.getAttribute('dir'), h.lang, getComputedStyle(h).direction]") == [
        "ltr",
        "en",
        "ltr",
    ]
    # Its words start at the left of their box, inside a page whose labels start at the right.
    item_box = english_item.bounding_box()
    assert text_box(english_item)["x"] == pytest.approx(item_box["x"], abs=2)
    meta = english_item.locator("xpath=following-sibling::p[contains(@class, 'story__meta')]")
    assert text_box(meta)["x"] + text_box(meta)["width"] == pytest.approx(item_box["x"] + item_box["width"], abs=2)


def test_pagination_arrows_point_the_way_the_page_reads(page, live_server):
    country = CountryFactory(name="Tajikistan")
    for i in range(45):
        ArticleFactory(live=True, language="ar", headline=f"طاجيكستان: قصة رقم {i}", countries=[country])

    page.goto(f"{live_server.url}{country.get_absolute_url()}")
    page.locator("a[rel=next]").click()
    newer, older = page.locator("a[rel=prev]"), page.locator("a[rel=next]")
    assert newer.bounding_box()["x"] < older.bounding_box()["x"]
    assert older.locator(".arrow").evaluate("a => getComputedStyle(a).transform") == "none"

    page.goto(f"{live_server.url}{arabic(country.get_absolute_url())}")
    page.locator("a[rel=next]").click()
    # Newer stories lie back at the right, where the page starts, older ones on to the left, and the arrows say so.
    newer, older = page.locator("a[rel=prev]"), page.locator("a[rel=next]")
    assert newer.bounding_box()["x"] > older.bounding_box()["x"]
    flipped = "matrix(-1, 0, 0, 1, 0, 0)"
    assert older.locator(".arrow").evaluate("a => getComputedStyle(a).transform") == flipped
    assert newer.locator(".arrow").evaluate("a => getComputedStyle(a).transform") == flipped
