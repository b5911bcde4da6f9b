"""The search vector leaves the article row for its own table, kept by the database.

On PostgreSQL, ``articles_search_vector()`` is the one definition of what an article's
vector holds (headline A, standfirst B, body C, in ``articles_search_config(language)``);
a trigger on ``articles_article`` keeps ``articles_articlesearch`` in step with every
insert and update, whoever makes it (``save()``, ``bulk_create``, ``update()``, raw SQL).
Existing articles are indexed here, before the GIN index is built (faster than building
it row by row); on a large archive this step is the slow part of the migration.
SQLite has no tsvector: the table stays empty and search reads the text directly.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

FUNCTIONS = """
CREATE OR REPLACE FUNCTION articles_search_config(language text) RETURNS regconfig
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE language
        WHEN 'en' THEN 'pg_catalog.english'::regconfig
        WHEN 'ru' THEN 'pg_catalog.russian'::regconfig
        ELSE 'pg_catalog.simple'::regconfig
    END
$$;

CREATE OR REPLACE FUNCTION articles_search_vector(language text, headline text, standfirst text, body text)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector(articles_search_config(language), coalesce(headline, '')), 'A')
        || setweight(to_tsvector(articles_search_config(language), coalesce(standfirst, '')), 'B')
        || setweight(to_tsvector(articles_search_config(language), coalesce(body, '')), 'C')
$$;

CREATE OR REPLACE FUNCTION articles_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT'
       OR NEW.headline IS DISTINCT FROM OLD.headline
       OR NEW.standfirst IS DISTINCT FROM OLD.standfirst
       OR NEW.body IS DISTINCT FROM OLD.body
       OR NEW.language IS DISTINCT FROM OLD.language THEN
        INSERT INTO articles_articlesearch (article_id, language, status, publish_at, vector)
        VALUES (NEW.id, NEW.language, NEW.status, NEW.publish_at,
                articles_search_vector(NEW.language, NEW.headline, NEW.standfirst, NEW.body))
        ON CONFLICT (article_id) DO UPDATE
            SET language = EXCLUDED.language, status = EXCLUDED.status,
                publish_at = EXCLUDED.publish_at, vector = EXCLUDED.vector;
    ELSIF NEW.status IS DISTINCT FROM OLD.status OR NEW.publish_at IS DISTINCT FROM OLD.publish_at THEN
        -- Text unchanged: only the copies used to find the newest matches move.
        UPDATE articles_articlesearch SET status = NEW.status, publish_at = NEW.publish_at
        WHERE article_id = NEW.id;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER articles_search_sync
AFTER INSERT OR UPDATE OF headline, standfirst, body, language, status, publish_at ON articles_article
FOR EACH ROW EXECUTE FUNCTION articles_search_sync();

INSERT INTO articles_articlesearch (article_id, language, status, publish_at, vector)
SELECT id, language, status, publish_at, articles_search_vector(language, headline, standfirst, body)
FROM articles_article;
"""

DROP_FUNCTIONS = """
DROP TRIGGER IF EXISTS articles_search_sync ON articles_article;
DROP FUNCTION IF EXISTS articles_search_sync();
DROP FUNCTION IF EXISTS articles_search_vector(text, text, text, text);
DROP FUNCTION IF EXISTS articles_search_config(text);
"""


def create_functions(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTIONS)


def drop_functions(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_FUNCTIONS)


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_notification_outbox")]

    operations = [
        migrations.RemoveField(model_name="article", name="search_vector"),
        migrations.CreateModel(
            name="ArticleSearch",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        editable=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to="articles.article",
                    ),
                ),
                ("language", models.CharField(editable=False, max_length=5)),
                ("status", models.CharField(editable=False, max_length=12)),
                ("publish_at", models.DateTimeField(editable=False, null=True)),
                ("vector", django.contrib.postgres.search.SearchVectorField(editable=False)),
            ],
            options={
                "verbose_name": "search entry",
                "verbose_name_plural": "search entries",
                "ordering": ["-publish_at"],
                "indexes": [models.Index(fields=["status", "-publish_at"], name="article_search_newest_idx")],
            },
        ),
        migrations.RunPython(create_functions, drop_functions, elidable=False),
        migrations.AddIndex(
            model_name="articlesearch",
            index=django.contrib.postgres.indexes.GinIndex(fields=["vector"], name="article_search_vector_gin"),
        ),
    ]
