"""Partner API keys: made, checked, limited and revoked here, and nowhere else.

A key reads ``nr_<prefix>_<secret>``: 16 random hex characters to find its row by, then
43 characters of ``secrets.token_urlsafe(32)`` (256 bits). The row keeps the prefix and the
SHA-256 of the whole key; the key itself is shown once, when it is made, and never stored.

The rate limit is a fixed one-minute window per key in the shared cache (so every app server
counts together). When the cache is down the limit is not enforced (fail-open): the API serves
only what the public site already shows, keys are still checked against the database, and an
outage of Redis must not cut partners off. The outage is logged (``health.cache``).

``last_used_at`` is written at most once a minute per key, by a conditional ``UPDATE``, so a
busy partner does not turn every read into a write.
"""

import datetime as dt
import hashlib
import hmac
import re
import secrets
import time

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from api.models import ApiKey
from audit.log import record
from audit.models import AuditAction

KEY_FORMAT = re.compile(r"nr_([0-9a-f]{16})_[A-Za-z0-9_-]{43}")
WINDOW_SECONDS = 60
LAST_USED_EVERY = dt.timedelta(minutes=1)


def _digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def issue(*, partner, rate_limit=60, note="", by, request=None):
    """Make a key for ``partner``; returns ``(row, key)``. The key is shown once and never kept."""
    prefix = secrets.token_hex(8)
    token = f"nr_{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        key = ApiKey.objects.create(
            partner=partner, rate_limit=rate_limit, note=note, prefix=prefix, hashed_key=_digest(token), created_by=by
        )
        record(AuditAction.API_KEY_CREATED, actor=by, request=request, target=key, detail={"prefix": prefix})
    return key, token


def revoke(key, *, by, request=None):
    """Close a key for good; its next request is answered 401. Revoking twice changes nothing."""
    with transaction.atomic():
        updated = ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
        if updated:
            record(AuditAction.API_KEY_REVOKED, actor=by, request=request, target=key, detail={"prefix": key.prefix})
    key.refresh_from_db(fields=["revoked_at"])
    return bool(updated)


def authenticate(token):
    """The active key ``token`` stands for, or ``None``. One indexed query; constant-time comparison."""
    match = KEY_FORMAT.fullmatch(token or "")
    if match is None:
        return None
    key = ApiKey.objects.active().filter(prefix=match.group(1)).first()
    if key is None or not hmac.compare_digest(key.hashed_key, _digest(token)):
        return None
    return key


def note_use(key, *, at=None):
    """Record that ``key`` was used, unless that was already done in the last minute."""
    at = at or timezone.now()
    if key.last_used_at is not None and at - key.last_used_at < LAST_USED_EVERY:
        return False
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=at - LAST_USED_EVERY)
    written = ApiKey.objects.filter(stale, pk=key.pk).update(last_used_at=at)
    key.last_used_at = at
    return bool(written)


def over_limit(key, *, now=None):
    """Count one request for ``key``; seconds until its window ends if it is over its limit, else ``None``.

    Fail-open: when the cache cannot count, the request is let through (see the module docstring).
    """
    now = time.time() if now is None else now
    window = int(now // WINDOW_SECONDS)
    counter = f"newsroom:api-rate:{key.pk}:{window}"
    cache.add(counter, 0, WINDOW_SECONDS + 5)
    try:
        count = cache.incr(counter)
    except ValueError:
        return None
    if count <= key.rate_limit:
        return None
    return max(1, int((window + 1) * WINDOW_SECONDS - now + 0.999))
