"""Translations in real Chromium: an editor corrects an original, the desk shows its Russian translation
out of date with what changed, and the translator marks it up to date."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles import revisions, translations
from articles.models import Article, Byline
from tests.browser.conftest import login
from tests.factories import ArticleFactory, BylineFactory, CorrespondentUserFactory, EditorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADLINE = "Kyrgyzstan: Osh Teachers Wait Three Months for Pay"


def open_as(browser, live_server, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    login(page, live_server, username)
    return context, page


def press(page, label):
    with page.expect_navigation():
        page.get_by_role("button", name=label).click()


def test_editor_corrects_the_original_and_the_translator_brings_the_russian_translation_up_to_date(
    browser, live_server, artifacts_dir
):
    author = CorrespondentUserFactory(username="aigerim")
    translator = CorrespondentUserFactory(username="timur")
    editor = EditorFactory(username="dilnoza", first_name="Dilnoza", last_name="Rashidova")
    published = timezone.now() - dt.timedelta(days=1)
    original = ArticleFactory(
        headline=HEADLINE,
        standfirst="Teachers in Osh say their salaries have not been paid since September.",
        status=Article.Status.PUBLISHED,
        publish_at=published,
        first_published_at=published,
    )
    BylineFactory(article=original, correspondent=author.correspondent)
    revisions.record_revision(original, by=author, comment="Created")
    translation = translations.start(original, language="ru", by=editor)
    BylineFactory(article=translation, correspondent=translator.correspondent, role=Byline.Role.TRANSLATOR, position=1)
    contexts = []
    try:
        # The editor corrects the original: a new standfirst and a correction note for readers.
        desk_context, desk = open_as(browser, live_server, "dilnoza")
        contexts.append(desk_context)
        desk.goto(f"{live_server.url}/admin/articles/article/{original.pk}/change/")
        expect(desk.locator(".translation-line")).to_contain_text("Russian")
        desk.fill("#id_standfirst", "Teachers in Osh say their salaries have not been paid since August.")
        desk.get_by_role("button", name="Add another Correction").click()
        desk.fill("#id_corrections-0-note", "An earlier version said the pay stopped in September.")
        press(desk, "Save and continue editing")
        expect(desk.locator(".translation-line")).to_contain_text("out of date")

        # The desk's translations page lists the Russian translation as out of date.
        desk.goto(f"{live_server.url}/admin/articles/article/desk/")
        desk.get_by_role("link", name="Translations: up to date, out of date, missing").click()
        expect(desk.locator(".translations-list")).to_contain_text("Russian")
        expect(desk.locator(".translations-tabs [aria-current]")).to_contain_text("Out of date")
        desk.screenshot(path=artifacts_dir / "translations-out-of-date.png", full_page=True)

        # The translator opens it: the panel shows what changed in the original.
        writer_context, writer = open_as(browser, live_server, "timur")
        contexts.append(writer_context)
        writer.goto(f"{live_server.url}/admin/articles/article/{translation.pk}/change/")
        panel = writer.locator(".translation-changed")
        expect(panel).to_contain_text("The original changed since this translation was last updated")
        expect(panel.locator("td.diff del").first).to_contain_text("September.")
        expect(panel.locator("td.diff ins").first).to_contain_text("August.")
        expect(panel).to_contain_text("An earlier version said the pay stopped in September.")
        writer.screenshot(path=artifacts_dir / "translations-diff.png", full_page=True)

        # They translate the change and say so.
        writer.fill("#id_standfirst", "Учителя в Оше говорят, что не получают зарплату с августа.")
        writer.get_by_label("I have brought this translation up to date").check()
        press(writer, "Save and continue editing")
        expect(writer.locator(".messagelist")).to_contain_text("Marked up to date")
        expect(writer.locator(".translation-changed")).to_have_count(0)
        expect(writer.locator(".translation-line")).to_contain_text("up to date")
        translation.refresh_from_db()
        original.refresh_from_db()
        assert translation.original_version == original.version
        assert not translations.is_out_of_date(translation)
        assert translation.events.filter(action=translations.BROUGHT_UP_TO_DATE, actor=translator).exists()

        desk.goto(f"{live_server.url}/admin/articles/article/translations/?state=up-to-date")
        expect(desk.locator(".translations-list")).to_contain_text("Russian")
    finally:
        for context in contexts:
            context.close()
