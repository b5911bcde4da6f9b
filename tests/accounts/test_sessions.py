"""Sessions end when idle 12 hours, 7 days after login, or when revoked; revocation is immediate and recorded."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import UserSession
from audit.models import AuditAction, AuditEvent
from tests.accounts.conftest import post_login

pytestmark = pytest.mark.django_db


def logged_in_client(username, ip="10.0.0.7", agent="Firefox"):
    client = Client(HTTP_USER_AGENT=agent)
    response = post_login(client, username, ip=ip)
    assert response.status_code == 302, response.content[:500]
    return client


def on_desk(client):
    return client.get("/admin/").status_code == 200


def test_a_session_idle_past_twelve_hours_is_logged_out(correspondent_a):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = logged_in_client("aigerim")
    with time_machine.travel(start + dt.timedelta(hours=11, minutes=50), tick=False):
        assert on_desk(client)
    with time_machine.travel(start + dt.timedelta(hours=23, minutes=30), tick=False):
        assert on_desk(client), "each request moves the idle deadline on"
    with time_machine.travel(start + dt.timedelta(hours=36), tick=False):
        assert not on_desk(client)


def test_a_busy_session_still_ends_seven_days_after_login(correspondent_a):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = logged_in_client("aigerim")
    moment = start + dt.timedelta(hours=10)
    while moment < start + dt.timedelta(days=7):
        with time_machine.travel(moment, tick=False):
            assert on_desk(client), moment - start
        moment += dt.timedelta(hours=10)
    with time_machine.travel(start + dt.timedelta(days=7, minutes=1), tick=False):
        assert not on_desk(client)
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT, actor_id=correspondent_a.pk).exists()


def test_each_login_is_findable_by_its_user(correspondent_a, correspondent_b):
    logged_in_client("aigerim", ip="10.0.0.7", agent="Firefox")
    logged_in_client("aigerim", ip="10.0.0.8", agent="Chromium")
    logged_in_client("bakyt")

    rows = UserSession.objects.filter(user=correspondent_a)
    assert sorted(row.user_agent for row in rows) == ["Chromium", "Firefox"]
    assert sorted(row.ip for row in rows) == ["10.0.0.7", "10.0.0.8"]


def test_logging_out_forgets_the_session(correspondent_a):
    client = logged_in_client("aigerim")

    client.post(reverse("admin:logout"))

    assert not UserSession.objects.filter(user=correspondent_a).exists()
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT, actor_id=correspondent_a.pk).exists()


def test_logging_out_of_all_other_sessions_ends_them_at_once_and_keeps_this_one(correspondent_a, correspondent_b):
    laptop = logged_in_client("aigerim", agent="Laptop")
    phone = logged_in_client("aigerim", agent="Phone")
    colleague = logged_in_client("bakyt")
    assert reverse("accounts:sessions") in laptop.get("/admin/").text
    page = laptop.get(reverse("accounts:sessions"))
    assert "Laptop" in page.text and "Phone" in page.text

    response = laptop.post(reverse("accounts:revoke-others"))

    assert response.status_code == 302
    assert on_desk(laptop)
    assert not on_desk(phone)
    assert on_desk(colleague)
    event = AuditEvent.objects.get(action=AuditAction.SESSIONS_REVOKED)
    assert (event.actor_id, event.target_id) == (correspondent_a.pk, str(correspondent_a.pk))
    assert event.detail["sessions"] == 1


def test_a_superuser_logs_a_seized_account_out_everywhere(superuser, correspondent_a):
    phone = logged_in_client("aigerim", agent="Phone")
    laptop = logged_in_client("aigerim", agent="Laptop")
    desk = Client()
    desk.force_login(superuser)
    url = reverse("admin:auth_user_end_sessions", args=[correspondent_a.pk])
    assert "Log out everywhere (2)" in desk.get(reverse("admin:auth_user_change", args=[correspondent_a.pk])).text
    assert desk.get(url).status_code == 200

    desk.post(url)

    assert not on_desk(phone)
    assert not on_desk(laptop)
    assert on_desk(desk)
    event = AuditEvent.objects.get(action=AuditAction.SESSIONS_REVOKED)
    assert (event.actor_id, event.target_id) == (superuser.pk, str(correspondent_a.pk))
    assert event.detail == {"sessions": 2, "kept_current": False, "by_superuser": True}


def test_only_a_superuser_can_log_someone_else_out(editor, correspondent_a):
    phone = logged_in_client("aigerim")
    desk = Client()
    desk.force_login(editor)

    response = desk.post(reverse("admin:auth_user_end_sessions", args=[correspondent_a.pk]))

    assert response.status_code == 403
    assert on_desk(phone)
    assert not AuditEvent.objects.filter(action=AuditAction.SESSIONS_REVOKED).exists()


def test_a_session_stays_revocable_after_its_key_changes_with_a_password_change(correspondent_a):
    phone = logged_in_client("aigerim", agent="Phone")
    laptop = logged_in_client("aigerim", agent="Laptop")
    response = laptop.post(
        reverse("admin:password_change"),
        {
            "old_password": "correct-horse-battery",
            "new_password1": "a-new-long-phrase-9",
            "new_password2": "a-new-long-phrase-9",
        },
    )
    assert response.status_code == 302
    assert not on_desk(phone), "a password change ends the other sessions by itself"
    assert on_desk(laptop)
    other = Client(HTTP_USER_AGENT="Tablet")
    assert post_login(other, "aigerim", "a-new-long-phrase-9").status_code == 302

    other.post(reverse("accounts:revoke-others"))

    assert not on_desk(laptop)
    assert on_desk(other)


def test_revoking_someone_elses_sessions_is_refused_in_the_domain_too(editor, correspondent_a):
    from django.core.exceptions import PermissionDenied

    from accounts import sessions

    phone = logged_in_client("aigerim")

    with pytest.raises(PermissionDenied):
        sessions.revoke(correspondent_a, by=editor)

    assert on_desk(phone)
