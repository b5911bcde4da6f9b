"""Two editors, one article, two browsers: the second save is refused and keeps its words."""

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.browser.conftest import login
from tests.factories import ArticleFactory, EditorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_second_editor_save_is_refused_and_keeps_the_text(browser, live_server, artifacts_dir):
    EditorFactory(username="dilnoza", first_name="Dilnoza", last_name="Rashidova")
    EditorFactory(username="erlan")
    article = ArticleFactory(
        headline="Tajikistan: Border Villages Wait for Water",
        standfirst="Farmers say the canal has been dry since June.",
        status=Article.Status.SUBMITTED,
    )
    url = f"{live_server.url}/admin/articles/article/{article.pk}/change/"
    first_context = browser.new_context()
    second_context = browser.new_context()
    try:
        first, second = first_context.new_page(), second_context.new_page()
        login(first, live_server, "dilnoza")
        login(second, live_server, "erlan")
        first.goto(url)
        second.goto(url)

        first.fill("#id_headline", "Tajikistan: Border Villages Still Wait for Water")
        with first.expect_navigation():
            first.get_by_role("button", name="Save", exact=True).click()
        expect(first.locator(".messagelist")).to_contain_text("was changed successfully")

        words = "Farmers in Isfara say the canal has been dry since June and the wells are failing."
        second.fill("#id_standfirst", words)
        with second.expect_navigation():
            second.get_by_role("button", name="Save", exact=True).click()
        expect(second.locator(".errornote, .errorlist").first).to_be_visible()
        expect(second.locator("body")).to_contain_text("Dilnoza Rashidova saved this article")
        expect(second.locator("#id_standfirst")).to_have_value(words)
        second.screenshot(path=artifacts_dir / "editorial-conflict-refused.png", full_page=True)

        article.refresh_from_db()
        assert article.headline == "Tajikistan: Border Villages Still Wait for Water"
        assert article.standfirst == "Farmers say the canal has been dry since June."
        assert article.version == 2
    finally:
        first_context.close()
        second_context.close()
