"""Login throttling: ten wrong passwords lock that account for the cool-off, answered like any wrong password."""

import datetime as dt

import pytest
import time_machine
from django.db import OperationalError, connection
from django.utils import timezone

from audit.models import AuditAction, AuditEvent
from tests.accounts.conftest import post_login

pytestmark = pytest.mark.django_db

GENERIC = "Please enter the correct username and password for a staff account."


def fail(client, username, times, *, ip="10.0.0.7"):
    for _ in range(times):
        response = post_login(client, username, "wrong-guess", ip=ip)
        assert response.status_code == 200
        assert GENERIC in response.text


def logged_in(response):
    return response.status_code == 302 and response.url == "/admin/"


def test_ten_wrong_passwords_lock_the_account_while_a_colleague_at_the_same_address_logs_in(
    client, correspondent_a, correspondent_b
):
    fail(client, "aigerim", 10)

    refused = post_login(client, "aigerim")
    colleague = post_login(client, "bakyt")

    assert not logged_in(refused)
    assert GENERIC in refused.text
    assert logged_in(colleague)


def test_nine_wrong_passwords_still_let_the_right_one_in(client, correspondent_a):
    fail(client, "aigerim", 9)

    assert logged_in(post_login(client, "aigerim"))


def test_a_locked_account_gets_the_same_answer_as_a_wrong_password(client, correspondent_a, correspondent_b):
    fail(client, "aigerim", 10)

    locked = post_login(client, "aigerim")
    wrong = post_login(client, "bakyt", "another-wrong-guess")

    assert locked.status_code == wrong.status_code == 200
    assert locked.context["form"].errors == wrong.context["form"].errors


def test_the_lock_follows_the_account_to_another_address(client, correspondent_a):
    fail(client, "aigerim", 10, ip="10.0.0.7")

    assert not logged_in(post_login(client, "aigerim", ip="192.0.2.44"))


def test_the_lock_lifts_after_the_cool_off(client, correspondent_a, settings):

    fail(client, "aigerim", 10)

    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + dt.timedelta(minutes=1)):
        assert logged_in(post_login(client, "aigerim"))


def test_one_address_guessing_at_many_accounts_is_refused_everywhere_but_elsewhere_works(
    client, correspondent_b, settings
):
    settings.NEWSROOM_LOGIN_ADDRESS_FAILURE_LIMIT = 6
    for name in ["amir", "bolot", "chynara", "daniyar", "elmira", "farida"]:
        fail(client, name, 1, ip="203.0.113.9")

    assert not logged_in(post_login(client, "bakyt", ip="203.0.113.9"))
    assert logged_in(post_login(client, "bakyt", ip="10.0.0.7"))


def test_login_is_refused_when_the_lockout_store_is_unreachable(client, correspondent_a):
    def axes_store_down(execute, sql, params, many, context):
        if "axes_" in sql:
            raise OperationalError("could not connect to the login-throttling store")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(axes_store_down):
        response = post_login(client, "aigerim")

    assert not logged_in(response)
    assert GENERIC in response.text
    assert "_auth_user_id" not in client.session


def test_lockout_and_failures_are_in_the_audit_trail(client, correspondent_a):
    fail(client, "aigerim", 10)
    post_login(client, "aigerim")

    failures = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED)
    assert failures.count() == 11
    assert all(event.detail["username"] == "aigerim" for event in failures)
    assert failures.filter(detail__locked=True).count() >= 1
    lockouts = AuditEvent.objects.filter(action=AuditAction.LOCKOUT)
    assert lockouts.count() == 1
    assert lockouts.get().detail == {"username": "aigerim"}
    assert lockouts.get().ip == "10.0.0.7"
    assert not AuditEvent.objects.filter(action=AuditAction.LOGIN).exists()


def test_a_successful_login_is_recorded_with_its_address(client, correspondent_a):
    assert logged_in(post_login(client, "aigerim", ip="198.51.100.3"))

    event = AuditEvent.objects.get(action=AuditAction.LOGIN)
    assert event.actor_id == correspondent_a.pk
    assert event.ip == "198.51.100.3"


@pytest.mark.parametrize("unsafe", ["https://evil.example/", "//evil.example/admin/", "javascript:alert(1)"])
def test_a_login_with_an_unsafe_next_lands_on_the_desk(client, correspondent_a, unsafe):
    response = post_login(client, "aigerim", next_url=unsafe)

    assert response.status_code == 302
    assert response.url == "/admin/"


def test_a_login_with_a_safe_next_goes_there(client, correspondent_a):
    response = post_login(client, "aigerim", next_url="/admin/articles/article/")

    assert response.url == "/admin/articles/article/"


def test_behind_the_proxy_each_client_is_counted_by_the_address_the_proxy_saw(client, correspondent_b, settings):
    settings.NEWSROOM_BEHIND_PROXY = True
    settings.NEWSROOM_LOGIN_ADDRESS_FAILURE_LIMIT = 3

    for name in ["amir", "bolot", "chynara"]:
        response = client.post(
            "/admin/login/",
            {"username": name, "password": "wrong", "next": "/admin/"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.9",
        )
        assert response.status_code == 200
    colleague = client.post(
        "/admin/login/",
        {"username": "bakyt", "password": "correct-horse-battery", "next": "/admin/"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.20",
    )

    assert logged_in(colleague), "another client behind the same proxy is not the guessing address"
