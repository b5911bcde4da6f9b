"""What each neighbour looks like from here: database, cache, queue and media storage.

Each probe answers a small dict with a ``status`` of ``ok``, ``degraded``, ``down``, ``off`` or
``unknown``; error details are the exception's class name only (``/healthz`` is public, so no
host names, paths or credentials). Readers can be served while the database answers; the rest
only degrades the site.
"""

import secrets

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.dummy import DummyCache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db import DatabaseBackend

from health.cache import CacheUnavailable

CACHE_PROBE_KEY = "newsroom:healthz"


def database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:
        return {"status": "down", "error": type(error).__name__}
    return {"status": "ok"}


def cache_status():
    if isinstance(cache, DummyCache) or isinstance(getattr(cache, "_wrapped", None), DummyCache):
        return {"status": "off"}
    probe = getattr(cache, "probe", None)
    try:
        if probe is not None:
            probe()
        token = secrets.token_hex(4)
        cache.set(CACHE_PROBE_KEY, token, 30)
        if cache.get(CACHE_PROBE_KEY) != token:
            return {"status": "down", "error": "no round trip"}
    except CacheUnavailable as error:
        return {"status": "down", "error": str(error)}
    except Exception as error:
        return {"status": "down", "error": type(error).__name__}
    return {"status": "ok"}


def queue(database_ok=True):
    """The task queue, with the age of its oldest task still waiting to run."""
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    if not isinstance(backend, DatabaseBackend):
        return {"status": "ok", "backend": "immediate"}
    if not database_ok:
        return {"status": "unknown", "backend": "database"}
    from django_tasks_db.models import DBTaskResult

    try:
        oldest = DBTaskResult.objects.ready().order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
        waiting = DBTaskResult.objects.ready().count()
    except Exception as error:
        return {"status": "unknown", "backend": "database", "error": type(error).__name__}
    age = (timezone.now() - oldest).total_seconds() if oldest else 0
    # An old waiting task means no worker is running (or it cannot keep up): mail and renditions wait.
    status = "degraded" if age > settings.NEWSROOM_QUEUE_MAX_AGE else "ok"
    return {"status": status, "backend": "database", "waiting": waiting, "oldest_pending_seconds": round(age)}


def storage():
    """Write and delete a tiny file where uploads go."""
    try:
        name = default_storage.save(f"healthz/{secrets.token_hex(8)}.txt", ContentFile(b"ok"))
        default_storage.delete(name)
    except Exception as error:
        return {"status": "down", "error": type(error).__name__}
    return {"status": "ok"}


def report():
    """Every probe, and the overall answer: ``down`` when readers cannot be served, else ``ok``/``degraded``."""
    checks = {"database": database()}
    checks["cache"] = cache_status()
    checks["queue"] = queue(database_ok=checks["database"]["status"] == "ok")
    checks["storage"] = storage()
    if checks["database"]["status"] != "ok":
        overall = "down"
    elif any(check["status"] not in ("ok", "off") for check in checks.values()):
        overall = "degraded"
    else:
        overall = "ok"
    return {"status": overall, **checks}
