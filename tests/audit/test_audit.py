"""The audit trail: append-only, chained, verifiable, and readable by superusers only."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from audit.log import GENESIS, record, verify
from audit.models import AuditAction, AuditEvent
from tests.factories import CorrespondentUserFactory, EditorFactory, SuperuserFactory

pytestmark = pytest.mark.django_db


def _three_entries(actor):
    return [
        record(AuditAction.LOGIN, actor=actor),
        record(AuditAction.ACCESS_REFUSED, actor=actor, target=actor, detail={"path": "/admin/x/"}),
        record(AuditAction.LOGOUT, actor=actor),
    ]


def _last_hash():
    return AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first() or GENESIS


def test_the_first_entry_chains_onto_the_genesis_hash():
    assert record(AuditAction.LOGIN).prev_hash == GENESIS


def test_entries_chain_each_onto_the_one_before():
    user = EditorFactory()  # making an editor records the role change
    before = _last_hash()
    first, second, third = _three_entries(user)
    assert first.prev_hash == before
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert second.target_type == "auth.user" and second.target_id == str(user.pk)
    assert verify() == (AuditEvent.objects.count(), None)


def test_verify_audit_passes_then_names_the_entry_edited_behind_the_products_back():
    user = EditorFactory()
    _, second, _ = _three_entries(user)
    call_command("verify_audit")

    _tamper("UPDATE audit_auditevent SET actor_label = 'someone-else' WHERE id = %s", second.pk)

    with pytest.raises(CommandError, match=f"broken at entry {second.pk}"):
        call_command("verify_audit")


def test_removing_an_entry_breaks_the_chain_at_the_next_one():
    user = EditorFactory()
    _, second, third = _three_entries(user)
    intact = AuditEvent.objects.filter(id__lt=second.pk).count()
    _tamper("DELETE FROM audit_auditevent WHERE id = %s", second.pk)
    checked, broken = verify()
    assert (checked, broken.pk) == (intact, third.pk)


def _tamper(sql, pk):
    """What a database administrator could do: lift the trigger, edit, put it back."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
            cursor.execute(sql, [pk])
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_append_only")
        else:
            cursor.execute("DROP TRIGGER audit_event_append_only")
            cursor.execute(sql, [pk])


def test_the_product_cannot_change_or_delete_an_entry():
    entry = record(AuditAction.LOGIN, actor=EditorFactory())
    entry.actor_label = "forged"
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.filter(pk=entry.pk).update(actor_label="forged")
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(actor_label="forged").count() == 0


def test_the_database_refuses_a_raw_update():
    entry = record(AuditAction.LOGIN, actor=EditorFactory())
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET actor_label = 'x' WHERE id = %s", [entry.pk])
    assert AuditEvent.objects.get(pk=entry.pk).actor_label != "x"


@pytest.mark.postgres
def test_the_database_refuses_a_raw_delete_on_postgresql():
    entry = record(AuditAction.LOGIN, actor=EditorFactory())
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [entry.pk])
    assert AuditEvent.objects.filter(pk=entry.pk).exists()


def test_an_entry_keeps_its_actor_after_the_user_is_deleted():
    user = EditorFactory(username="leaving")
    entry = record(AuditAction.LOGIN, actor=user)
    user.delete()
    entry = AuditEvent.objects.get(pk=entry.pk)
    assert entry.actor_label == "leaving"
    assert verify()[1] is None


def test_request_gives_the_actor_and_address(rf):
    user = EditorFactory()
    request = rf.get("/admin/", REMOTE_ADDR="203.0.113.9")
    request.user = user
    entry = record(AuditAction.IDENTITY_VIEWED, request=request)
    assert (entry.actor_id, entry.ip) == (user.pk, "203.0.113.9")


def test_only_superusers_read_the_trail_in_the_desk(client):
    record(AuditAction.LOGIN, actor=EditorFactory(username="ed-login"))
    url = "/admin/audit/auditevent/"
    for user in (EditorFactory(), CorrespondentUserFactory()):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(SuperuserFactory())
    page = client.get(url)
    assert page.status_code == 200
    assert "ed-login" in page.content.decode()
    entry = AuditEvent.objects.filter(actor_label="ed-login").first()
    assert client.get(f"{url}{entry.pk}/delete/").status_code == 403
    assert client.post(f"{url}{entry.pk}/change/", {"actor_label": "x"}).status_code == 403
    assert client.get(f"{url}add/").status_code == 403
