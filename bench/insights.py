"""How long the desk report takes on a large archive: the whole page, as an editor, uncached.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py loadarchive --articles 100000
    .venv/bin/python bench/insights.py --runs 5

``loadarchive`` writes no workflow events or corrections; the first run adds them to the bench
database in SQL (a submission and a publication per published story, returns for about one in
six, a correction for about one in thirty), so every figure has work to do, and then computes
the report's facts and monthly totals (``manage.py rebuild_insights``, which SQL inserts do not trigger; also
run when the totals are missing, after the migration that added them). Then it renders
``/admin/insights/`` with Django's test client (DEBUG off) for several scopes, and prints the
median and slowest time, the query count, and how many live stories each scope reads. A year of
a 1,000,000-article archive holds about 40,000 stories; the whole 100,000-article archive holds
about 97,000, so its row is the harder case.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ["CACHE_URL"] = "dummy://"
os.environ["DJANGO_DEBUG"] = "0"
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-not-for-production-use-0123456789")
os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"
# The bench editor logs in with the test client, which has no second factor to give.
os.environ["NEWSROOM_2FA_REQUIRED"] = "off"
# The key DEBUG uses locally, which loadarchive encrypted the generated names with.
os.environ.setdefault("NEWSROOM_FIELD_KEYS", "ZGV2ZWxvcG1lbnQtb25seS1ub3QtYS1zZWNyZXQtISE=")
os.environ["STATIC_ROOT"] = tempfile.mkdtemp(prefix="newsroom-bench-static-")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article, Correction, Country, Programme, WorkflowEvent  # noqa: E402
from insights.forms import ReportFilterForm  # noqa: E402
from insights.models import MonthlyStories, StoryFact  # noqa: E402
from people import roles  # noqa: E402
from people.models import Correspondent  # noqa: E402

EVENTS_SQL = """
INSERT INTO articles_workflowevent (article_id, action, from_status, to_status, comment, created_at)
SELECT a.id, s.action, '', '', '', a.publish_at - s.before
FROM articles_article a
CROSS JOIN (VALUES ('submit', interval '50 hours'), ('return', interval '40 hours'),
                   ('publish', interval '0 hours')) AS s(action, before)
WHERE a.publish_at IS NOT NULL
  AND (s.action <> 'return' OR a.id % 6 = 0)
"""
CORRECTIONS_SQL = """
INSERT INTO articles_correction (article_id, kind, note, published_at)
SELECT a.id, CASE WHEN a.id % 90 = 0 THEN 'update' ELSE 'correction' END,
       'An earlier version of this story gave the wrong date.', a.publish_at + interval '1 day'
FROM articles_article a
WHERE a.publish_at IS NOT NULL AND a.id % 30 = 0
"""


def prepare():
    """Workflow events and corrections for the generated archive, once (bench databases only)."""
    if connection.vendor != "postgresql":
        sys.exit("bench/insights.py measures PostgreSQL: set DATABASE_URL=postgres://…")
    with connection.cursor() as cursor:
        added = False
        if not WorkflowEvent.objects.exists():
            cursor.execute(EVENTS_SQL)
            added = True
        if not Correction.objects.exists():
            cursor.execute(CORRECTIONS_SQL)
            added = True
        cursor.execute("ANALYZE articles_workflowevent; ANALYZE articles_correction")
        if added or not StoryFact.objects.exists() or not MonthlyStories.objects.exists():
            call_command("rebuild_insights")
        tables = ("storyfact", "citationfact", "bylinefact", "monthlystories", "monthlytotal")
        for table in (f"insights_{name}" for name in tables):
            cursor.execute(f"VACUUM ANALYZE {table}")
    editor, _ = get_user_model().objects.get_or_create(username="bench-insights-editor")
    roles.make_editor(editor)
    return editor


def scopes():
    today = timezone.localdate()
    year = f"start={today - dt.timedelta(days=364)}&end={today}"
    everything = "start=2000-01-01"
    programme = Programme.objects.annotate(n=Count("articles")).order_by("-n").first()
    country = Country.objects.annotate(n=Count("articles")).order_by("-n").first()
    busiest = Correspondent.objects.annotate(n=Count("bylines")).order_by("-n").first()
    return [
        ("last 12 months", year),
        ("whole archive (25 years)", everything),
        ("whole archive, one programme", f"{everything}&programme={programme.slug}"),
        ("whole archive, one country", f"{everything}&country={country.slug}"),
        ("whole archive, one language", f"{everything}&language=ru"),
        ("whole archive, busiest correspondent", f"{everything}&correspondent={busiest.slug}"),
    ]


def stories(query):
    form = ReportFilterForm(dict(part.split("=", 1) for part in query.split("&")))
    assert form.is_valid(), form.errors
    return form.scope().total


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--slowest", type=int, default=0, help="print each scope's N slowest queries (SQL, ms)")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    editor = prepare()
    client = Client()
    client.force_login(editor)
    print(f"{Article.objects.count():,} articles in the archive, {Article.objects.live().count():,} live.\n")
    print("| scope | live stories read | median ms | slowest ms | of which SQL ms | queries |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, query in scopes():
        url = f"/admin/insights/?{query}"
        assert client.get(url).status_code == 200  # warm
        times, in_sql = [], []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
            in_sql.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
        print(
            f"| {name} | {stories(query):,} | {statistics.median(times):.0f} | {max(times):.0f} "
            f"| {statistics.median(in_sql):.0f} | {len(captured)} |"
        )
        for slow in sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[: args.slowest]:
            print(f"    {float(slow['time']) * 1000:.0f} ms  {slow['sql'][:160]}")


if __name__ == "__main__":
    main()
