"""Login throttling: too many wrong passwords lock a login name, and the answer never says so.

django-axes counts failures in the database (every worker shares the count). This handler
adds two rules to it: a client address that fails across many login names is refused too
(``NEWSROOM_LOGIN_ADDRESS_FAILURE_LIMIT``), and when the count cannot be read the login is
refused rather than let through (fail closed). A locked login is answered with the login
form's own "wrong name or password" message, so a guesser cannot tell a lock from a miss.
"""

import logging

from axes.attempts import get_cool_off_threshold
from axes.backends import AxesBackend, AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db import DatabaseError
from django.db.models import Sum

logger = logging.getLogger(__name__)


class LockoutBackend(AxesBackend):
    """Django's password check, refusing a locked-out login over HTTP before the password is looked at.

    One backend, not axes' and Django's side by side, so ``User.objects.with_perm`` still works.
    Every login over HTTP passes its request (Django's login form does); a call without one
    comes from code already inside the house (a shell, a test client), which has no guesser
    to slow down, so only the password is checked.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None:
            # Raises PermissionDenied when locked; authenticate() then reports a failed login.
            AxesStandaloneBackend.authenticate(self, request, username=username, password=password, **kwargs)
        return ModelBackend.authenticate(self, request, username=username, password=password, **kwargs)


class FailClosedDatabaseHandler(AxesDatabaseHandler):
    """Axes' database handler that refuses logins it cannot vouch for."""

    def is_allowed(self, request, credentials=None):
        try:
            return super().is_allowed(request, credentials)
        except DatabaseError:
            logger.exception("Login throttling store unreachable: refusing the login.")
            return False

    def is_locked(self, request, credentials=None):
        return super().is_locked(request, credentials) or self._address_failures(request) >= (
            settings.NEWSROOM_LOGIN_ADDRESS_FAILURE_LIMIT
        )

    def _address_failures(self, request):
        ip = getattr(request, "axes_ip_address", None)
        if not ip:
            return 0
        attempts = AccessAttempt.objects.filter(ip_address=ip, attempt_time__gte=get_cool_off_threshold(request))
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0

    # Writing the count down may fail too; the login was refused or checked already, so the
    # failure is logged rather than turned into an error page.
    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        try:
            return super().user_login_failed(sender, credentials, request, **kwargs)
        except DatabaseError:
            logger.exception("Login throttling store unreachable: a failed login was not counted.")

    def user_logged_in(self, sender, request, user, **kwargs):
        try:
            return super().user_logged_in(sender, request, user, **kwargs)
        except DatabaseError:
            logger.exception("Login throttling store unreachable: a login was not logged.")

    def user_logged_out(self, sender, request, user, **kwargs):
        try:
            return super().user_logged_out(sender, request, user, **kwargs)
        except DatabaseError:
            logger.exception("Login throttling store unreachable: a logout was not logged.")


def client_address(request):
    """The client's address for counting: behind our proxy, the one it appended to X-Forwarded-For.

    Behind a proxy every request reaches Django from the proxy's address; counting that would
    put the whole world behind one address. The right-most X-Forwarded-For entry is the one our
    proxy saw (anything to its left the client may have written itself).
    """
    if settings.NEWSROOM_BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR") or None


def lockout_response(request, original_response=None, credentials=None):
    """Answer a locked login exactly as a wrong password: the login form and its generic error."""
    return original_response
