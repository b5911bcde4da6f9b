"""The desk in the admin: buttons, notes, schedules, queues, lost updates and expired sessions."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article
from tests.articles.test_admin_permissions import change_form_data
from tests.factories import ArticleFactory, BylineFactory, CorrespondentUserFactory, EditorFactory

pytestmark = pytest.mark.django_db

S = Article.Status
HOUR = dt.timedelta(hours=1)


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


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_second_save_on_an_old_version_is_refused_and_keeps_its_text(author, editor):
    article = story(author, S.SUBMITTED)
    second_editor = EditorFactory(username="erlan")
    first, second = client_for(editor), client_for(second_editor)
    opened = change_form_data(article)  # both opened version 1
    assert (
        first.post(change_url(article), opened | {"headline": "Kazakhstan: First Editor's Headline"}).status_code == 302
    )
    response = second.post(change_url(article), opened | {"standfirst": "The second editor's careful standfirst."})
    assert response.status_code == 200
    assert "dilnoza saved this article" not in response.text  # full name is used when there is one
    assert "Dilnoza R. saved this article" in response.text and "version 2" in response.text
    assert "The second editor&#x27;s careful standfirst." in response.text
    article.refresh_from_db()
    assert article.headline == "Kazakhstan: First Editor's Headline"
    assert article.standfirst != "The second editor's careful standfirst."
    assert article.version == 2


def test_a_workflow_step_after_opening_makes_the_open_form_stale(author, editor):
    article = story(author, S.DRAFT)
    opened = change_form_data(article)
    workflow.submit(article, by=author)
    response = client_for(editor).post(change_url(article), opened | {"headline": "Overwrite"})
    assert response.status_code == 200 and "saved this article" in response.text
    assert Article.objects.get(pk=article.pk).headline != "Overwrite"


def test_author_saves_and_submits_with_one_button_and_editors_are_mailed(
    author, editor, django_capture_on_commit_callbacks
):
    article = story(author)
    client = client_for(author)
    data = change_form_data(article, headline="Kyrgyzstan: Osh Teachers Wait for Pay", _transition="submit")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change_url(article), data, follow=True)
    article.refresh_from_db()
    assert (article.headline, article.status) == ("Kyrgyzstan: Osh Teachers Wait for Pay", S.SUBMITTED)
    assert "is now submitted" in response.text
    assert [m.to for m in mail.outbox] == [[editor.email]]
    # Read-only for the author now: no save button, no workflow buttons.
    page = client.get(change_url(article)).text
    assert 'name="_save"' not in page and 'name="_transition"' not in page


def test_return_with_note_is_shown_to_the_author(author, editor, django_capture_on_commit_callbacks, settings):
    settings.NEWSROOM_MAIL_HEADLINES = True
    article = story(author, S.SUBMITTED)
    client = client_for(editor)
    page = client.post(change_url(article), change_form_data(article, _transition="return"))
    assert page["Location"] == reverse("admin:articles_article_transition", args=[article.pk, "return"])
    form = client.get(page["Location"])
    assert "Note for the author" in form.text
    refused = client.post(page["Location"], {"version": article.version, "comment": ""})
    assert refused.status_code == 200 and Article.objects.get(pk=article.pk).status == S.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(page["Location"], {"version": article.version, "comment": "Name the court and the date."})
    assert Article.objects.get(pk=article.pk).status == S.RETURNED
    author_view = client_for(author).get(change_url(article)).text
    assert "Name the court and the date." in author_view and "Returned by Dilnoza R." in author_view
    assert mail.outbox[0].to == [author.email] and "Name the court and the date." in mail.outbox[0].body
    history = client.get(reverse("admin:articles_article_history", args=[article.pk])).text
    assert author.email in history and f"Returned to you: {article.headline}" in history


def test_editor_schedules_and_the_admin_shows_scheduled_for(author, editor):
    article = story(author, S.APPROVED)
    client = client_for(editor)
    when = timezone.localtime() + 2 * dt.timedelta(days=1)
    url = reverse("admin:articles_article_transition", args=[article.pk, "publish"])
    client.post(url, {"version": article.version, "publish_at": when.strftime("%Y-%m-%dT%H:%M")})
    article.refresh_from_db()
    assert article.status == S.PUBLISHED and article.is_scheduled
    label = f"Scheduled for {when:%d %b %Y %H:%M}"
    assert label in client.get(reverse("admin:articles_article_changelist")).text
    assert "Scheduled for" in client.get(change_url(article)).text
    assert 'class="viewsitelink"' not in client.get(change_url(article)).text


def test_view_on_site_only_for_live_articles(author, editor):
    client = client_for(editor)
    live = story(author, S.PUBLISHED, publish_at=timezone.now() - HOUR)
    draft = story(author)
    assert live.get_absolute_url() in client.get(change_url(live)).text
    assert 'class="viewsitelink"' not in client.get(change_url(draft)).text


def test_preview_renders_a_draft_privately_for_its_author(author, editor):
    article = story(author, headline="Uzbekistan: Preview Only Headline")
    response = client_for(author).get(reverse("admin:articles_article_preview", args=[article.pk]))
    assert response.status_code == 200 and "Uzbekistan: Preview Only Headline" in response.text
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert Client().get(article.get_absolute_url()).status_code == 404


def test_desk_counts_each_queue(author, editor):
    story(author, S.SUBMITTED, headline="Awaiting One")
    story(author, S.SUBMITTED, headline="Awaiting Two")
    story(author, S.APPROVED, headline="Approved One")
    story(author, S.PUBLISHED, publish_at=timezone.now() + HOUR, headline="Scheduled One")
    story(author, S.RETURNED, headline="Returned One")
    story(author, S.DRAFT, headline="Draft of Aigerim")
    response = client_for(editor).get(reverse("admin:articles_article_desk"))
    queues = {q["title"]: q["count"] for q in response.context["queues"]}
    assert queues == {
        "Awaiting review": 2,
        "Approved, not yet published": 1,
        "Scheduled": 1,
        "Returned to correspondents": 1,
        "My drafts": 0,
    }
    own = client_for(author).get(reverse("admin:articles_article_desk"))
    assert {q["title"]: q["count"] for q in own.context["queues"]}["My drafts"] == 1
    assert "Draft of Aigerim" in own.text


def test_correspondent_sees_only_own_work_in_the_desk(author):
    other = CorrespondentUserFactory(username="bakyt")
    story(other, S.RETURNED, headline="Bakyt Returned Story")
    response = client_for(author).get(reverse("admin:articles_article_desk"))
    assert "Bakyt Returned Story" not in response.text
    assert all(q["count"] == 0 for q in response.context["queues"])


def test_changelist_filters_by_state_correspondent_and_language(author, editor):
    story(author, S.SUBMITTED, headline="Submitted Russian", language="ru")
    story(author, S.DRAFT, headline="English Draft")
    client = client_for(editor)
    changelist = reverse("admin:articles_article_changelist")
    page = client.get(changelist, {"state": "submitted", "language__exact": "ru"}).text
    assert "Submitted Russian" in page and "English Draft" not in page
    by_author = client.get(changelist, {"correspondent": author.correspondent.pk}).text
    assert "Submitted Russian" in by_author and "English Draft" in by_author


def test_words_posted_after_the_session_expired_come_back_after_login(author):
    article = story(author)
    data = change_form_data(article, headline="Tajikistan: Written Before the Session Expired")
    expired = Client()
    response = expired.post(change_url(article), data)
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
    assert Article.objects.get(pk=article.pk).headline != data["headline"]
    expired.force_login(author)
    page = expired.get(change_url(article))
    assert "Tajikistan: Written Before the Session Expired" in page.text
    assert "unsaved changes from before you were logged out" in page.text
    assert Article.objects.get(pk=article.pk).headline != data["headline"]
    # Only once: the next visit shows what is saved.
    assert "Tajikistan: Written Before the Session Expired" not in expired.get(change_url(article)).text
    expired.post(change_url(article), data)
    assert Article.objects.get(pk=article.pk).headline == data["headline"]


def test_history_and_note_survive_a_deleted_actor(author, editor):
    article = story(author, S.SUBMITTED)
    workflow.return_to_author(article, by=editor, note="Shorten the second half.")
    editor.delete()
    client = client_for(EditorFactory(username="erlan"))
    history = client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert history.status_code == 200 and "Shorten the second half." in history.text
    page = client.get(change_url(article))
    assert page.status_code == 200 and "Returned by the desk" in page.text
