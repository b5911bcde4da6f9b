"""The desk in its editors' languages: Russian and Arabic (right to left), chosen by the browser or the cookie."""

import json
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from articles import workflow
from articles.models import Article
from tests.articles.test_admin_permissions import change_form_data
from tests.factories import ArticleFactory, BylineFactory, CorrespondentUserFactory, EditorFactory

pytestmark = pytest.mark.django_db

S = Article.Status


@pytest.fixture
def author():
    return CorrespondentUserFactory(username="aigerim")


@pytest.fixture
def editor():
    return EditorFactory(username="dilnoza", first_name="Dilnoza", last_name="R.")


def story(author, status=S.DRAFT, **kwargs):
    article = ArticleFactory(status=status, **kwargs)
    BylineFactory(article=article, correspondent=author.correspondent)
    return article


def desk_client(user, language):
    """A logged-in browser that asks for ``language`` first, as a Russian or Arabic editor's does."""
    client = Client(headers={"accept-language": f"{language},en;q=0.5"})
    client.force_login(user)
    return client


def html_tag(text):
    return re.search(r"<html[^>]*>", text)[0]


def test_russian_browser_gets_the_article_form_in_russian(author):
    article = story(author)
    response = desk_client(author, "ru").get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.status_code == 200
    page = response.text
    assert 'lang="ru"' in html_tag(page) and 'dir="ltr"' in html_tag(page)
    assert "Статус:" in page and "Черновик" in page  # the workflow panel and the status label
    assert "Сохранить и отправить на проверку" in page  # the workflow button
    assert "Рубрикация" in page  # a fieldset of ours
    assert "Главное изображение" in page and "Заголовок" in page  # field labels
    assert "Одно предложение под заголовком." in page  # a help text from the model
    assert "Строка об авторе" in page  # the bylines table's column heading
    assert "Save and submit for review" not in page and "Filing" not in page
    assert response["Content-Language"] == "ru"


def test_arabic_browser_gets_the_desk_right_to_left(editor, author):
    story(author, S.SUBMITTED, headline="Kyrgyzstan: Herders Move Early")
    response = desk_client(editor, "ar").get(reverse("admin:articles_article_desk"))
    assert response.status_code == 200
    assert 'lang="ar"' in html_tag(response.text) and 'dir="rtl"' in html_tag(response.text)
    assert "بانتظار المراجعة" in response.text  # "Awaiting review"
    assert "مسوداتي" in response.text  # "My drafts"
    assert "Awaiting review" not in response.text


def test_changelist_columns_filters_and_counts_follow_the_language(editor, author):
    story(author, S.SUBMITTED)
    story(author, S.SUBMITTED)
    story(author, S.DRAFT)
    russian = desk_client(editor, "ru").get(reverse("admin:articles_article_changelist")).text
    assert "Ждёт" in russian and "Время публикации" in russian  # our column names
    assert "3 статьи" in russian  # the list's own count, with Russian's "few" form
    assert "На проверке" in russian  # the status badge
    arabic = desk_client(editor, "ar").get(reverse("admin:articles_article_changelist")).text
    assert "3 مقالات" in arabic and "في الانتظار منذ" in arabic


def test_workflow_message_after_submitting_is_in_russian(author):
    article = story(author)
    client = desk_client(author, "ru")
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = client.post(url, change_form_data(article) | {"_transition": "submit"}, follow=True)
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.status == S.SUBMITTED
    assert "Отправить на проверку: готово." in response.text
    assert "На проверке" in response.text
    # The record keeps the working language, so the desk can still find the last submission.
    assert article.revisions.filter(comment="Submit for review").exists()


def test_workflow_refusal_is_in_arabic(editor, author):
    article = story(author, S.DRAFT)
    client = desk_client(editor, "ar")
    response = client.get(reverse("admin:articles_article_transition", args=[article.pk, "publish"]), follow=True)
    assert "خطوة “نشر” غير ممكنة ما دامت حالة المقالة: مسودة." in response.text


def test_review_diff_page_in_russian(editor, author):
    article = story(author, S.DRAFT, headline="Tajikistan: Canal Dry Since June")
    workflow.submit(article, by=author)
    article.refresh_from_db()
    client = desk_client(editor, "ru")
    data = change_form_data(article) | {"headline": "Tajikistan: Canal Dry Since May"}
    assert client.post(reverse("admin:articles_article_change", args=[article.pk]), data).status_code == 302
    page = client.get(reverse("admin:articles_article_compare", args=[article.pk])).text
    assert "как при последней отправке" in page  # "as last submitted"
    assert "Заголовок" in page  # the changed field's label
    assert "<del>June</del>" in page and "<ins>May</ins>" in page
    history = client.get(reverse("admin:articles_article_history", args=[article.pk])).text
    assert "Отправить на проверку" in history and "Изменена" in history  # revision comments, translated when shown
    assert "Сравнить выбранные версии" in history


def test_language_cookie_outranks_the_browser(editor):
    client = desk_client(editor, "ru")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    response = client.get(reverse("admin:index"))
    assert 'dir="rtl"' in html_tag(response.text) and "فتح مكتب التحرير" in response.text


def test_the_desk_language_does_not_leak_into_the_next_request(editor):
    desk_client(editor, "ar").get(reverse("admin:articles_article_desk"))
    assert translation.get_language() == settings.LANGUAGE_CODE
    english = Client()
    english.force_login(editor)
    assert "Awaiting review" in english.get(reverse("admin:articles_article_desk")).text


def test_english_browser_keeps_the_desk_in_english(editor):
    response = desk_client(editor, "en").get(reverse("admin:articles_article_desk"))
    assert 'dir="ltr"' in html_tag(response.text) and "Awaiting review" in response.text


def test_desk_scripts_catalogue_speaks_the_desk_language(editor):
    client = desk_client(editor, "ru")
    page = client.get(reverse("admin:index")).text
    assert f'<script src="{reverse("desk-jsi18n")}"></script>' in page  # a file, never an inline script
    catalogue = client.get(reverse("desk-jsi18n"))
    assert catalogue.status_code == 200 and catalogue["Content-Type"].startswith("text/javascript")
    # The catalogue is JSON inside the script: the Russian words arrive escaped.
    assert json.dumps("Выбрать из библиотеки…") in catalogue.text
    assert json.dumps("Сохранено %(count)s с назад") in catalogue.text


def test_notification_mail_is_written_in_the_working_language(editor, author):
    article = story(author)
    client = desk_client(author, "ru")
    url = reverse("admin:articles_article_change", args=[article.pk])
    client.post(url, change_form_data(article) | {"_transition": "submit"})
    note = article.notifications.get()
    # The recipient did not choose the submitting correspondent's page language.
    assert note.subject.endswith("an article needs your attention") or note.subject.startswith("Submitted for review")
    assert not re.search("[А-я]", note.subject + note.body)


def test_russian_model_labels_and_choices_are_lazy():
    with translation.override("ru"):
        assert str(Article._meta.verbose_name_plural) == "статьи"
        assert str(S.WITHDRAWN.label) == "Снята с публикации"
        assert str(workflow.TRANSITIONS["return"].label) == "Вернуть автору"
    with translation.override("ar"):
        assert str(S.PUBLISHED.label) == "منشورة"
    assert str(S.PUBLISHED.label) == "Published"
