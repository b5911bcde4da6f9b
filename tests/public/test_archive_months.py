"""The archive's month list and the sitemap index read maintained month counts, exact after every change.

On PostgreSQL a trigger keeps ``ArchiveMonth`` (published stories per month) and
``listings.months()`` takes away the stories still scheduled; each test compares the result
with a GROUP BY over ``Article.objects.live()``, the one definition of what readers see.
"""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import listings, months, workflow
from articles.models import ArchiveMonth, Article, ArticleStatus, Correction
from tests.factories import ArticleFactory, BylineFactory, CorrespondentUserFactory, EditorFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

S = Article.Status
NOW = timezone.now().replace(microsecond=0)
DAY = dt.timedelta(days=1)


def grouped():
    """What the month list must say: one GROUP BY over the live articles, newest month first."""
    rows = (
        Article.objects.live()
        .annotate(month=TruncMonth("publish_at"))
        .order_by()
        .values_list("month")
        .annotate(count=Count("pk"))
        .order_by("-month")
    )
    return list(rows)


def month_of(moment):
    local = timezone.localtime(moment)
    return dt.date(local.year, local.month, 1)


def counted():
    return dict(ArchiveMonth.objects.filter(published__gt=0).values_list("month", "published"))


@pytest.fixture
def editors():
    return EditorFactory(username="desk-one"), EditorFactory(username="desk-two")


def approved_story(**kwargs):
    article = ArticleFactory(status=S.APPROVED, **kwargs)
    BylineFactory(article=article, correspondent=CorrespondentUserFactory().correspondent)
    return article


def test_the_counted_status_is_the_published_status():
    assert months.PUBLISHED == ArticleStatus.PUBLISHED


def test_publishing_and_withdrawing_move_the_count_of_the_story_month(editors, client):
    editor, _ = editors
    older = ArticleFactory(live=True)
    Article.objects.filter(pk=older.pk).update(publish_at=NOW - 62 * DAY)
    story = approved_story()
    assert month_of(NOW) not in counted() or counted()[month_of(NOW)] == 0

    workflow.publish(story, by=editor)
    assert counted()[month_of(story.publish_at)] == 1
    assert listings.months() == grouped()

    workflow.withdraw(story, by=editor, reason="Legal asked us to.")
    assert counted().get(month_of(story.publish_at), 0) == 0
    assert listings.months() == grouped() and [count for _, count in grouped()] == [1]  # the older story only
    assert f"/archive/{month_of(NOW).year}/{month_of(NOW).month}/" not in client.get("/archive/").content.decode()

    workflow.republish(story, by=editor)
    assert counted()[month_of(story.publish_at)] == 1
    assert listings.months() == grouped()


def test_a_scheduled_story_is_counted_the_moment_its_time_comes_without_a_write(editors):
    editor, _ = editors
    ArticleFactory(live=True, publish_at=NOW - DAY)
    story = approved_story()
    at = NOW + 40 * DAY

    workflow.publish(story, by=editor, at=at)
    assert counted()[month_of(at)] == 1  # the table already holds it under its month
    assert month_of(at) not in [timezone.localtime(m).date() for m, _ in listings.months()]
    assert listings.months() == grouped()

    with time_machine.travel(at + dt.timedelta(seconds=1)):
        with CaptureQueriesContext(connection) as queries:
            shown = listings.months()
        assert shown == grouped()
        assert (timezone.make_aware(dt.datetime(month_of(at).year, month_of(at).month, 1)), 1) in shown
    assert not any(q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")) for q in queries)


def test_rescheduling_into_another_month_and_cancelling_keep_the_counts_exact(editors):
    editor, _ = editors
    story = approved_story()
    workflow.publish(story, by=editor, at=NOW + 3 * DAY)
    workflow.reschedule(story, by=editor, at=NOW + 70 * DAY)
    assert counted().get(month_of(NOW + 3 * DAY), 0) == 0 or month_of(NOW + 3 * DAY) == month_of(NOW + 70 * DAY)
    assert counted()[month_of(NOW + 70 * DAY)] == 1

    workflow.cancel_schedule(story, by=editor)
    assert counted() == {}
    assert listings.months() == grouped() == []


def test_a_correction_or_an_edit_of_a_live_story_changes_no_count(editors):
    story = ArticleFactory(live=True, publish_at=NOW - 5 * DAY)
    before = list(ArchiveMonth.objects.values_list("month", "published"))

    Correction.objects.create(article=story, note="The dam is 40 metres high, not 400.")
    story.headline = "The dam is 40 metres high"
    story.body = "<p>Corrected.</p>"
    story.save()

    assert list(ArchiveMonth.objects.values_list("month", "published")) == before
    assert listings.months() == grouped() == [(grouped()[0][0], 1)]


def test_rows_written_around_the_models_are_counted_too():
    """``update()``, ``bulk_create`` and deletes reach the trigger as the workflow's saves do."""
    stories = [ArticleFactory(live=True, publish_at=NOW - i * 20 * DAY) for i in range(6)]
    old = NOW - 90 * DAY
    Article.objects.bulk_create(
        [Article(headline=f"Bulk {i}", slug=f"bulk-{i}", status=S.PUBLISHED, publish_at=old) for i in range(3)]
    )
    Article.objects.filter(pk__in=[stories[0].pk, stories[1].pk]).update(status=S.WITHDRAWN)
    Article.objects.filter(pk=stories[2].pk).update(publish_at=NOW - 400 * DAY)
    stories[3].delete()

    assert listings.months() == grouped()
    assert sum(count for _, count in listings.months()) == 6 - 2 - 1 + 3


def test_recount_rebuilds_the_counts_from_the_articles():
    for i in range(4):
        ArticleFactory(live=True, publish_at=NOW - i * 33 * DAY)
    expected = counted()
    ArchiveMonth.objects.all().update(published=99)
    ArchiveMonth.objects.create(month=dt.date(1990, 1, 1), published=5)

    out = io.StringIO()
    call_command("recount_archive_months", stdout=out)

    assert counted() == expected
    assert listings.months() == grouped()
    assert "Counted" in out.getvalue()


def test_the_archive_page_and_the_sitemap_index_read_the_counts_not_the_archive(client):
    for i in range(3):
        ArticleFactory(live=True, publish_at=NOW - i * 40 * DAY)

    for url in ("/archive/", "/sitemap.xml"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        grouping = [q["sql"] for q in queries if "GROUP BY" in q["sql"] and '"articles_article"' in q["sql"]]
        # The only grouping left is over the scheduled stories (publish time ahead of now).
        assert all('"publish_at" >' in sql and "articles_archivemonth" in sql for sql in grouping), grouping
        assert any("articles_archivemonth" in q["sql"] for q in queries)
