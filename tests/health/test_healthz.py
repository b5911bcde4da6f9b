"""/healthz reports each neighbour; /healthz/live stays trivial; the outage pages."""

import datetime as dt

import pytest
from django.db import OperationalError
from django.test import RequestFactory
from django.utils import timezone
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from articles.notifications import deliver
from health.views import server_error

pytestmark = pytest.mark.django_db


def test_all_well_is_ok_with_every_dependency_listed_and_never_cached(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {key: body[key]["status"] for key in ("database", "cache", "queue", "storage")} == {
        "database": "ok",
        "cache": "ok",
        "queue": "ok",
        "storage": "ok",
    }
    assert "no-store" in response["Cache-Control"]


def test_liveness_touches_nothing(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz/live")
    assert response.status_code == 200 and response.json() == {"status": "alive"}


def test_queue_reports_its_oldest_waiting_task_and_degrades_when_no_worker_takes_it(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    DatabaseBackend(alias="default", params={}).enqueue(deliver, (0,), {})
    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(minutes=10))

    body = client.get("/healthz").json()

    assert body["queue"]["waiting"] == 1
    assert 590 <= body["queue"]["oldest_pending_seconds"] <= 610
    assert body["queue"]["status"] == "degraded" and body["status"] == "degraded"


def test_fresh_queue_entry_is_ok(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    DatabaseBackend(alias="default", params={}).enqueue(deliver, (0,), {})

    body = client.get("/healthz").json()

    assert body["queue"]["status"] == "ok" and body["queue"]["oldest_pending_seconds"] < 60


def test_database_failure_outside_a_view_is_the_503_page_not_the_500():
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = server_error(RequestFactory().get("/"))

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "We will be back in a moment" in response.content.decode()


def test_any_other_failure_is_the_plain_500_page():
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
