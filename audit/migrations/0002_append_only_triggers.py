"""Database triggers that refuse changes to audit entries made outside the product.

PostgreSQL refuses UPDATE and DELETE row by row (TRUNCATE, used by test flushes and by
an administrator who wipes the database on purpose, is a statement the chain does not
survive anyway). SQLite refuses UPDATE; its test flush deletes rows, so DELETE is left
to the model and to the hash chain, which a deletion breaks.
"""

from django.db import migrations

PG_FORWARD = [
    """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit entries cannot be changed or deleted';
END;
$$ LANGUAGE plpgsql
""",
    """
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()
""",
]
PG_BACKWARD = [
    "DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent",
    "DROP FUNCTION IF EXISTS audit_event_append_only()",
]
SQLITE_FORWARD = [
    """
CREATE TRIGGER audit_event_append_only BEFORE UPDATE ON audit_auditevent
BEGIN
    SELECT RAISE(ABORT, 'audit entries cannot be changed');
END
"""
]
SQLITE_BACKWARD = ["DROP TRIGGER IF EXISTS audit_event_append_only"]


def forward(apps, schema_editor):
    for sql in {"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql, params=None)


def backward(apps, schema_editor):
    for sql in {"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
