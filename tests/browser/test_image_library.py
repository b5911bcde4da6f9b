"""In Chromium under the desk's CSP: topics as chips, the lead image picked from a grid, a picture put in the body."""

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.browser.conftest import click_that_closes, login
from tests.factories import ArticleFactory, BylineFactory, CorrespondentUserFactory, ImageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def serious_issues(page, axe_script, selector):
    page.add_script_tag(content=axe_script)
    result = page.evaluate("(selector) => axe.run(selector)", selector)
    return [
        (v["id"], [n["target"] for n in v["nodes"]])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_correspondent_tags_with_chips_picks_a_lead_image_and_inserts_a_picture(browser, live_server, axe_script):
    aigerim = CorrespondentUserFactory(username="aigerim")
    bakyt = CorrespondentUserFactory(username="bakyt")
    ArticleFactory(live=True, tags=["civil society"])
    canal = ImageFactory(uploaded_by=aigerim, alt_text="Canal at dawn", credit="Photo: Aigerim")
    ImageFactory(uploaded_by=aigerim, alt_text="Orchard in bloom")
    ImageFactory(uploaded_by=bakyt, alt_text="Someone else's picture")
    article = ArticleFactory(headline="Tajikistan: Border Villages Wait for Water", tags=["water"])
    BylineFactory(article=article, correspondent=aigerim.correspondent)

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    login(page, live_server, "aigerim")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")

    # Topics: chips, a suggestion from a live story, and a new topic.
    expect(page.locator(".topic-chip")).to_have_text(["water×"])
    page.locator("#id_tags").fill("civil")
    page.get_by_role("option", name="civil society").click()
    page.locator("#id_tags").fill("border disputes")
    page.locator("#id_tags").press("Enter")
    expect(page.locator(".topic-chip")).to_have_count(3)
    assert page.locator("#id_tags_value").input_value() == "water, civil society, border disputes"

    # Lead image: the grid shows only her pictures; one click chooses.
    page.get_by_role("button", name="Choose from library…").click()
    dialog = page.get_by_role("dialog", name="Choose the lead image")
    expect(dialog.locator(".image-grid__item")).to_have_count(2)
    expect(dialog).not_to_contain_text("Someone else")
    dialog.get_by_role("searchbox", name="Search the library").fill("dawn")
    expect(dialog.locator(".image-grid__item")).to_have_count(1)
    dialog.get_by_role("button", name="Canal at dawn").click()
    expect(page.locator(".image-picker__current")).to_contain_text("Canal at dawn")

    # Inline picture: the body editor's figure button, "Browse…" opens the library in a window.
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.keyboard.press("End")
    page.locator(".prose-menubar__button[title=figure]").click()
    with page.expect_popup() as popup_info:
        page.get_by_role("button", name="Browse...").click()
    popup = popup_info.value
    click_that_closes(popup, popup.get_by_role("button", name="Canal at dawn"))
    prose_dialog = page.locator("dialog[open]")
    expect(prose_dialog.locator("input[name=altText]")).to_have_value("Canal at dawn")
    prose_dialog.locator("input[name=caption]").fill("Water reaches the canal only at night.")
    prose_dialog.get_by_role("button", name="Insert").click()
    expect(page.locator(".ProseMirror figure img")).to_have_count(1)

    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    article = Article.objects.get(pk=article.pk)
    assert article.lead_image == canal
    assert sorted(article.tags.names()) == ["border disputes", "civil society", "water"]
    assert f'data-file="{canal.pk}"' in article.body
    assert "<figcaption>Water reaches the canal only at night.</figcaption>" in article.body
    expect(page.locator(".topic-chip")).to_have_count(3)
    assert not [e for e in errors if "Content Security Policy" in e], errors
    context.close()

    # axe-core on what changed: the filing fieldset, the open picker, the image list.
    axe_context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = axe_context.new_page()
    login(page, live_server, "aigerim")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.get_by_role("button", name="Choose from library…").click()
    expect(page.locator(".image-dialog .image-grid__item")).to_have_count(2)
    assert serious_issues(page, axe_script, ".image-dialog") == []
    page.keyboard.press("Escape")
    # Only the widgets this change added: the form's other boxes (select2) are another story.
    assert serious_issues(page, axe_script, {"include": [[".topic-chips"], [".image-picker"]]}) == []
    page.goto(f"{live_server.url}/admin/images/image/")
    assert serious_issues(page, axe_script, "#content") == []
    page.goto(f"{live_server.url}/admin/images/image/{canal.pk}/change/")
    assert serious_issues(page, axe_script, "#content") == []
    axe_context.close()
