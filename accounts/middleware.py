"""The desk's gates on every request: session lifetime, then the second-factor step.

``SessionLifetimeMiddleware`` logs out a session past its absolute lifetime and keeps the
session's ``UserSession`` row on the right key. ``SecondFactorMiddleware`` lets a logged-in
user who still owes a code reach nothing under /admin/ but the code, enrolment and logout
pages: every other URL, deep links and POSTs included, is redirected before any view runs, so
a forged POST changes nothing.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import auth
from django.http import HttpResponseRedirect
from django.urls import reverse

from accounts import context, second_factor, sessions
from accounts.headers import is_desk


class AuditContextMiddleware:
    """Makes the request known to records made inside signals (see ``accounts.context``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = context.bind(request)
        try:
            return self.get_response(request)
        finally:
            context.unbind(token)


class SessionLifetimeMiddleware:
    """Ends sessions older than ``NEWSROOM_SESSION_MAX_AGE``; idle ones the session store ends itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Without a session cookie there is no session to age; not reading one keeps anonymous
        # pages free of "Vary: Cookie", so caches and the CDN can hold them.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            if sessions.LOGIN_AT not in request.session:
                # A session from before lifetimes were tracked: its clock starts now.
                sessions.start(request, request.user)
            elif sessions.is_too_old(request):
                auth.logout(request)
        response = self.get_response(request)
        if request.session.accessed and request.user.is_authenticated:
            sessions.follow_key_change(request)
        return response


class SecondFactorMiddleware:
    """Under /admin/, a user who owes a code is sent to the code (or enrolment) page and nowhere else."""

    # The desk scripts' catalogue too: every desk page loads it, the code pages included.
    OPEN = ("admin:login", "admin:logout", "accounts:verify", "accounts:enrol", "desk-jsi18n")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            is_desk(request)
            and user.is_authenticated
            and user.is_staff
            and request.path_info not in {reverse(name) for name in self.OPEN}
            and second_factor.must_verify(user)
        ):
            step = "accounts:verify" if second_factor.is_enrolled(user) else "accounts:enrol"
            target = request.get_full_path() if request.method in ("GET", "HEAD") else reverse("admin:index")
            return HttpResponseRedirect(f"{reverse(step)}?{urlencode({'next': target})}")
        return self.get_response(request)
