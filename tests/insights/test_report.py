"""The desk report: every chart drawn from the demo, CSVs that parse, editors only, no confidential name."""

import csv
import datetime as dt
import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Citation, Correction, WorkflowEvent
from insights import charts, report
from insights.models import SourceProfile
from insights.report import Scope
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    CitationFactory,
    ConfidentialSourceFactory,
    CorrespondentFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

REPORT = "/admin/insights/"
SVG = "{http://www.w3.org/2000/svg}"


def csv_url(key, query=""):
    return reverse("insights:report-csv", args=[key]) + (f"?{query}" if query else "")


def test_the_report_lives_at_admin_insights():
    assert reverse("insights:report") == REPORT


def test_report_renders_every_chart_with_demo_data(demo, editor_client):
    response = editor_client.get(REPORT)

    assert response.status_code == 200
    html = response.content.decode()
    svgs = re.findall(r"<svg class=\"insights-chart\".*?</svg>", html, flags=re.S)
    assert len(svgs) == len(report.TABLES)
    for svg in svgs:
        root = ET.fromstring(svg)  # noqa: S314 (our own SVG: well-formed XML)
        assert root.get("role") == "img"
        title_id, desc_id = root.get("aria-labelledby").split()
        assert root.find(f"{SVG}title").get("id") == title_id
        assert root.find(f"{SVG}desc").get("id") == desc_id
        assert "No stories in this selection" not in svg, root.find(f"{SVG}title").text
        assert root.findall(f".//{SVG}rect")[1:], "a chart with data draws bars"
    # Every chart has its data table and its CSV link under it.
    assert html.count("<caption>Data: ") == len(report.TABLES)
    for key in report.TABLES:
        assert csv_url(key) in html
    assert "Aigerim" in html  # a demo byline in "stories per correspondent"


def test_report_figures_agree_with_the_demo(demo):
    scope = Scope.last_year()
    live = Article.objects.live().filter(publish_at__date__gte=scope.start)
    tables = {table.key: table for table in report.build(scope)}

    assert sum(row[1] for row in tables["stories-over-time"].rows) == live.count()
    cited = Citation.objects.filter(article__in=live)
    named, anonymous, confidential = (sum(row[i] for row in tables["sources-over-time"].rows) for i in (1, 2, 3))
    assert confidential == cited.filter(source__confidential=True).count() > 0
    assert anonymous == cited.filter(is_anonymous=True).exclude(source__confidential=True).count()
    assert named == cited.filter(source__isnull=False, is_anonymous=False, source__confidential=False).count()
    corrections = Correction.objects.filter(article__in=live, kind="correction").count()
    assert sum(row[2] for row in tables["corrections-rate"].rows) == corrections


def test_csv_of_every_table_parses_with_the_right_header(demo, editor_client):
    scope = Scope.last_year()
    for key, make in report.TABLES.items():
        response = editor_client.get(csv_url(key))

        assert response.status_code == 200, key
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"].startswith(f'attachment; filename="insights-{key}-')
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        expected = make(scope)
        assert rows[0] == expected.columns, key
        assert len(rows) == len(expected.rows) + 1, key
        assert all(len(row) == len(expected.columns) for row in rows), key


def test_unknown_csv_is_404_and_bad_filters_are_400(editor_client):
    assert editor_client.get(csv_url("nothing-here")).status_code == 404
    assert editor_client.get(csv_url("gender", "start=2026-05-01&end=2026-01-01")).status_code == 400


def test_a_cell_a_spreadsheet_would_run_is_written_as_text(editor_client):
    article = ArticleFactory(live=True)
    CitationFactory(article=article, organisation__name="=HYPERLINK(1)")

    rows = list(csv.reader(io.StringIO(editor_client.get(csv_url("top-organisations")).content.decode())))

    assert rows[1][0] == "'=HYPERLINK(1)"


def test_correspondent_is_refused_the_report_and_every_csv(demo, correspondent_client):
    assert correspondent_client.get(REPORT).status_code == 403
    for key in report.TABLES:
        assert correspondent_client.get(csv_url(key)).status_code == 403


def test_anonymous_visitor_is_sent_to_the_login(client):
    response = client.get(REPORT)
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_desk_index_links_the_report_for_editors_only(editor_client, correspondent_client):
    assert REPORT in editor_client.get(reverse("admin:index")).content.decode()
    assert REPORT not in correspondent_client.get(reverse("admin:index")).content.decode()


def test_crawl_of_insights_pages_as_correspondent_finds_no_confidential_name(
    demo, confidential_names, correspondent_client
):
    pages = [REPORT, f"{REPORT}?start=2000-01-01", *(csv_url(key) for key in report.TABLES)]
    pages += [reverse("admin:insights_sourceprofile_changelist"), reverse("admin:insights_policy_changelist")]
    for url in pages:
        response = correspondent_client.get(url)
        assert response.status_code in (302, 403), url
        body = response.content.decode()
        for name in confidential_names:
            assert name not in body, url


def test_editor_sees_confidential_sources_only_as_confidential(demo, confidential_names, editor_client):
    # A confidential source quoted in many stories would top the people table if it were counted there.
    frequent = ConfidentialSourceFactory(name="Zarina Hiddenova")
    for _ in range(25):
        CitationFactory(article=ArticleFactory(live=True), source=frequent, organisation=None)
    names = [*confidential_names, "Zarina Hiddenova", "Hiddenova"]

    bodies = [editor_client.get(REPORT).content.decode()]
    bodies += [editor_client.get(csv_url(key)).content.decode() for key in report.TABLES]

    for body in bodies:
        for name in names:
            assert name not in body
    assert "Confidential" in bodies[0]


def test_a_named_source_quoted_anonymously_is_not_named_for_that_story(editor_client):
    source = SourceFactory(name="Roman Openly")
    CitationFactory(article=ArticleFactory(live=True), source=source, organisation=None, is_anonymous=True)

    tables = {t.key: t for t in report.build(Scope.last_year())}

    assert tables["top-people"].rows == []
    assert tables["sources-over-time"].rows[-1][2] == 1  # counted as anonymous


def test_gender_counts_named_sources_where_recorded(editor_client):
    woman, unknown = SourceFactory(), SourceFactory()
    SourceProfile.objects.create(source=woman, gender="  Woman ")
    hidden = ConfidentialSourceFactory()
    article = ArticleFactory(live=True)
    for source in (woman, unknown, hidden):
        CitationFactory(article=article, source=source, organisation=None)

    rows = {row[0]: row[1:3] for row in report.gender(Scope.last_year()).rows}

    assert rows == {"woman": [1, 1], "not recorded": [1, 1]}


def test_time_to_publish_and_returns_come_from_workflow_events():
    now = timezone.now()
    for hours, returns in ((10, 0), (20, 1), (30, 2)):
        article = ArticleFactory(live=True)
        WorkflowEvent.objects.create(article=article, action="submit", created_at=now - dt.timedelta(hours=40))
        for _ in range(returns):
            WorkflowEvent.objects.create(article=article, action="return", created_at=now - dt.timedelta(hours=39))
        WorkflowEvent.objects.create(article=article, action="publish", created_at=now - dt.timedelta(hours=40 - hours))
    scope = Scope.last_year()

    waits = {row[0]: row[1] for row in report.time_to_publish(scope).rows}
    returns = {row[0]: row[1] for row in report.returns_per_story(scope).rows}

    assert waits == {"Median": 20.0, "90th percentile": 30.0}
    assert returns["never returned"] == returns["returned once"] == returns["returned twice"] == 1
    assert "1.00 returns per story" in report.returns_per_story(scope).note


def test_filters_narrow_the_report(editor_client):
    mine, other = CorrespondentFactory(byline_name="Filter Me"), CorrespondentFactory()
    BylineFactory(article=ArticleFactory(live=True, language="ru"), correspondent=mine)
    BylineFactory(article=ArticleFactory(live=True), correspondent=other)

    base = Scope.last_year()
    assert report.stories_over_time(base).rows[-1][1] == 2
    by_me = Scope(start=base.start, end=base.end, correspondent=mine)
    assert report.stories_over_time(by_me).rows[-1][1] == 1
    in_russian = Scope(start=base.start, end=base.end, language="ru")
    assert [row[0] for row in report.stories_per_language(in_russian).rows] == ["Russian"]
    page = editor_client.get(REPORT, {"correspondent": mine.slug}).content.decode()
    assert f"correspondent={mine.slug}" in page


def test_drafts_and_scheduled_stories_are_not_counted():
    ArticleFactory()  # a draft
    ArticleFactory(status=Article.Status.PUBLISHED, publish_at=timezone.now() + dt.timedelta(days=1))

    assert report.build(Scope.last_year())[0].rows[-1][1:4] == [0, 0, 0]
    assert Scope.last_year().total == 0


def test_a_long_range_is_charted_by_year():
    scope = Scope(start=dt.date(2001, 1, 1), end=dt.date(2026, 6, 30))
    assert scope.by_year
    assert scope.periods()[0] == "2001" and len(scope.periods()) == 26


def _make_stories(count):
    for _ in range(count):
        article = ArticleFactory(live=True)
        BylineFactory(article=article)
        CitationFactory(article=article, source=SourceFactory())
        CitationFactory(article=article, source=ConfidentialSourceFactory(), organisation=None)
        WorkflowEvent.objects.create(article=article, action="submit", created_at=timezone.now())
        WorkflowEvent.objects.create(article=article, action="publish", created_at=timezone.now())
        Correction.objects.create(article=article, note="Fixed.")


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", [REPORT, f"{REPORT}?start=2001-01-01"])
def test_report_query_count_does_not_grow_with_the_stories(editor_client, url):
    _make_stories(1)
    one = _queries(editor_client, url)
    _make_stories(29)
    thirty = _queries(editor_client, url)

    assert one == thirty
    assert thirty == REPORT_QUERIES


#: Session, user, second-factor devices (2), permissions (2) and the session's save (3): 9;
#: the filter form's programme and country lists: 2; the report itself: 12 (the stories per period,
#: with the returns, and each other table's aggregate, each one query over the monthly totals and the
#: facts of the part months; names for the top 20 people and correspondents). It was 16 before the
#: monthly totals: returns now come with the stories per period, repeat reliance is one query, and
#: time to publish one count per wait instead of a count and two ordered lookups.
REPORT_QUERIES = 23


def test_charts_escape_labels_and_draw_an_empty_state():
    table = report.Table("t", "A <b> title", "d", ["Name", "Count"], [["<script>x</script>", 3]])
    svg = str(charts.draw(table))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    ET.fromstring(svg)  # noqa: S314 (our own SVG)
    empty = report.Table("e", "Empty", "d", ["Name", "Count"], [])
    assert "No stories in this selection" in str(charts.draw(empty))


def test_last_twelve_months_works_on_29_february():
    scope = Scope.last_year(today=dt.date(2028, 2, 29))
    assert (scope.start, scope.end) == (dt.date(2027, 3, 2), dt.date(2028, 2, 29))
