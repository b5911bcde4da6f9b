"""Session lifetimes and revocation: a session ends when idle too long, when too old, or when revoked.

Idle timeout is the session store's own expiry (``SESSION_COOKIE_AGE``, moved on by every
request); the absolute lifetime counts from the login time kept in the session. Revoking
deletes the sessions from the store, so the revoked browser's next request is anonymous.
"""

import datetime
from importlib import import_module

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts.models import UserSession
from audit.log import client_ip, record
from audit.models import AuditAction

#: Session key holding the login time (a POSIX timestamp).
LOGIN_AT = "newsroom_login_at"
#: Session key holding the session key its ``UserSession`` row knows, to notice a rotation.
TRACKED_KEY = "newsroom_tracked_key"


def _store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def max_age():
    return datetime.timedelta(seconds=settings.NEWSROOM_SESSION_MAX_AGE)


def start(request, user):
    """Note a fresh login: its time in the session and a ``UserSession`` row for its key."""
    now = timezone.now()
    session = request.session
    if session.session_key is None:
        session.save()
    session[LOGIN_AT] = now.timestamp()
    session[TRACKED_KEY] = session.session_key
    UserSession.objects.filter(user=user, expires_at__lte=now).delete()
    UserSession.objects.update_or_create(
        session_key=session.session_key,
        defaults={
            "user": user,
            "started_at": now,
            "expires_at": now + max_age(),
            "ip": client_ip(request),
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:200],
        },
    )


def is_too_old(request, *, now=None):
    """True once a session has outlived ``NEWSROOM_SESSION_MAX_AGE`` since its login."""
    started = request.session.get(LOGIN_AT)
    if started is None:
        return False
    now = now or timezone.now()
    return now - datetime.datetime.fromtimestamp(started, tz=datetime.UTC) > max_age()


def follow_key_change(request):
    """Keep the ``UserSession`` row on the current key when the key rotated (a password change)."""
    session = request.session
    tracked = session.get(TRACKED_KEY)
    current = session.session_key
    if tracked and current and tracked != current:
        UserSession.objects.filter(session_key=tracked).update(session_key=current)
        session[TRACKED_KEY] = current


def end(request):
    """Forget the current session's row (at logout)."""
    key = request.session.session_key
    if key:
        UserSession.objects.filter(session_key=key).delete()


def active_sessions(user):
    """The user's sessions still alive in the store (not idle-expired, not past their absolute end)."""
    store = _store()
    rows = UserSession.objects.filter(user=user, expires_at__gt=timezone.now())
    return [row for row in rows if store().exists(row.session_key)]


def revoke(user, *, by, request=None, keep=None):
    """End every session of ``user`` except the one with key ``keep``; recorded. Returns how many ended.

    A user may end their own other sessions; only a superuser may end someone else's (the
    seized-device button), and then every one of them.
    """
    if by.pk != user.pk and not by.is_superuser:
        raise PermissionDenied("Only a superuser can log another person out.")
    store = _store()
    ended = 0
    with transaction.atomic():
        rows = list(UserSession.objects.select_for_update().filter(user=user).exclude(session_key=keep or ""))
        for row in rows:
            # Rows of sessions that already expired idle are tidied away but not counted.
            if store().exists(row.session_key):
                store().delete(row.session_key)
                ended += 1
        UserSession.objects.filter(pk__in=[row.pk for row in rows]).delete()
        record(
            AuditAction.SESSIONS_REVOKED,
            actor=by,
            request=request,
            target=user,
            detail={"sessions": ended, "kept_current": bool(keep), "by_superuser": by.pk != user.pk},
        )
    return ended
