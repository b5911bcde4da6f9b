"""E-mail about workflow steps, sent after the commit and recorded as ``Notification`` rows.

Editors hear of a submission; an article's bylined correspondents hear when it is
returned, published (or scheduled) or withdrawn.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from articles.models import Notification

SUBJECTS = {
    "submit": "Submitted for review: {headline}",
    "return": "Returned to you: {headline}",
    "publish": "Published: {headline}",
    "reschedule": "New publish time: {headline}",
    "withdraw": "Withdrawn: {headline}",
    "republish": "Republished: {headline}",
}


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


def _body(event):
    article = event.article
    actor = (event.actor.get_full_name() or event.actor.get_username()) if event.actor else "The desk"
    lines = [f"“{article.headline}” is now {article.get_status_display().lower()} ({actor})."]
    if event.action in ("publish", "reschedule") and event.publish_at and event.publish_at > timezone.now():
        lines.append(f"It is scheduled for {timezone.localtime(event.publish_at):%d %b %Y at %H:%M}.")
    if event.comment:
        label = "Reason" if event.action == "withdraw" else "Note"
        lines.append(f"{label}: {event.comment}")
    link = reverse("admin:articles_article_change", args=[article.pk])
    lines.append(f"Open it in the desk: {settings.NEWSROOM_BASE_URL}{link}")
    return "\n\n".join(lines)


def send_notifications(event):
    """Send the e-mails for ``event`` and record each one."""
    if event.action not in SUBJECTS:
        return []
    subject = SUBJECTS[event.action].format(headline=event.article.headline)
    body = _body(event)
    sent = []
    for user in recipients(event):
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        sent.append(
            Notification.objects.create(
                article=event.article, event=event, recipient=user, email=user.email, subject=subject, body=body
            )
        )
    return sent


def queue_notifications(event):
    """Send once the transaction that recorded ``event`` has committed; never for a rolled-back step."""
    transaction.on_commit(lambda: send_notifications(event))
