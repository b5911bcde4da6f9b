"""``/healthz`` for load balancers and monitoring, ``/healthz/live`` for process supervisors,
and the page shown when the database fails outside a view."""

import sys

from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from health import probes
from health.middleware import DATABASE_DOWN, log_outage, unavailable_response


@require_safe
@never_cache
def healthz(request):
    """Each dependency's state as JSON: 503 when readers cannot be served, 200 (maybe ``degraded``) when they can."""
    report = probes.report()
    return JsonResponse(report, status=503 if report["status"] == "down" else 200)


@require_safe
@never_cache
def live(request):
    """The process answers; touches nothing else (a supervisor restarts it only if this fails)."""
    return JsonResponse({"status": "alive"})


def server_error(request):
    """handler500: a database outage is a 503 with Retry-After; anything else the plain 500 page.

    No request context: whatever broke (the database, a context processor) must not break this page too.
    """
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_DOWN):
        log_outage(error)
        return unavailable_response()
    return HttpResponse(loader.get_template("500.html").render(), status=500)
