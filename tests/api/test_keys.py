"""Partner keys: hashed, shown once, revocable, rate-limited, last use noted once a minute; the admin page."""

import datetime as dt
import hashlib
from io import StringIO

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from api import keys
from api.models import ApiKey
from audit.models import AuditAction, AuditEvent
from tests.factories import EditorFactory, SuperuserFactory

pytestmark = pytest.mark.django_db


def get(client, token=None, path="/api/v1/articles"):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token is not None else {}
    return client.get(path, **headers)


def test_a_key_is_stored_only_as_its_hash_and_prefix(partner_key):
    key, token = partner_key
    row = ApiKey.objects.values().get(pk=key.pk)
    assert token not in str(row)
    assert row["hashed_key"] == hashlib.sha256(token.encode()).hexdigest()
    assert token.startswith(f"nr_{row['prefix']}_")
    assert len(token) > 60


def test_without_a_valid_key_every_endpoint_answers_401_json(client, partner_key):
    _, token = partner_key
    forged = token[:-4] + ("aaaa" if not token.endswith("aaaa") else "bbbb")
    for path in ["/api/v1/articles", "/api/v1/articles/1", "/api/v1/countries", "/api/v1/topics"]:
        for bad in [None, "", "nonsense", forged]:
            response = get(client, bad, path)
            assert response.status_code == 401, (path, bad)
            assert response["Content-Type"].startswith("application/json")
            assert "key" in response.json()["detail"]
            assert response["WWW-Authenticate"].startswith("Bearer")
    assert get(client, token).status_code == 200


def test_a_revoked_key_gets_401_and_both_acts_are_audited(client, partner_key):
    key, token = partner_key
    admin = SuperuserFactory()
    assert get(client, token).status_code == 200

    assert keys.revoke(key, by=admin) is True
    assert keys.revoke(key, by=admin) is False  # twice changes nothing

    assert get(client, token).status_code == 401
    actions = list(AuditEvent.objects.filter(target_type="api.apikey").values_list("action", flat=True))
    assert sorted(actions) == sorted([AuditAction.API_KEY_CREATED, AuditAction.API_KEY_REVOKED])
    assert not AuditEvent.objects.filter(detail__icontains=token[10:]).exists()


def test_over_its_limit_a_key_gets_429_with_retry_after_until_the_minute_ends(client):
    key, token = keys.issue(partner="Small partner", rate_limit=3, by=None)
    other, other_token = keys.issue(partner="Another partner", rate_limit=3, by=None)
    with time_machine.travel(dt.datetime(2026, 11, 28, 12, 0, 15, tzinfo=dt.UTC), tick=False):
        assert [get(client, token).status_code for _ in range(3)] == [200, 200, 200]
        refused = get(client, token)
        assert refused.status_code == 429
        assert refused["Retry-After"] == "45"
        assert "Rate limit" in refused.json()["detail"]
        assert get(client, other_token).status_code == 200  # each key counts alone
    with time_machine.travel(dt.datetime(2026, 11, 28, 12, 1, 1, tzinfo=dt.UTC), tick=False):
        assert get(client, token).status_code == 200


def test_when_the_cache_cannot_count_the_limit_is_not_enforced(client, monkeypatch):
    _, token = keys.issue(partner="Small partner", rate_limit=1, by=None)

    def down(*args, **kwargs):
        raise ValueError("Key not found (cache unavailable)")

    monkeypatch.setattr(cache, "incr", down)
    assert [get(client, token).status_code for _ in range(3)] == [200, 200, 200]


def test_last_use_is_written_at_most_once_a_minute(client, partner_key):
    key, token = partner_key
    start = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)

    def writes():
        with CaptureQueriesContext(connection) as queries:
            assert get(client, token).status_code == 200
        return sum(q["sql"].lstrip().upper().startswith("UPDATE") for q in queries.captured_queries)

    with time_machine.travel(start, tick=False):
        assert writes() == 1
    with time_machine.travel(start + dt.timedelta(seconds=30), tick=False):
        assert writes() == 0
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        assert writes() == 1
    key.refresh_from_db()
    assert key.last_used_at == start + dt.timedelta(seconds=61)


def test_the_admin_shows_a_new_key_once_and_keeps_only_its_hash(client):
    admin = SuperuserFactory()
    client.force_login(admin)

    response = client.post(reverse("admin:api_apikey_add"), {"partner": "Eurasia Wire", "rate_limit": 120, "note": ""})

    assert response.status_code == 200
    key = ApiKey.objects.get()
    token = response.context["token"]
    assert token in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert key.hashed_key == hashlib.sha256(token.encode()).hexdigest()
    assert key.created_by == admin and key.rate_limit == 120
    assert AuditEvent.objects.filter(action=AuditAction.API_KEY_CREATED).count() == 1
    assert token not in client.get(reverse("admin:api_apikey_change", args=[key.pk])).content.decode()
    assert token not in client.get(reverse("admin:api_apikey_changelist")).content.decode()
    assert get(client, token).status_code == 200


def test_the_admin_revokes_keys_by_action(client, partner_key):
    key, token = partner_key
    client.force_login(SuperuserFactory())
    response = client.post(
        reverse("admin:api_apikey_changelist"), {"action": "revoke_selected", "_selected_action": [key.pk]}
    )
    assert response.status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert get(client, token).status_code == 401


def test_editors_cannot_see_or_make_keys(client):
    client.force_login(EditorFactory())
    assert client.get(reverse("admin:api_apikey_changelist")).status_code == 403
    assert client.post(reverse("admin:api_apikey_add"), {"partner": "X", "rate_limit": 10}).status_code == 403
    assert not ApiKey.objects.exists()


def test_issue_api_key_command_prints_a_working_key_once(client):
    out = StringIO()
    call_command("issue_api_key", "Eurasia Wire", "--rate-limit", "5", stdout=out, stderr=StringIO())
    token = out.getvalue().strip()

    key = ApiKey.objects.get()
    assert (key.partner, key.rate_limit) == ("Eurasia Wire", 5)
    assert get(client, token).status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.API_KEY_CREATED).exists()
