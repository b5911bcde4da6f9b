"""The insights report in Chromium: no serious accessibility issue, and screenshots for the docs."""

from pathlib import Path

import pytest
from django.core.management import call_command

from tests.browser.conftest import login
from tests.factories import EditorFactory

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
