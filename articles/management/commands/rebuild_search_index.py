"""Rebuild every article's search entry from its text, in batches, with progress on stderr.

The database keeps the entries current by itself (a trigger); this is for repairs: after a
restore without the search table, a change to a text-search dictionary, or an index wiped
by hand. Each batch is its own transaction, so readers keep searching while it runs and an
interrupted rebuild can simply be started again.
"""

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from articles.models import Article

UPSERT = """
INSERT INTO articles_articlesearch (article_id, language, status, publish_at, vector)
SELECT id, language, status, publish_at, articles_search_vector(language, headline, standfirst, body)
FROM articles_article WHERE id > %s AND id <= %s
ON CONFLICT (article_id) DO UPDATE
    SET language = EXCLUDED.language, status = EXCLUDED.status,
        publish_at = EXCLUDED.publish_at, vector = EXCLUDED.vector
"""


class Command(BaseCommand):
    help = "Rebuild the full-text search entry of every article (PostgreSQL), in batches."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=5000, help="Articles per transaction.")

    def handle(self, *args, batch_size, **options):
        if connection.vendor != "postgresql":
            self.stdout.write("Nothing to rebuild: on SQLite, search reads the article text directly.")
            return
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        total = Article.objects.count()
        last = Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        done, started, low = 0, time.monotonic(), 0
        while low < last:
            high = low + batch_size
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(UPSERT, [low, high])
                done += cursor.rowcount
            low = high
            progress(done, total, started)
        sys.stderr.write("\n")
        self.stdout.write(f"Rebuilt the search entries of {done} articles in {time.monotonic() - started:.1f} s.")


def progress(done, total, started, *, out=sys.stderr, width=30):
    """One line, redrawn in place: a bar, the count, the rate."""
    share = done / total if total else 1
    filled = int(width * min(share, 1))
    elapsed = max(time.monotonic() - started, 1e-6)
    out.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} ({done / elapsed:,.0f}/s)")
    out.flush()
