"""Screenshots of the desk's topic and image pages for docs/desk.md (NEWSROOM_SCREENSHOTS=before|after)."""

import os
from pathlib import Path

import pytest

from tests.browser.conftest import login
from tests.factories import ArticleFactory, BylineFactory, CorrespondentUserFactory, ImageFactory, png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STAGE = os.environ.get("NEWSROOM_SCREENSHOTS")
DOCS = Path(__file__).resolve().parents[2] / "docs" / "desk"


@pytest.mark.skipif(not STAGE, reason="only when making the docs' screenshots (NEWSROOM_SCREENSHOTS=before|after)")
def test_screenshots_of_topics_and_images(browser, live_server):
    from django.core.files.base import ContentFile

    user = CorrespondentUserFactory(username="aigerim")
    colours = [(180, 60, 40), (40, 120, 180), (60, 150, 70), (200, 170, 40), (120, 60, 160), (90, 90, 90)]
    images = [
        ImageFactory(
            uploaded_by=user,
            alt_text=f"Photo {n + 1}: farmers at a dry canal",
            file=ContentFile(png_bytes((1600, 1000), colour), name="photo.png"),
        )
        for n, colour in enumerate(colours)
    ]
    article = ArticleFactory(headline="Tajikistan: Border Villages Wait for Water", lead_image=images[0])
    article.tags.add("civil society", "human rights", "water")
    BylineFactory(article=article, correspondent=user.correspondent)
    DOCS.mkdir(exist_ok=True)
    for width in (1280, 375):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        login(page, live_server, "aigerim")
        page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
        page.locator("#id_tags").scroll_into_view_if_needed()
        page.locator("fieldset", has=page.locator("#id_tags")).screenshot(path=DOCS / f"topics-{STAGE}-{width}.png")
        if STAGE == "after":
            page.get_by_role("button", name="Choose from library…").click()
            page.locator(".image-dialog .image-grid__item").first.wait_for()
            page.screenshot(path=DOCS / f"lead-picker-{STAGE}-{width}.png")
            page.keyboard.press("Escape")
            page.goto(f"{live_server.url}/admin/images/image/{images[0].pk}/change/")
            page.locator("[data-focal-point] img").click(position={"x": 40, "y": 40})
            page.screenshot(path=DOCS / f"focal-point-{STAGE}-{width}.png")
        page.goto(f"{live_server.url}/admin/images/image/")
        page.screenshot(path=DOCS / f"images-list-{STAGE}-{width}.png", full_page=True)
        context.close()
