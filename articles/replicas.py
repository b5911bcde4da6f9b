"""Anonymous public reads go to a read replica; the desk, every logged-in request and every write use the primary.

A request is a *public read* when it is a GET or HEAD without a session cookie outside the
admin (the same test the page cache uses). ``ReplicaReadsMiddleware`` picks one replica for
such a request (a context variable, so threads never share it) and ``ReplicaRouter`` sends its
reads there; writes always go to the primary, and so does everything else.

Replication lags. For ``NEWSROOM_REPLICA_MAX_LAG`` seconds after any public change, public
reads go to the primary too: the page re-rendered after a withdrawal must not be rebuilt from a
replica that has not seen it yet (and then be cached as fresh). Configure replicas with
``DATABASE_REPLICA_URLS`` (comma-separated); with none, everything uses the primary.
"""

import contextvars
import random
import time

from django.conf import settings

from articles import caching

_replica = contextvars.ContextVar("newsroom_public_read_replica", default=None)


def replica_for_reads():
    """The replica this request reads from, or ``None`` for the primary."""
    alias = _replica.get()
    if alias is None:
        return None
    changed = caching.current_versions([caching.CHANGED])[caching.CHANGED]
    if changed is not None and time.time() - float(changed) < settings.NEWSROOM_REPLICA_MAX_LAG:
        return None
    return alias


class ReplicaReadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        replicas = settings.NEWSROOM_READ_REPLICAS
        if not replicas or not caching.is_public_read(request):
            return self.get_response(request)
        token = _replica.set(random.choice(replicas))  # noqa: S311 (load spreading, not security)
        try:
            return self.get_response(request)
        finally:
            _replica.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return replica_for_reads()

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # A replica holds the same rows as the primary.
        return True
