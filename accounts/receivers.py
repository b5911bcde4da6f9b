"""What the login machinery tells the audit trail: logins, failures, lockouts, logouts, role changes.

Django and django-axes announce these as signals; each receiver hands the fact to
``audit.log.record`` (and, at login and logout, to ``accounts.sessions``), nothing more.
Group changes are recorded wherever they come from (the user form, the role actions, a
shell) with the acting user taken from the request being served, if any.
"""

from axes.helpers import get_failure_limit
from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed

from accounts import sessions
from accounts.context import current_request
from audit.log import record
from audit.models import AuditAction


def logged_in(sender, request, user, **kwargs):
    if request is None:
        return
    if hasattr(request, "session"):
        sessions.start(request, user)
    record(AuditAction.LOGIN, actor=user, request=request, target=user)


def logged_out(sender, request, user, **kwargs):
    if request is None:
        return
    if hasattr(request, "session"):
        sessions.end(request)
    if user is not None:
        record(AuditAction.LOGOUT, actor=user, request=request, target=user)


def login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username") or "")[:150]
    detail = {"username": username, "locked": bool(getattr(request, "axes_locked_out", False))}
    record(AuditAction.LOGIN_FAILED, request=request, detail=detail)


def locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    # Axes repeats this signal for every attempt during the lock; the trail keeps the moment it began.
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is not None and failures != get_failure_limit(request, None):
        return
    record(AuditAction.LOCKOUT, request=request, detail={"username": str(username or "")[:150]})


def groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Record who joined or left which role, one entry per user."""
    if action == "pre_clear":
        instance._groups_before_clear = (
            list(instance.groups.values_list("name", flat=True))
            if not reverse
            else list(instance.user_set.values_list("pk", flat=True))
        )
        return
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    User = get_user_model()
    verb = {"post_add": "added", "post_remove": "removed", "post_clear": "removed"}[action]
    if not reverse:
        if action == "post_clear":
            names = getattr(instance, "_groups_before_clear", [])
        else:
            names = list(Group.objects.filter(pk__in=pk_set).values_list("name", flat=True))
        if names:
            _record_groups(instance, verb, sorted(names))
        return
    user_ids = getattr(instance, "_groups_before_clear", []) if action == "post_clear" else pk_set
    for user in User.objects.filter(pk__in=user_ids or []):
        _record_groups(user, verb, [instance.name])


def _record_groups(user, verb, names):
    request = current_request()
    record(AuditAction.GROUPS_CHANGED, request=request, target=user, detail={verb: names})


def connect():
    User = get_user_model()
    user_logged_in.connect(logged_in, dispatch_uid="accounts-logged-in")
    user_logged_out.connect(logged_out, dispatch_uid="accounts-logged-out")
    user_login_failed.connect(login_failed, dispatch_uid="accounts-login-failed")
    user_locked_out.connect(locked_out, dispatch_uid="accounts-locked-out")
    m2m_changed.connect(groups_changed, sender=User.groups.through, dispatch_uid="accounts-groups-changed")
