"""Issue 11 in real Chromium: names found while writing, one-click citations, and the unnamed-source sign-off."""

from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from articles.models import Citation
from insights.models import SignOff
from tests.browser.conftest import login
from tests.factories import (
    AffiliationFactory,
    ArticleFactory,
    BylineFactory,
    CitationFactory,
    CorrespondentUserFactory,
    EditorFactory,
    OrganisationFactory,
    SourceFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADLINE = "Kyrgyzstan: Teachers in Osh Go Unpaid"


def open_as(browser, live_server, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors = []
    # Our script must run under the desk's CSP and throw nothing.
    page.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if message.type == "error" and ("Content Security Policy" in message.text or "Refused" in message.text)
            else None
        ),
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    login(page, live_server, username)
    return context, page, errors


def press(page, label):
    with page.expect_navigation():
        page.get_by_role("button", name=label).click()


def test_mentions_one_click_citation_and_unnamed_source_sign_off_before_publishing(browser, live_server, artifacts_dir):
    author = CorrespondentUserFactory(username="aigerim")
    EditorFactory(username="dilnoza", first_name="Dilnoza", last_name="Rashidova")
    OrganisationFactory(name="Kazakhstan International Bureau for Human Rights and Rule of Law", acronym="KIBHR")
    union = OrganisationFactory(name="Osh Teachers' Union", acronym="OTU")
    AffiliationFactory(source=SourceFactory(name="Bakyt Omurov"), organisation=union, role="chair")
    article = ArticleFactory(headline=HEADLINE, body="<p>KIBHR lawyers say teachers have not been paid since May.</p>")
    BylineFactory(article=article, correspondent=author.correspondent)
    unnamed = CitationFactory(
        article=article,
        source=SourceFactory(name="Asel Hidden"),
        organisation=None,
        is_anonymous=True,
        descriptor="an official in the regional education department",
    )
    change_url = f"{live_server.url}/admin/articles/article/{article.pk}/change/"
    contexts = []
    try:
        writer_context, writer, writer_errors = open_as(browser, live_server, "aigerim")
        contexts.append(writer_context)
        writer.goto(change_url)
        panel = writer.locator("#insights-panel")
        expect(panel.locator(".insights-not-cited")).to_contain_text("Kazakhstan International Bureau")

        # One click cites KIBHR; the page comes back with the citation and nothing left to add.
        with writer.expect_navigation():
            panel.get_by_role("button", name="Add citation").click()
        expect(panel).not_to_contain_text("Mentioned but not cited")
        assert Citation.objects.filter(article=article, organisation__acronym="KIBHR").exists()

        # Written while the form is open: the new name shows up without saving.
        editor_box = writer.locator(".ProseMirror[contenteditable=true]")
        editor_box.click()
        writer.keyboard.press("End")
        writer.keyboard.type(" Bakyt Omurov, who chairs the union, agreed.")
        expect(panel.locator(".insights-not-cited")).to_contain_text("Bakyt Omurov")
        expect(panel.locator(".insights-not-cited")).to_contain_text("chair, Osh Teachers' Union")
        press(writer, "Save and continue editing")

        # The correspondent justifies the unnamed source on the article form, then submits.
        unnamed_row = panel.locator(".insights-unnamed li")
        expect(unnamed_row).to_contain_text("needs a justification")
        writer.select_option(f"#insights-{unnamed.pk}-reason", "risk")
        writer.fill(f"#insights-{unnamed.pk}-explanation", "Named, she would lose her post in the department.")
        writer.fill(f"#insights-{unnamed.pk}-reliability", "She showed our correspondent the payroll order.")
        unnamed_row.get_by_role("button", name="Save the justification").click()
        expect(unnamed_row).to_contain_text("waiting for an editor")
        press(writer, "Save and submit for review")
        expect(writer.locator(".workflow-state")).to_contain_text("Submitted")
        assert writer_errors == []

        # The editor's publish is refused by name; she signs off and publishes.
        desk_context, desk, desk_errors = open_as(browser, live_server, "dilnoza")
        contexts.append(desk_context)
        desk.goto(change_url)
        press(desk, "Save and publish now")
        expect(desk.locator(".messagelist")).to_contain_text("“an official in the regional education department”")
        expect(desk.locator(".workflow-state")).to_contain_text("Submitted")
        desk_row = desk.locator("#insights-panel .insights-unnamed li")
        expect(desk_row.locator("textarea").last).to_have_value("She showed our correspondent the payroll order.")
        desk_row.get_by_role("button", name="Sign off").click()
        expect(desk_row).to_contain_text("signed off")
        desk.reload()
        expect(desk.locator("#insights-panel .insights-unnamed")).to_contain_text("signed off by Dilnoza Rashidova")
        desk.screenshot(path=artifacts_dir / "insights-signed-off.png", full_page=True)
        press(desk, "Save and publish now")
        expect(desk.locator(".workflow-state")).to_contain_text("Published")
        assert desk_errors == []
        article.refresh_from_db()
        assert article.is_live()
        assert SignOff.objects.get(citation=unnamed).signed_by.username == "dilnoza"
    finally:
        for context in contexts:
            context.close()


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCS = Path(__file__).resolve().parents[2] / "docs" / "insights"


def test_report_has_no_serious_accessibility_issue_and_is_photographed(browser, live_server, axe_script):
    call_command("loaddemo", verbosity=0)
    EditorFactory(username="madina")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    try:
        login(page, live_server, "madina")
        page.goto(f"{live_server.url}/admin/insights/")
        assert page.locator("svg.insights-chart").count() == 14
        DOCS.mkdir(exist_ok=True)
        page.screenshot(path=DOCS / "report-1280.png", full_page=True)
        page.locator("#section-output").scroll_into_view_if_needed()
        page.screenshot(path=DOCS / "report-output-1280.png")
        page.add_script_tag(content=axe_script)
        result = page.evaluate("axe.run()")
        serious = [
            (v["id"], v["nodes"][0]["target"]) for v in result["violations"] if v["impact"] in ("serious", "critical")
        ]
        assert serious == []
    finally:
        context.close()
