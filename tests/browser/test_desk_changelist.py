"""The desk's article list in real Chromium: what waits first, readable at 1280 and 375 px, accessible."""

import datetime as dt

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Article
from tests.browser.conftest import login
from tests.factories import ArticleFactory, BylineFactory, CorrespondentUserFactory, EditorFactory, ProgrammeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG = "Kyrgyzstan: Lawyers in Osh Say Detainees Waited Three Days for Counsel"

# For each headline link: how many line boxes it takes. For each cell: whether its content is cut off.
MEASURE = """() => {
    const lines = [...document.querySelectorAll('#result_list th.field-headline a')]
        .map(a => a.getClientRects().length);
    const clipped = [...document.querySelectorAll('#result_list td, #result_list th')]
        .filter(cell => cell.offsetParent !== null && cell.scrollWidth > cell.clientWidth + 1)
        .map(cell => cell.className);
    const results = document.querySelector('#changelist .results');
    return {lines, clipped, pageWidth: document.documentElement.scrollWidth,
            resultsOverflow: results.scrollWidth - results.clientWidth};
}"""


@pytest.fixture
def desk():
    editor = EditorFactory(username="dilnoza")
    writer = CorrespondentUserFactory(username="aigerim")
    programme = ProgrammeFactory(name="Global Voices")
    made = []
    for n in range(8):
        article = ArticleFactory(headline=f"{LONG} ({n})", programme=programme, live=n < 5)
        BylineFactory(article=article, correspondent=writer.correspondent)
        made.append(article)
    for article in made[5:]:
        workflow.submit(article, by=writer)
    workflow.return_to_author(made[7], by=editor, note="Please name the second lawyer's bar association.")
    return {"editor": editor, "writer": writer, "submitted": made[5:7], "returned": made[7]}


def open_list(browser, live_server, username, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    login(page, live_server, username)
    page.goto(f"{live_server.url}/admin/articles/article/")
    return context, page


@pytest.mark.parametrize("width", [1280, 375])
def test_editor_sees_submitted_first_with_badges_and_readable_rows(
    browser, live_server, desk, axe_script, artifacts_dir, width
):
    context, page = open_list(browser, live_server, "dilnoza", width)
    try:
        page.screenshot(path=artifacts_dir / f"desk-changelist-editor-{width}.png", full_page=True)
        rows = page.locator("#result_list tbody tr")
        first_two = {rows.nth(i).locator("th.field-headline").inner_text() for i in range(2)}
        assert first_two == {a.headline for a in desk["submitted"]}
        assert rows.nth(0).locator(".state-badge").inner_text() == "Submitted"
        assert "ago" in rows.nth(0).locator("td.field-waiting_since").inner_text()

        measured = page.evaluate(MEASURE)
        assert measured["clipped"] == []
        assert measured["pageWidth"] <= width
        if width == 1280:
            assert max(measured["lines"]) <= 2, measured["lines"]
            assert measured["resultsOverflow"] <= 0
        else:
            # The story and its state fit the phone's width; the other columns are on its page.
            assert page.locator("#result_list td.field-programme").first.is_hidden()
            box = rows.nth(0).locator(".state-badge").bounding_box()
            assert box["x"] + box["width"] <= width

        page.add_script_tag(content=axe_script)
        result = page.evaluate("axe.run('#content')")
        serious = [
            (v["id"], [n["target"] for n in v["nodes"]])
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == []
    finally:
        context.close()


def test_correspondent_sees_the_returned_story_first(browser, live_server, desk, artifacts_dir):
    context, page = open_list(browser, live_server, "aigerim", 1280)
    try:
        page.screenshot(path=artifacts_dir / "desk-changelist-correspondent-1280.png", full_page=True)
        first = page.locator("#result_list tbody tr").first
        assert first.locator("th.field-headline").inner_text() == desk["returned"].headline
        assert first.locator(".state-badge").inner_text() == "Returned"
    finally:
        context.close()


def test_editor_finds_a_correspondent_by_name_and_filters_by_them(browser, live_server, desk):
    other = ArticleFactory(headline="Georgia: A Story by Someone Else", live=True)
    other.publish_at = timezone.now() - dt.timedelta(days=1)
    other.save()
    context, page = open_list(browser, live_server, "dilnoza", 1280)
    try:
        page.fill("#byline-filter-term", "aigerim")
        with page.expect_navigation():
            page.get_by_role("button", name="Find").click()
        with page.expect_navigation():
            page.get_by_role("link", name="aigerim Byline").click()
        headlines = page.locator("#result_list th.field-headline").all_inner_texts()
        assert len(headlines) == Article.objects.filter(bylines__correspondent=desk["writer"].correspondent).count()
        assert other.headline not in headlines
    finally:
        context.close()
