"""A database outage answers a branded 503 with ``Retry-After``, never the generic 500.

The middleware sits innermost, so its response still passes every header middleware
(security, frame options, CSP) on the way out. Failures outside views (a session save in
``SessionMiddleware``) reach ``health.views.server_error``, which gives the same answer.
Cached anonymous pages are served before any query runs, so they keep serving meanwhile.
"""

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

from health.throttle import warn_once_per

#: Errors that mean "the database cannot be reached now", as opposed to a bug in a query.
DATABASE_DOWN = (OperationalError, InterfaceError)

#: The outage page loads nothing but the site's own stylesheet and icon.
OUTAGE_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def unavailable_response():
    """The 503 page, rendered without a request (no context processor may touch the database)."""
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(settings.NEWSROOM_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    # Set here as well as by the middleware, for a failure outside the views that skips some of them.
    response["Content-Security-Policy"] = OUTAGE_CSP
    response["X-Frame-Options"] = "DENY"
    return response


def log_outage(error):
    warn_once_per("database", 60, "Database unreachable (%s: %s); answering 503.", type(error).__name__, error)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_DOWN):
            log_outage(exception)
            return unavailable_response()
        return None
