"""Trigram indexes for the source picker on PostgreSQL, so a search by part of a word reads an index.

The picker (``SourceAdmin.get_search_results``) looks for the term in two ways. The public
descriptor and the slug are clear text, searched by part (``icontains``, which Django writes as
``UPPER(column) LIKE UPPER('%term%')``): a GIN trigram index on ``UPPER(column)`` serves that
exact expression. The name is encrypted, so it is found through its blind index: the exact
digest (``name_index``, a b-tree already) or a word's digest inside ``name_tokens``
(``LIKE '% digest %'``), which a trigram index on ``name_tokens`` serves. The encrypted name
itself is never searched or indexed. Without these, each search read every source.

``pg_trgm`` is created when missing (PostgreSQL 13+ trusts it to a database owner); on SQLite
nothing happens.
"""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations
from django.db.models.functions import Upper

INDEXES = [
    GinIndex(OpClass(Upper("public_descriptor"), name="gin_trgm_ops"), name="source_descriptor_trgm"),
    GinIndex(OpClass(Upper("slug"), name="gin_trgm_ops"), name="source_slug_trgm"),
    GinIndex(fields=["name_tokens"], opclasses=["gin_trgm_ops"], name="source_name_tokens_trgm"),
]


class TrigramExtensionOnPostgreSQL(TrigramExtension):
    """Django's operation, which skips SQLite going forwards but not going back."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    source = apps.get_model("people", "Source")
    for index in INDEXES:
        schema_editor.add_index(source, index)


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    source = apps.get_model("people", "Source")
    for index in INDEXES:
        schema_editor.remove_index(source, index)


class Migration(migrations.Migration):
    dependencies = [("people", "0004_proposals_descriptors")]

    operations = [
        TrigramExtensionOnPostgreSQL(),
        migrations.RunPython(add_indexes, remove_indexes, elidable=False),
    ]
