"""Writing to the audit trail: ``record()`` is the only way in.

Entries are chained in the order they are written. On PostgreSQL a transaction-level
advisory lock serialises writers, so two requests never chain onto the same entry;
SQLite serialises writes by itself.
"""

import datetime

from django.db import connection, transaction
from django.utils import timezone

from audit.models import AuditAction, AuditEvent

#: First ``prev_hash`` of the chain.
GENESIS = "0" * 64
#: Key of the PostgreSQL advisory lock that serialises writers.
_LOCK_KEY = 7_246_001


def client_ip(request):
    """The address the request came from, as the first trusted hop saw it."""
    return request.META.get("REMOTE_ADDR") or None


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def record(action, *, actor=None, request=None, target=None, detail=None):
    """Append one entry; returns it. ``target`` is any model instance, stored by type, id and ``str()``.

    ``str()`` of a confidential source is its public descriptor, so no identity enters the trail
    through the label; callers keep names out of ``detail`` too.
    """
    action = AuditAction(action)
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            actor = user
    event = AuditEvent(
        created_at=timezone.now(),
        action=action,
        actor_id=getattr(actor, "pk", None),
        actor_label=actor.get_username()[:150] if actor is not None else "",
        ip=client_ip(request) if request is not None else None,
        detail=_jsonable(detail or {}),
    )
    if target is not None:
        event.target_type = target._meta.label_lower
        event.target_id = str(target.pk or "")
        event.target_label = str(target)[:200]
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        event.prev_hash = last or GENESIS
        event.hash = event.compute_hash()
        event.save()
    return event


def verify():
    """Walk the chain from the first entry; return ``(checked, first_broken_entry_or_None)``."""
    expected_prev = GENESIS
    checked = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.prev_hash != expected_prev or event.compute_hash() != event.hash:
            return checked, event
        expected_prev = event.hash
        checked += 1
    return checked, None
