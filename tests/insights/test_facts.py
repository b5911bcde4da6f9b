"""The report's facts: the fact-based report equals the direct computation, and every change keeps them current."""

import dataclasses
import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles import workflow
from articles.models import Article, Correction, Country, WorkflowEvent
from insights import facts, governance, report, rollups
from insights.models import CitationFact, MonthlyStories, MonthlyTotal, StoryFact
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
    """The filters the page offers, each over the last year, the whole range, and whole past months only."""
    year, everything = report.Scope.last_year(), report.Scope(start=dt.date(2000, 1, 1), end=timezone.localdate())
    last_month = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    months = report.Scope(start=(last_month - dt.timedelta(days=400)).replace(day=1), end=last_month)
    article = Article.objects.live().exclude(programme=None).first()
    country = Country.objects.filter(articles__in=Article.objects.live()).first()
    correspondent = Correspondent.objects.filter(bylines__article__in=Article.objects.live()).first()
    narrowed = [
        {"programme": article.programme},
        {"language": article.language},
        {"country": country},
        {"correspondent": correspondent},
    ]
    found = [year, everything, months]
    for base in (year, everything, months):
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
    # Two stories waiting the same rounded time, and one returned three times, in a month the totals answer.
    for minutes in (30, 33):
        waited = ArticleFactory(live=True, publish_at=timezone.now() - dt.timedelta(days=75))
        WorkflowEvent.objects.create(article=waited, action="submit", created_at=waited.publish_at - dt.timedelta(
            hours=5, minutes=minutes))  # fmt: skip
        WorkflowEvent.objects.create(article=waited, action="publish", created_at=waited.publish_at)
    for _ in range(3):
        WorkflowEvent.objects.create(article=waited, action="return", created_at=waited.publish_at)
    call_command("rebuild_insights", verbosity=0)
    assert MonthlyStories.objects.exists() and MonthlyTotal.objects.filter(figure="wait").exists()

    for scope in scopes():
        theirs = direct_report.build(direct(scope))
        # Whole past months from the monthly totals and the rest from the facts, then all from the facts.
        for months in (scope.whole_months, None):
            narrowed = dataclasses.replace(scope)
            narrowed.__dict__["whole_months"] = months  # None: the facts alone
            ours = report.build(narrowed)
            assert [t.key for t in ours] == [t.key for t in theirs]
            for mine, reference in zip(ours, theirs, strict=True):
                assert mine.rows == reference.rows, (scope, months, mine.key)
                assert mine.note == reference.note, (scope, months, mine.key)
    whole = scopes()[2]
    assert whole.whole_months is not None and whole.edge_facts(StoryFact).count() == 0 < whole.total
    assert StoryFact.objects.filter(article=scheduled).exists()  # counted once its time comes
    assert not StoryFact.objects.filter(article=withdrawn).exists()


def totals():
    """Every monthly total, as comparable rows (ids left out)."""
    found = []
    for model in (MonthlyStories, MonthlyTotal):
        fields = [f.attname for f in model._meta.concrete_fields if f.attname != "id"]
        found += sorted((model.__name__, *row) for row in model.objects.values_list(*fields))
    return found


def test_the_monthly_totals_follow_each_change_as_a_rebuild_would_make_them():
    old = timezone.now() - dt.timedelta(days=100)
    story = ArticleFactory(live=True, publish_at=old)
    other = ArticleFactory(live=True, publish_at=old + dt.timedelta(hours=1))
    source = SourceFactory()
    citation = CitationFactory(article=story, source=source)
    CitationFactory(article=other, source=source, organisation=citation.organisation)

    def rebuilt():
        now = totals()
        rollups.rebuild()
        assert totals() == now
        return now

    first = rebuilt()
    assert first  # the story's month has its totals
    citation.is_anonymous = True
    citation.descriptor = "a teacher in Taraz"
    citation.save()  # the hooks refresh at once in these tests (conftest)
    assert rebuilt() != first
    # Moved to another month: both months are recounted.
    story.publish_at = old - dt.timedelta(days=40)
    story.save()
    moved = rebuilt()
    assert {row[1] for row in moved if row[0] == "MonthlyStories"} == {
        rollups.month_of(old),
        rollups.month_of(story.publish_at),
    }
    Article.objects.filter(pk=other.pk).update(status=Article.Status.WITHDRAWN)
    facts.refresh([other.pk])
    assert {row[1] for row in rebuilt() if row[0] == "MonthlyStories"} == {rollups.month_of(story.publish_at)}


def test_an_organisation_given_another_kind_is_recounted(django_capture_on_commit_callbacks):
    old = timezone.now() - dt.timedelta(days=100)
    citation = CitationFactory(article=ArticleFactory(live=True, publish_at=old), source=None)
    organisation = citation.organisation
    kinds = report.organisation_kinds(report.Scope(start=dt.date(2000, 1, 1), end=timezone.localdate()))
    assert [row[0] for row in kinds.rows] == [organisation.get_kind_display()]

    with django_capture_on_commit_callbacks(execute=True):
        organisation.kind = "court" if organisation.kind != "court" else "media"
        organisation.save()

    kinds = report.organisation_kinds(report.Scope(start=dt.date(2000, 1, 1), end=timezone.localdate()))
    assert [row[0] for row in kinds.rows] == [organisation.get_kind_display()]


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
