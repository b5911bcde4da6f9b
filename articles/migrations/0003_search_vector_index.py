"""A GIN index on the stored search vector, on PostgreSQL only.

SQLite has no tsvector type or GIN index; there the site searches with a plain
``icontains`` fallback and the (always empty) column is never read.
"""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS article_search_vector_idx ON articles_article USING gin (search_vector)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS article_search_vector_idx")


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
