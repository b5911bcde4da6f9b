"""Role changes reach the audit trail with who made them, however they were made."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from people.roles import make_editor
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def role_changes():
    return AuditEvent.objects.filter(action=AuditAction.GROUPS_CHANGED).order_by("id")


def test_the_make_editors_action_is_recorded_with_the_superuser_who_ran_it(client, superuser):
    aida = UserFactory(username="aida")
    client.force_login(superuser)

    client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "make_editors", "_selected_action": [aida.pk], "index": 0},
    )

    event = role_changes().get()
    assert (event.actor_id, event.target_id, event.detail) == (superuser.pk, str(aida.pk), {"added": ["Editors"]})


def test_the_make_correspondents_action_is_recorded(client, superuser):
    aida = UserFactory(username="aida")
    client.force_login(superuser)

    client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "make_correspondents", "_selected_action": [aida.pk], "index": 0},
    )

    assert role_changes().get().detail == {"added": ["Correspondents"]}


def test_removing_a_role_on_the_user_form_is_recorded(client, superuser, editor):
    client.force_login(superuser)
    url = reverse("admin:auth_user_change", args=[editor.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data.update(
        {"groups": [], "user_permissions": [], "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00"},
    )
    data.pop("last_login", None)
    data.pop("date_joined", None)

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert not editor.groups.exists()
    event = role_changes().last()
    assert (event.actor_id, event.detail) == (superuser.pk, {"removed": ["Editors"]})


def test_a_role_change_from_a_shell_is_recorded_without_an_actor(db):
    aida = UserFactory(username="aida")

    make_editor(aida)
    Group.objects.get(name="Editors").user_set.remove(aida)

    added, removed = role_changes()
    assert added.actor_id is None and added.detail == {"added": ["Editors"]}
    assert removed.target_id == str(aida.pk) and removed.detail == {"removed": ["Editors"]}


def test_the_trail_of_logins_and_role_changes_verifies(client, superuser, capsys):
    aida = UserFactory(username="aida")
    client.post("/admin/login/", {"username": "aida", "password": "nope", "next": "/admin/"})
    client.force_login(superuser)
    make_editor(aida)

    call_command("verify_audit")

    assert "Audit trail intact" in capsys.readouterr().out
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {AuditAction.LOGIN_FAILED, AuditAction.LOGIN, AuditAction.GROUPS_CHANGED} <= actions
