"""Review and sharing in real Chromium: the return note a correspondent reads first, a preview link
opened in a fresh browser (no login) until it is revoked, expires or the story is published, and
axe-core on the desk pages this work changed."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from articles import revisions, workflow
from articles.models import Article
from tests.browser.conftest import login
from tests.factories import ArticleFactory, BylineFactory, CorrespondentUserFactory, EditorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADLINE = "Kyrgyzstan: Women Leading Village Councils Say They Are Outvoted"


@pytest.fixture
def people():
    return {
        "author": CorrespondentUserFactory(username="aigerim"),
        "editor": EditorFactory(username="dilnoza", first_name="Dilnoza", last_name="Rashidova"),
        "publisher": EditorFactory(username="erlan"),
    }


@pytest.fixture
def story(people):
    article = ArticleFactory(headline=HEADLINE, body="<p>Three council heads described budget sessions.</p>")
    BylineFactory(article=article, correspondent=people["author"].correspondent)
    revisions.record_revision(article, by=people["author"], comment="Created")
    return article


def desk(browser, live_server, username, *, width=1280, bypass_csp=False):
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=bypass_csp)
    context.set_default_timeout(15_000)
    page = context.new_page()
    login(page, live_server, username)
    return context, page


def create_link(page, live_server, article, label):
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.get_by_role("link", name="Create or revoke preview links").click()
    page.fill("#id_label", label)
    page.get_by_role("button", name="Create preview link").click()
    return page.locator("#preview-link-url").input_value()


def test_preview_link_opens_in_a_fresh_browser_and_stops_on_revocation_expiry_and_publication(
    browser, live_server, people, story
):
    author_context, author = desk(browser, live_server, "aigerim")
    reader = browser.new_context(viewport={"width": 375, "height": 800})
    reader.set_default_timeout(15_000)
    try:
        url = create_link(author, live_server, story, "lawyer in Bishkek")
        assert url.startswith(f"{live_server.url}/preview/{story.pk}/")
        outsider = reader.new_page()

        response = outsider.goto(url)
        assert response.status == 200 and response.headers["x-robots-tag"].startswith("noindex")
        assert "no-store" in response.headers["cache-control"]
        expect(outsider.locator(".preview-banner")).to_contain_text("Preview — not published")
        expect(outsider.locator("h1")).to_have_text(HEADLINE)
        assert reader.cookies() == []

        # Revoked by the author: the same page in the same outside browser now finds nothing.
        author.goto(f"{live_server.url}/admin/articles/article/{story.pk}/preview-links/")
        author.get_by_role("button", name="Revoke").click()
        expect(author.locator(".messagelist")).to_contain_text("Preview link revoked")
        assert outsider.reload().status == 404

        # A fresh link expires after its 48 hours.
        url = create_link(author, live_server, story, "fixer")
        assert outsider.goto(url).status == 200
        with time_machine.travel(timezone.now() + dt.timedelta(hours=49)):
            assert outsider.reload().status == 404
        assert outsider.reload().status == 200

        # Published: the link stops for good.
        article = Article.objects.get(pk=story.pk)
        workflow.submit(article, by=people["author"])
        workflow.publish(article, by=people["publisher"])
        assert outsider.reload().status == 404
        assert Article.objects.get(pk=story.pk).events.filter(action="preview_opened").count() == 3
    finally:
        reader.close()
        author_context.close()


def test_desk_pages_of_review_have_no_serious_accessibility_issues(browser, live_server, people, story, axe_script):
    workflow.submit(story, by=people["author"])
    workflow.return_to_author(story, by=people["editor"], note="Add the regional administration's reply.")
    first = story.revisions.get(version=1)
    pages = {
        "aigerim": [
            f"/admin/articles/article/{story.pk}/change/",
            f"/admin/articles/article/{story.pk}/preview-links/",
        ],
        "dilnoza": [
            f"/admin/articles/article/{story.pk}/history/",
            f"/admin/articles/article/{story.pk}/revisions/compare/",
            f"/admin/articles/article/{story.pk}/revisions/{first.pk}/restore/",
        ],
    }
    violations = {}
    for username, paths in pages.items():
        for width in (1280, 375):
            context, page = desk(browser, live_server, username, width=width, bypass_csp=True)
            try:
                for path in paths:
                    assert page.goto(f"{live_server.url}{path}").status == 200, path
                    if path.endswith("/change/"):
                        note = page.locator(".return-note")
                        expect(note).to_contain_text("Returned by Dilnoza Rashidova")
                        # The note is the first thing on the form, above the headline field.
                        assert note.bounding_box()["y"] < page.locator("#id_headline").bounding_box()["y"]
                    page.add_script_tag(content=axe_script)
                    # On the change form, only what this work added (the form itself is another's).
                    scope = "['.return-note', '.preview-share']" if path.endswith("/change/") else "document"
                    result = page.evaluate(f"axe.run({scope})")
                    serious = [
                        (v["id"], [n["target"] for n in v["nodes"]])
                        for v in result["violations"]
                        if v["impact"] in ("serious", "critical")
                    ]
                    if serious:
                        violations[f"{path} at {width}"] = serious
            finally:
                context.close()
    assert violations == {}
