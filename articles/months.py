"""Published stories per month, kept by PostgreSQL beside the articles (``ArchiveMonth``).

A trigger on ``articles_article`` keeps ``articles_archivemonth`` exact on every insert, delete
and change of status or publish time: a row leaving "published" (withdrawn, schedule
cancelled, deleted) takes one from its month, a row becoming published (now or scheduled)
adds one to its month, a move to another month does both, and any other save (a correction,
a new headline, an autosave) changes nothing. ``listings.months()`` reads these rows and takes
away the stories still scheduled, so the archive page and the sitemap index cost the same at
any archive size.

The month is the calendar month in ``settings.TIME_ZONE``, written into
``articles_month_of()`` when the trigger is installed (by the migration, or by
``manage.py recount_archive_months`` after the zone changed). Writers that turn triggers off
(``loadarchive``) call ``recount()`` when they are done. SQLite has no such trigger: the table
stays empty there and ``listings.months()`` groups the articles, as a small database can afford.
"""

from django.conf import settings
from django.db import connection, transaction

#: The status counted; the same as ``ArticleStatus.PUBLISHED`` (a test checks).
PUBLISHED = "published"

FUNCTIONS = """
CREATE OR REPLACE FUNCTION articles_month_of(at timestamptz) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT date_trunc('month', at AT TIME ZONE {zone})::date
$$;

CREATE OR REPLACE FUNCTION articles_archive_month_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_month date;
    new_month date;
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.status = '{published}' AND OLD.publish_at IS NOT NULL THEN
        old_month := articles_month_of(OLD.publish_at);
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.status = '{published}' AND NEW.publish_at IS NOT NULL THEN
        new_month := articles_month_of(NEW.publish_at);
    END IF;
    IF old_month IS NOT DISTINCT FROM new_month THEN
        RETURN NULL;  -- an edit that does not move the story in or out of a month
    END IF;
    IF old_month IS NOT NULL THEN
        UPDATE articles_archivemonth SET published = published - 1 WHERE month = old_month;
    END IF;
    IF new_month IS NOT NULL THEN
        INSERT INTO articles_archivemonth (month, published) VALUES (new_month, 1)
        ON CONFLICT (month) DO UPDATE SET published = articles_archivemonth.published + 1;
    END IF;
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS articles_archive_month_sync ON articles_article;
CREATE TRIGGER articles_archive_month_sync
AFTER INSERT OR DELETE OR UPDATE OF status, publish_at ON articles_article
FOR EACH ROW EXECUTE FUNCTION articles_archive_month_sync();
"""

DROP = """
DROP TRIGGER IF EXISTS articles_archive_month_sync ON articles_article;
DROP FUNCTION IF EXISTS articles_archive_month_sync();
DROP FUNCTION IF EXISTS articles_month_of(timestamptz);
"""

RECOUNT = """
LOCK TABLE articles_archivemonth IN EXCLUSIVE MODE;
DELETE FROM articles_archivemonth;
INSERT INTO articles_archivemonth (month, published)
SELECT articles_month_of(publish_at), count(*) FROM articles_article
WHERE status = 'published' AND publish_at IS NOT NULL
GROUP BY 1;
"""


def install(conn=None):
    """Create (or replace) the month function for the current time zone and the trigger; PostgreSQL only."""
    conn = conn or connection
    if conn.vendor != "postgresql":
        return
    with conn.cursor() as cursor:
        cursor.execute(FUNCTIONS.format(zone=quote_literal(zone()), published=PUBLISHED))


def zone():
    """The time zone whose calendar months are counted: the site's."""
    return settings.TIME_ZONE or "UTC"


def quote_literal(value):
    return "'" + str(value).replace("'", "''") + "'"


def uninstall(conn=None):
    conn = conn or connection
    if conn.vendor != "postgresql":
        return
    with conn.cursor() as cursor:
        cursor.execute(DROP)


def recount(conn=None):
    """Count every month again from the articles (one GROUP BY), exact once it commits.

    The table is locked against the trigger while it is rebuilt: a desk transaction that has
    already counted its change is waited for, one that comes later waits.
    """
    conn = conn or connection
    if conn.vendor != "postgresql":
        return
    with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
        cursor.execute(RECOUNT)
