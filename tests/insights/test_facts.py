"""The report's facts: the fact-based report equals the direct computation, and every change keeps them current."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles import workflow
from articles.models import Article, Correction, Country
from insights import facts, governance, report
from insights.models import CitationFact, StoryFact
from people.models import Correspondent
from tests.factories import (
    ArticleFactory,
    CitationFactory,
    ConfidentialSourceFactory,
    EditorFactory,
    SourceFactory,
)
from tests.insights import direct_report

pytestmark = pytest.mark.django_db


def scopes():
    """The filters the page offers, each over the last year and over the whole range."""
    year, everything = report.Scope.last_year(), report.Scope(start=dt.date(2000, 1, 1), end=timezone.localdate())
    article = Article.objects.live().exclude(programme=None).first()
    country = Country.objects.filter(articles__in=Article.objects.live()).first()
    correspondent = Correspondent.objects.filter(bylines__article__in=Article.objects.live()).first()
    narrowed = [
        {"programme": article.programme},
        {"language": article.language},
        {"country": country},
        {"correspondent": correspondent},
    ]
    found = [year, everything]
    for base in (year, everything):
        found += [report.Scope(start=base.start, end=base.end, **filters) for filters in narrowed]
    return found


def direct(scope):
    return direct_report.Scope(
        start=scope.start,
        end=scope.end,
        programme=scope.programme,
        country=scope.country,
        language=scope.language,
        correspondent=scope.correspondent,
    )


def test_the_report_from_facts_equals_the_direct_computation(demo):
    # Beside the demo: a withdrawn story, a scheduled one, and a named source quoted anonymously once.
    withdrawn = ArticleFactory(live=True)
    CitationFactory(article=withdrawn, source=SourceFactory())
    Article.objects.filter(pk=withdrawn.pk).update(status=Article.Status.WITHDRAWN)
    scheduled = ArticleFactory(status=Article.Status.PUBLISHED, publish_at=timezone.now() + dt.timedelta(hours=2))
    CitationFactory(article=scheduled, source=ConfidentialSourceFactory(), organisation=None)
    named = SourceFactory()
    for anonymous in (False, True):
        CitationFactory(article=ArticleFactory(live=True), source=named, organisation=None, is_anonymous=anonymous)
    call_command("rebuild_insights", verbosity=0)

    for scope in scopes():
        ours, theirs = report.build(scope), direct_report.build(direct(scope))
        assert [t.key for t in ours] == [t.key for t in theirs]
        for mine, reference in zip(ours, theirs, strict=True):
            assert mine.rows == reference.rows, (scope, mine.key)
            assert mine.note == reference.note, (scope, mine.key)
    assert StoryFact.objects.filter(article=scheduled).exists()  # counted once its time comes
    assert not StoryFact.objects.filter(article=withdrawn).exists()


def test_publish_withdraw_and_correction_refresh_the_facts_by_a_task(monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(facts, "schedule", facts.queue_refresh)  # the real path: a task after the commit
    article = ArticleFactory(status=Article.Status.APPROVED)
    unnamed = CitationFactory(article=article, source=ConfidentialSourceFactory(), organisation=None)
    editor = EditorFactory()
    # Publishing needs the unnamed source justified and signed off (insights.governance).
    governance.justify(unnamed, by=editor, reason="risk", explanation="Named, she would lose her post.",
                       reliability="Her documents were seen.")  # fmt: skip
    governance.sign_off(unnamed, by=EditorFactory())
    assert report.Scope.last_year().total == 0

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        workflow.publish(article, by=editor)
    assert callbacks, "the publication queued the refresh for the commit"
    assert report.Scope.last_year().total == 1
    assert report.sources_over_time(report.Scope.last_year()).rows[-1][3] == 1  # one confidential

    with django_capture_on_commit_callbacks(execute=True):
        Correction.objects.create(article=article, note="The date was wrong.")
    assert report.corrections_rate(report.Scope.last_year()).rows[-1][2] == 1

    article.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw(article, by=editor, reason="Legal advice.")
    assert report.Scope.last_year().total == 0
    assert not CitationFact.objects.filter(article=article).exists()


def test_a_rolled_back_step_queues_nothing(monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(facts, "schedule", facts.queue_refresh)
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory()  # a draft: no facts, nothing to refresh
    assert not StoryFact.objects.exists()


def test_a_source_made_confidential_is_recounted(monkeypatch, django_capture_on_commit_callbacks):
    source = SourceFactory()
    CitationFactory(article=ArticleFactory(live=True), source=source, organisation=None)
    assert report.sources_over_time(report.Scope.last_year()).rows[-1][1:4] == [1, 0, 0]

    with django_capture_on_commit_callbacks(execute=True):
        source.confidential = True
        source.public_descriptor = "a lawyer in Almaty"
        source.save()

    assert report.sources_over_time(report.Scope.last_year()).rows[-1][1:4] == [0, 0, 1]
    assert report.top_people(report.Scope.last_year()).rows == []


def test_rebuild_insights_reports_progress_and_takes_since(capsys):
    old = ArticleFactory(live=True, publish_at=timezone.now() - dt.timedelta(days=900))
    new = ArticleFactory(live=True)
    StoryFact.objects.all().delete()

    call_command("rebuild_insights", since=str(timezone.localdate() - dt.timedelta(days=30)))
    assert list(StoryFact.objects.values_list("article_id", flat=True)) == [new.pk]
    call_command("rebuild_insights")
    assert set(StoryFact.objects.values_list("article_id", flat=True)) == {old.pk, new.pk}
    assert "2 of 2 stories" in capsys.readouterr().out
