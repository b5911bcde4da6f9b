"""Desk pages of the insights app: the report (editors only) and its CSV downloads."""

import csv
from functools import wraps

from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from articles.workflow import is_editor
from insights import charts, report
from insights.forms import ReportFilterForm

#: A spreadsheet runs a cell that starts with one of these as a formula; such text gets a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def editors_only(view):
    """The report reads every story and every source: editors and superusers only, whatever the link says."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_editor(request.user):
            raise PermissionDenied("The insights report is for editors.")
        return view(request, *args, **kwargs)

    return staff_member_required(never_cache(require_GET(wrapper)))


def _filters_query(request, **changes):
    query = request.GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@editors_only
def report_page(request):
    """The report, every figure as an SVG chart with its data table and a CSV link."""
    form = ReportFilterForm(request.GET)
    figures = []
    if form.is_valid():
        scope = form.scope()
        query = _filters_query(request)
        for table in report.build(scope):
            links = None
            if table.filter_values:
                links = [f"?{_filters_query(request, **{table.filter_param: value})}" for value in table.filter_values]
            figures.append(
                {
                    "table": table,
                    "svg": charts.draw(table),
                    "csv_url": f"{reverse('insights:report-csv', args=[table.key])}?{query}",
                    "rows": list(zip(links or [None] * len(table.rows), table.rows, strict=True)),
                }
            )
    context = {
        **admin.site.each_context(request),
        "title": "Sources and output report",
        "form": form,
        "sections": [
            ("sources", "Who our stories quote", [f for f in figures if f["table"].section == "sources"]),
            ("output", "What the desk publishes", [f for f in figures if f["table"].section == "output"]),
        ],
    }
    return render(request, "insights/report.html", context)


def _cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


@editors_only
def report_csv(request, key):
    """One table of the report as CSV, for the same filters as the page."""
    if key not in report.TABLES:
        raise Http404("No such table in the report.")
    form = ReportFilterForm(request.GET)
    if not form.is_valid():
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain; charset=utf-8")
    scope = form.scope()
    table = report.table(scope, key)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="insights-{key}-{scope.start}-{scope.end}.csv"'
    writer = csv.writer(response)
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([_cell(value) for value in row])
    return response
