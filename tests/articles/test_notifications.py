"""Workflow e-mail: discreet by default, written to an outbox with the step, sent by the worker
with retries, and a mail server that is down never turns a step into an error."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles import workflow
from articles.models import Article, Notification
from articles.notifications import retry_delay
from tests.articles.test_admin_desk import change_url, client_for, story
from tests.articles.test_admin_permissions import change_form_data
from tests.factories import CorrespondentUserFactory, EditorFactory
from tests.faults import closed_port

pytestmark = pytest.mark.django_db

S = Article.Status
HEADLINE = "Tajikistan: Border Villages Wait for Water"
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def author():
    return CorrespondentUserFactory(username="aigerim", first_name="Aigerim", last_name="K.")


@pytest.fixture
def editor():
    return EditorFactory(username="dilnoza", first_name="Dilnoza", last_name="R.")


@pytest.fixture
def mail_server_down(settings):
    """SMTP pointed at a port on 127.0.0.1 that refuses connections."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = closed_port()
    settings.EMAIL_TIMEOUT = 2
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False


@pytest.fixture(autouse=True)
def _worker_keeps_the_test_connection(monkeypatch):
    """The worker recycles database connections between tasks, as in production; here that would
    close the connection holding the test's transaction, so it keeps it."""
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)


def run_worker():
    """The real worker, once through everything that is due."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


# --- discreet by default ------------------------------------------------------------------------


def test_mail_names_no_headline_no_person_and_no_note_by_default(author, editor, django_capture_on_commit_callbacks):
    article = story(author, S.SUBMITTED, headline=HEADLINE)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.return_to_author(article, by=editor, note="The source in Khujand must stay unnamed.")
    [message] = mail.outbox
    text = f"{message.subject}\n{message.body}"
    assert message.subject == "Newsroom: an article needs your attention"
    for secret in (HEADLINE, "Tajikistan", "Dilnoza", "dilnoza", "Aigerim", "Khujand", "stay unnamed"):
        assert secret not in text
    assert f"http://127.0.0.1:8000{change_url(article)}" in message.body
    assert Notification.objects.get().subject == message.subject


def test_headlines_come_back_with_the_setting(author, editor, settings, django_capture_on_commit_callbacks):
    settings.NEWSROOM_MAIL_HEADLINES = True
    article = story(author, headline=HEADLINE)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(article, by=author)
    assert mail.outbox[0].subject == f"Submitted for review: {HEADLINE}"
    assert HEADLINE in mail.outbox[0].body


def test_longest_headline_submits_and_its_subject_fits(author, editor, settings, django_capture_on_commit_callbacks):
    settings.NEWSROOM_MAIL_HEADLINES = True
    longest = "Kyrgyzstan: " + "a very long headline " * 20
    longest = longest[: Article._meta.get_field("headline").max_length]
    article = story(author, headline=longest)
    data = change_form_data(article, _transition="submit")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(author).post(change_url(article), data, follow=True)
    assert response.status_code == 200 and "is now submitted" in response.text
    note = Notification.objects.get()
    assert len(note.subject) <= Notification._meta.get_field("subject").max_length
    assert note.subject.startswith("Submitted for review: Kyrgyzstan: a very long") and note.subject.endswith("…")
    assert note.status == "sent"


# --- the mail server is down --------------------------------------------------------------------


def test_submit_succeeds_while_the_mail_server_is_down_and_the_desk_is_told(
    author, editor, mail_server_down, settings, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_MAIL_ATTEMPTS = 3
    article = story(author)
    data = change_form_data(article, _transition="submit")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(author).post(change_url(article), data, follow=True)

    assert response.status_code == 200 and "is now submitted" in response.text
    assert Article.objects.get(pk=article.pk).status == S.SUBMITTED
    note = Notification.objects.get()
    assert (note.status, note.attempts, note.sent_at) == ("failed", 3, None)
    assert "ConnectionRefusedError" in note.last_error
    assert [error for _, error in note.attempt_history()] == [note.last_error] * 3

    editor_page = client_for(editor).get(change_url(article)).text
    assert "1 notification could not be delivered" in editor_page and editor.email in editor_page
    assert "could not be delivered" not in client_for(author).get(change_url(article)).text
    history = client_for(editor).get(reverse("admin:articles_article_history", args=[article.pk])).text
    assert "Not delivered</strong> after 3 attempts" in history
    assert history.count("failed: ConnectionRefusedError") == 3


def test_a_step_queues_its_mail_and_the_worker_sends_it(author, editor, settings, django_capture_on_commit_callbacks):
    settings.TASKS = DATABASE_QUEUE
    article = story(author)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(article, by=author)
    assert mail.outbox == []
    assert Notification.objects.get().status == "pending"
    # The step's mail; the queue is shared with other apps' tasks (the insights report's refreshes).
    assert DBTaskResult.objects.ready().filter(task_path="articles.notifications.deliver").count() == 1

    run_worker()

    assert [m.to for m in mail.outbox] == [[editor.email]]
    assert Notification.objects.get().status == "sent"
    assert not DBTaskResult.objects.ready().exists()


def test_worker_retries_later_with_a_growing_wait_then_delivers(
    author, editor, settings, mail_server_down, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_QUEUE
    article = story(author)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(article, by=author)

    before = timezone.now()
    run_worker()
    note = Notification.objects.get()
    assert (note.status, note.attempts) == ("pending", 1)
    assert note.next_attempt_at >= before + dt.timedelta(seconds=60)
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after == note.next_attempt_at
    assert not DBTaskResult.objects.ready().exists()  # nothing due yet: the worker waits
    assert retry_delay(2) == 2 * retry_delay(1) and retry_delay(3) == 4 * retry_delay(1)

    # The mail server is back and the wait is over.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()
    note.refresh_from_db()
    assert (note.status, note.attempts) == ("sent", 2)
    assert [bool(error) for _, error in note.attempt_history()] == [True, False]
    assert len(mail.outbox) == 1


def test_lost_queue_entries_are_sent_by_the_pending_mail_command(
    author, editor, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_QUEUE
    article = story(author)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(article, by=author)
    DBTaskResult.objects.all().delete()  # e.g. the queue was emptied by hand

    call_command("send_pending_mail", stdout=io.StringIO())
    run_worker()

    assert len(mail.outbox) == 1 and Notification.objects.get().status == "sent"
