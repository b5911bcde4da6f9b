"""Re-encrypt every encrypted value under the first key of NEWSROOM_FIELD_KEYS, and re-index names.

Run it after putting a new key first in the list; once it reports nothing left under an old
key, the old key can be removed. Values already under the first key are left alone, so it
can be run again (or resumed after an interruption) at no risk.
"""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.views.decorators.debug import sensitive_variables

from people import encryption
from people.models import NameIndexed

BATCH = 500


def encrypted_models():
    """``(model, [encrypted column names])`` for every model with an encrypted field."""
    for model in apps.get_models():
        columns = [f.column for f in model._meta.concrete_fields if isinstance(f, encryption.EncryptedMixin)]
        if columns:
            yield model, columns


class Command(BaseCommand):
    help = "Re-encrypt every encrypted identity with the first key of NEWSROOM_FIELD_KEYS (idempotent)."

    def handle(self, **options):
        try:
            encryption.check_keys()
        except Exception as error:
            raise CommandError(str(error)) from None
        total = 0
        for model, columns in encrypted_models():
            rows, rotated, reindexed = self.rotate_model(model, columns)
            total += rotated
            self.stdout.write(
                f"{model._meta.label}: {rows} rows, {rotated} values re-encrypted, {reindexed} names re-indexed."
            )
        done = "every value was already under the first key"
        message = f"Done: {total} values re-encrypted." if total else f"Done: {done}."
        self.stdout.write(self.style.SUCCESS(message))

    @sensitive_variables()
    def rotate_model(self, model, columns):
        table = connection.ops.quote_name(model._meta.db_table)
        quoted = [connection.ops.quote_name(c) for c in columns]
        pk_column = connection.ops.quote_name(model._meta.pk.column)
        indexed = issubclass(model, NameIndexed)
        extra = ["name_index", "name_tokens"] if indexed else []
        name_position = columns.index(model._meta.get_field("name").column) if indexed else None
        rows = rotated = reindexed = 0
        last_pk = None
        count = model._default_manager.count()
        while True:
            with transaction.atomic(), connection.cursor() as cursor:
                where = "" if last_pk is None else f"WHERE {pk_column} > %s"
                selected = ", ".join([pk_column, *quoted, *extra])
                cursor.execute(
                    f"SELECT {selected} FROM {table} {where} ORDER BY {pk_column} LIMIT {BATCH}",  # noqa: S608 (names from the model)
                    [] if last_pk is None else [last_pk],
                )
                batch = cursor.fetchall()
                if not batch:
                    break
                for pk, *values in batch:
                    tokens, index = values[: len(columns)], values[len(columns) :]
                    fresh = [t if encryption.is_current(t) else encryption.rotate(t) for t in tokens]
                    changed = sum(a != b for a, b in zip(tokens, fresh, strict=True))
                    new_index = index
                    if indexed:
                        plain_name = encryption.decrypt(fresh[name_position])
                        new_index = list(encryption.name_index(model.INDEX_CONTEXT, plain_name))
                    if changed or list(new_index) != list(index):
                        assignments = ", ".join(f"{c} = %s" for c in quoted + extra)
                        cursor.execute(
                            f"UPDATE {table} SET {assignments} WHERE {pk_column} = %s",  # noqa: S608 (names from the model)
                            [*fresh, *new_index, pk],
                        )
                    rotated += changed
                    reindexed += list(new_index) != list(index)
                rows += len(batch)
                last_pk = batch[-1][0]
            self.stdout.write(f"  {model._meta.label}: {rows}/{count}")
        return rows, rotated, reindexed
