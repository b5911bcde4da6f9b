"""Workflow e-mail goes through an outbox: written with the step, sent by the task worker.

Editors hear of a submission; an article's bylined correspondents hear when it is returned,
published (or scheduled) or withdrawn. The ``Notification`` rows are created in the step's own
transaction, so they exist exactly when the step committed; delivery is queued after the commit
and runs in the worker, so a mail server that is down never fails or slows a step. A failed
attempt is retried with a doubling wait, up to ``NEWSROOM_MAIL_ATTEMPTS``; every attempt is kept.

Mail is written in the newsroom's working language (``LANGUAGE_CODE``), not in the language of
the desk page that took the step: the recipient did not choose that page's language.

Mail is discreet by default: a mailbox may be watched, so it carries no headline, no name and no
note, only that an article needs attention and a link to the desk. ``NEWSROOM_MAIL_HEADLINES``
turns the headline and the editor's note back on.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext, gettext_lazy
from django_tasks import task

from articles.models import Notification, NotificationStatus

logger = logging.getLogger(__name__)

SUBJECTS = {
    "submit": gettext_lazy("Submitted for review: %(headline)s"),
    "return": gettext_lazy("Returned to you: %(headline)s"),
    "publish": gettext_lazy("Published: %(headline)s"),
    "reschedule": gettext_lazy("New publish time: %(headline)s"),
    "withdraw": gettext_lazy("Withdrawn: %(headline)s"),
    "republish": gettext_lazy("Republished: %(headline)s"),
}
DISCREET_SUBJECT = gettext_lazy("%(site)s: an article needs your attention")
SUBJECT_LENGTH = Notification._meta.get_field("subject").max_length
ERROR_LENGTH = Notification._meta.get_field("last_error").max_length


def recipients(event):
    """Who is told about ``event``: editors for a submission, the bylined authors otherwise."""
    User = get_user_model()
    if event.action == "submit":
        users = User.objects.with_perm("articles.review_article", include_superusers=False)
    elif event.action in SUBJECTS:
        users = User.objects.filter(correspondent__bylines__article=event.article_id)
    else:
        return []
    return [u for u in users.filter(is_active=True).exclude(email="").distinct().order_by("pk") if u != event.actor]


def subject_for(event):
    """The subject line, always within the field's length whatever the headline's."""
    if not settings.NEWSROOM_MAIL_HEADLINES:
        return (DISCREET_SUBJECT % {"site": settings.NEWSROOM_SITE_NAME})[:SUBJECT_LENGTH]
    template = SUBJECTS[event.action]
    room = SUBJECT_LENGTH - len(template % {"headline": ""})
    return template % {"headline": Truncator(event.article.headline).chars(room)}


def body_for(event):
    article = event.article
    link = f"{settings.NEWSROOM_BASE_URL}{reverse('admin:articles_article_change', args=[article.pk])}"
    if not settings.NEWSROOM_MAIL_HEADLINES:
        return gettext("An article needs your attention in the %(site)s desk.\n\nOpen it: %(link)s") % {
            "site": settings.NEWSROOM_SITE_NAME,
            "link": link,
        }
    actor = (event.actor.get_full_name() or event.actor.get_username()) if event.actor else gettext("The desk")
    lines = [
        gettext("“%(headline)s” is now %(status)s (%(actor)s).")
        % {"headline": article.headline, "status": article.get_status_display().lower(), "actor": actor}
    ]
    if event.action in ("publish", "reschedule") and event.publish_at and event.publish_at > timezone.now():
        when = timezone.localtime(event.publish_at)
        lines.append(
            gettext("It is scheduled for %(date)s at %(time)s.")
            % {"date": date_format(when, "d M Y"), "time": date_format(when, "H:i")}
        )
    if event.comment:
        text = gettext("Reason: %(text)s") if event.action == "withdraw" else gettext("Note: %(text)s")
        lines.append(text % {"text": event.comment})
    lines.append(gettext("Open it in the desk: %(link)s") % {"link": link})
    return "\n\n".join(lines)


def queue_notifications(event):
    """Write the outbox rows for ``event`` now (inside the step's transaction) and queue their
    delivery for after the commit; a rolled-back step leaves neither rows nor mail."""
    if event.action not in SUBJECTS:
        return []
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = subject_for(event), body_for(event)
    notes = [
        Notification.objects.create(
            article=event.article, event=event, recipient=user, email=user.email, subject=subject, body=body
        )
        for user in recipients(event)
    ]
    for note in notes:
        # robust: if even queueing fails, the step has committed and its page must still say so;
        # the row stays pending and `send_pending_mail` picks it up.
        transaction.on_commit(lambda pk=note.pk: deliver.enqueue(pk), robust=True)
    return notes


def retry_delay(attempts):
    """The wait after the ``attempts``-th failure: the base delay, doubled each time."""
    return timedelta(seconds=settings.NEWSROOM_MAIL_RETRY_SECONDS * 2 ** (attempts - 1))


@task()
def deliver(notification_id):
    """Try to send one notification; on failure record why and queue the next attempt, or give up."""
    note = Notification.objects.filter(pk=notification_id, status=NotificationStatus.PENDING).first()
    if note is None:
        return "nothing to send"
    now = timezone.now()
    note.attempts += 1
    try:
        send_mail(note.subject, note.body, settings.DEFAULT_FROM_EMAIL, [note.email])
    except Exception as error:  # any failure of the mail backend: SMTP, socket, TLS, DNS
        note.last_error = f"{type(error).__name__}: {error}"[:ERROR_LENGTH]
        note.attempt_log = [*note.attempt_log, {"at": now.isoformat(), "error": note.last_error}]
        if note.attempts >= settings.NEWSROOM_MAIL_ATTEMPTS:
            note.status = NotificationStatus.FAILED
            note.next_attempt_at = None
            logger.warning("Notification %s not delivered after %s attempts: %s", note.pk, note.attempts, error)
        else:
            note.next_attempt_at = now + retry_delay(note.attempts)
        note.save(update_fields=["attempts", "last_error", "attempt_log", "status", "next_attempt_at"])
        if note.status == NotificationStatus.PENDING:
            _queue_retry(note)
        return note.status
    note.status = NotificationStatus.SENT
    note.sent_at = now
    note.next_attempt_at = None
    note.attempt_log = [*note.attempt_log, {"at": now.isoformat(), "error": ""}]
    note.save(update_fields=["attempts", "status", "sent_at", "next_attempt_at", "attempt_log"])
    return note.status


def _queue_retry(note):
    if deliver.get_backend().supports_defer:
        deliver.using(run_after=note.next_attempt_at).enqueue(note.pk)
    else:
        # A backend that runs tasks at once (tests, TASKS_BACKEND=immediate) cannot wait: try again now.
        deliver.enqueue(note.pk)


def send_pending(*, now=None):
    """Queue delivery of every pending notification that is due (after a worker or queue outage)."""
    now = now or timezone.now()
    due = Notification.objects.filter(status=NotificationStatus.PENDING).exclude(next_attempt_at__gt=now)
    ids = list(due.values_list("pk", flat=True))
    for pk in ids:
        deliver.enqueue(pk)
    return len(ids)
