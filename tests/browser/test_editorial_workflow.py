"""The editorial loop in real Chromium: file, return with a note, revise, resubmit, publish, read."""

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.browser.conftest import login
from tests.factories import CorrespondentUserFactory, EditorFactory, OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADLINE = "Kazakhstan: Taraz Lawyers Say Detainees Waited Days for Counsel"


def open_as(browser, live_server, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    login(page, live_server, username)
    return context, page


def press(page, label):
    """Click a submit button by its visible label and wait for the next page."""
    with page.expect_navigation():
        page.get_by_role("button", name=label).click()


def test_correspondent_files_editor_returns_author_revises_editor_publishes_reader_reads(
    browser, live_server, artifacts_dir
):
    CorrespondentUserFactory(username="aigerim")
    EditorFactory(username="dilnoza", first_name="Dilnoza", last_name="Rashidova")
    OrganisationFactory(name="Kazakhstan International Bureau for Human Rights and Rule of Law", acronym="KIBHR")
    contexts = []
    try:
        # The correspondent writes a draft in the rich-text editor and cites an organisation.
        writer_context, writer = open_as(browser, live_server, "aigerim")
        contexts.append(writer_context)
        writer.goto(f"{live_server.url}/admin/articles/article/add/")
        writer.fill("#id_headline", HEADLINE)
        writer.fill("#id_standfirst", "Families in Taraz say relatives were questioned for days without a lawyer.")
        editor_box = writer.locator(".ProseMirror[contenteditable=true]")
        editor_box.click()
        writer.keyboard.type("Three families in Taraz told our correspondent that relatives were held without counsel.")
        writer.get_by_role("button", name="Add another Citation").click()
        writer.locator("[aria-labelledby=select2-id_citations-0-organisation-container]").click()
        writer.locator(".select2-container--open .select2-search__field").fill("KIBHR")
        writer.locator(".select2-results__option", has_text="KIBHR").click()
        writer.fill("#id_citations-0-role", "lawyers monitoring the case")
        press(writer, "Save and continue editing")
        expect(writer.locator(".workflow-state")).to_contain_text("Draft")
        article = Article.objects.get(headline=HEADLINE)
        assert "held without counsel" in article.body
        assert article.citations.get().organisation.acronym == "KIBHR"
        assert article.bylines.get().correspondent.user.username == "aigerim"
        press(writer, "Save and submit for review")
        expect(writer.locator(".messagelist")).to_contain_text("is now submitted")

        # The editor returns it with a note.
        desk_context, desk = open_as(browser, live_server, "dilnoza")
        contexts.append(desk_context)
        desk.goto(f"{live_server.url}/admin/articles/article/desk/")
        desk.get_by_role("link", name=HEADLINE).click()
        press(desk, "Save and return to author…")
        desk.fill("#id_comment", "Please name the court and add the date of the first hearing.")
        press(desk, "Return to author")
        expect(desk.locator(".workflow-state")).to_contain_text("Returned to author")

        # The correspondent sees the note, revises and resubmits.
        writer.reload()
        expect(writer.locator(".workflow-note")).to_contain_text("Please name the court")
        expect(writer.locator(".workflow-note")).to_contain_text("Dilnoza Rashidova")
        editor_box.click()
        writer.keyboard.press("End")
        writer.keyboard.type(" The first hearing at the Taraz city court is set for 12 March.")
        press(writer, "Save and submit for review")
        expect(writer.locator(".workflow-state")).to_contain_text("Submitted")
        writer.screenshot(path=artifacts_dir / "editorial-correspondent-submitted.png", full_page=True)

        # The editor publishes.
        desk.reload()
        press(desk, "Save and publish now")
        expect(desk.locator(".workflow-state")).to_contain_text("Published")
        desk.screenshot(path=artifacts_dir / "editorial-editor-published.png", full_page=True)
        article.refresh_from_db()
        assert article.is_live() and "Taraz city court" in article.body
        assert list(article.events.order_by("id").values_list("action", flat=True)) == [
            "submit",
            "return",
            "submit",
            "publish",
        ]

        # An anonymous reader opens the public page.
        reader_context = browser.new_context()
        contexts.append(reader_context)
        reader = reader_context.new_page()
        response = reader.goto(f"{live_server.url}{article.get_absolute_url()}")
        assert response.status == 200
        expect(reader.locator("h1")).to_contain_text(HEADLINE)
        expect(reader.locator("body")).to_contain_text("Taraz city court")
    finally:
        for context in contexts:
            context.close()
