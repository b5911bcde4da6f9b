"""Review at a glance: the editor's note on top until the next submit, history by people's public
names, a diff that starts from "last submitted", and restore only after a confirmation."""

import pytest
from django.test import Client
from django.urls import reverse

from articles import revisions, workflow
from articles.models import Article
from tests.articles.test_admin_permissions import change_form_data
from tests.factories import ArticleFactory, BylineFactory, CorrespondentFactory, CorrespondentUserFactory, EditorFactory

pytestmark = pytest.mark.django_db

S = Article.Status


@pytest.fixture
def author():
    return CorrespondentUserFactory(username="aigerim")


@pytest.fixture
def editor():
    """An editor who also writes, under a pseudonym: the desk names them by it, never by the login."""
    user = EditorFactory(username="ed-login-7", first_name="Madina", last_name="Karimova")
    CorrespondentFactory(user=user, name="Madina Karimova", byline_name="M. Karim", is_pseudonym=True)
    return user


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.fixture
def story(author):
    article = ArticleFactory(headline="Kyrgyzstan: Canal Dry Since June", body="<p>The canal is dry.</p>")
    BylineFactory(article=article, correspondent=author.correspondent)
    revisions.record_revision(article, by=author, comment="Created")
    return article


def test_return_note_is_a_banner_on_top_naming_the_editor_by_public_name_until_the_next_submit(author, editor, story):
    workflow.submit(story, by=author)
    workflow.return_to_author(story, by=editor, note="Name the court & the date.")
    client = logged_in(author)

    page = client.get(change_url(story)).text

    assert page.index('class="return-note') < page.index('name="headline"')
    assert "Returned by M. Karim" in page and "ed-login-7" not in page and "Madina" not in page
    assert "Name the court &amp; the date." in page
    # The author saves a revision: the note stays.
    story.refresh_from_db()
    client.post(change_url(story), change_form_data(story, body="<p>The canal has been dry since June.</p>"))
    assert "Name the court &amp; the date." in client.get(change_url(story)).text
    # Submitted again: the note has done its job.
    story.refresh_from_db()
    workflow.submit(story, by=author)
    assert "Name the court" not in client.get(change_url(story)).text


def test_history_and_diff_name_people_by_their_public_names(author, editor, story):
    workflow.submit(story, by=author)
    workflow.return_to_author(story, by=editor, note="Shorter, please.")

    page = logged_in(editor).get(reverse("admin:articles_article_history", args=[story.pk])).text
    history = page[page.index("<h2>Workflow</h2>") : page.index("<h2>Notifications</h2>")]
    compare = logged_in(editor).get(reverse("admin:articles_article_compare", args=[story.pk]), {"a": 1, "b": 3}).text

    assert "aigerim Byline" in history and "M. Karim" in history
    assert ">aigerim<" not in history and "ed-login-7" not in history
    assert "aigerim Byline" in compare and "M. Karim" in compare and "ed-login-7" not in compare


def test_diff_defaults_to_last_submitted_against_now(author, editor, story):
    workflow.submit(story, by=author)  # version 2
    workflow.return_to_author(story, by=editor, note="Add the date.")  # version 3
    story.refresh_from_db()
    logged_in(author).post(change_url(story), change_form_data(story, body="<p>The canal is dry since 3 June.</p>"))
    story.refresh_from_db()
    workflow.submit(story, by=author)  # version 5
    client = logged_in(editor)

    page = client.get(reverse("admin:articles_article_compare", args=[story.pk]))
    history = client.get(reverse("admin:articles_article_history", args=[story.pk])).text

    assert "Changes from version 2 to 5" in page.text and "as last submitted" in page.text
    assert "<del>dry.</del><ins>dry since 3 June.</ins>" in page.text
    assert 'name="a" value="2" form="compare-form" aria-label="Compare from version 2" checked' in history
    assert 'name="b" value="5" form="compare-form" aria-label="Compare to version 5" checked' in history


def test_restore_asks_first_showing_what_it_changes_and_a_get_changes_nothing(author, editor, story):
    client = logged_in(editor)
    client.post(change_url(story), change_form_data(story, headline="Kyrgyzstan: A Worse Headline"))
    story.refresh_from_db()
    first = story.revisions.get(version=1)
    restore_url = reverse("admin:articles_article_restore", args=[story.pk, first.pk])

    history = client.get(reverse("admin:articles_article_history", args=[story.pk])).text
    page = client.get(restore_url)

    assert f'href="{restore_url}"' in history
    assert page.status_code == 200 and "Restore version 1?" in page.text
    assert "<del>Worse</del><ins>Dry</ins>" in page.text and 'name="version" value="2"' in page.text
    story.refresh_from_db()
    assert (story.version, story.headline) == (2, "Kyrgyzstan: A Worse Headline")

    done = client.post(restore_url, {"version": 2}, follow=True)

    assert "Version 1 restored as version 3." in done.text
    story.refresh_from_db()
    assert (story.version, story.headline) == (3, "Kyrgyzstan: Canal Dry Since June")


def test_restore_confirmed_on_a_page_that_went_stale_is_refused(author, editor, story):
    client = logged_in(editor)
    first = story.revisions.get(version=1)
    restore_url = reverse("admin:articles_article_restore", args=[story.pk, first.pk])
    assert 'name="version" value="1"' in client.get(restore_url).text
    logged_in(author).post(change_url(story), change_form_data(story, headline="Kyrgyzstan: Newer Words"))

    page = client.post(restore_url, {"version": 1}, follow=True)

    assert "after you opened it" in page.text
    story.refresh_from_db()
    assert (story.version, story.headline) == (2, "Kyrgyzstan: Newer Words")


def test_correspondent_gets_no_restore_page(author, story):
    first = story.revisions.get(version=1)
    url = reverse("admin:articles_article_restore", args=[story.pk, first.pk])

    assert logged_in(author).get(url).status_code == 403
    assert logged_in(author).post(url, {"version": 1}).status_code == 403


def test_restore_page_of_another_correspondents_story_is_a_404(story):
    stranger = CorrespondentUserFactory(username="nino")
    first = story.revisions.get(version=1)

    response = logged_in(stranger).get(reverse("admin:articles_article_restore", args=[story.pk, first.pk]))

    assert response.status_code == 404
