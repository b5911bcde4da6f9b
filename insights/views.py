"""The desk pages of the insights app: the live mention scan, one-click citations, justifications, sign-off.

Every view sits behind ``admin.site.admin_view`` (a desk login, the second factor) and starts
from ``Article.objects.visible_to``: a story the user may not see answers 404 and is recorded,
like the article admin itself. The rules are in ``insights.mentions`` and ``insights.governance``.
"""

import csv
import json
from functools import wraps

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from articles import workflow
from articles.models import Article, Byline, Citation
from articles.workflow import is_editor
from audit.refusals import refuse
from insights import charts, governance, mentions, report
from insights.forms import ReportFilterForm
from insights.models import AnonymityReason

#: The most text one live scan reads (a long feature is some 60,000 characters).
MAX_SCAN_CHARACTERS = 200_000


def _visible_article(request, pk):
    article = Article.objects.visible_to(request.user).filter(pk=pk).first()
    if article is None:
        refuse(request, Article, pk, view="insights")
    return article


def _int_or_none(value):
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def panel_context(request, article, review):
    """What the mentions list shows; ``review`` is ``mentions.review``'s answer."""
    can_cite = (
        article is not None
        and workflow.can_edit(request.user, article)
        and request.user.has_perm("articles.add_citation")
    )
    reviewing = article is not None and article.status in (Article.Status.SUBMITTED, Article.Status.APPROVED)
    return {"review": review, "can_cite": can_cite, "reviewing": reviewing, "article": article}


@sensitive_variables()
@never_cache
@require_POST
def scan(request):
    """The mentions list for the text being written (JSON ``{"html": …}``), polled by the article form."""
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        return JsonResponse({"error": gettext("Send the story as JSON.")}, status=400)
    if not isinstance(data, dict):
        return JsonResponse({"error": gettext("Send the story as JSON.")}, status=400)
    article_id = _int_or_none(data.get("article"))
    if article_id is not None:
        article = _visible_article(request, article_id)
    elif request.user.has_perm("articles.add_article"):
        article = None
    else:
        raise PermissionDenied
    text = mentions.article_text(
        *(str(data.get(part) or "")[:MAX_SCAN_CHARACTERS] for part in ("headline", "standfirst", "body"))
    )
    rows = data.get("citations")
    cited = [
        mentions.Cited(
            _int_or_none(row.get("source")), _int_or_none(row.get("organisation")), bool(row.get("anonymous"))
        )
        for row in (rows if isinstance(rows, list) else [])
        if isinstance(row, dict)
    ]
    review = mentions.review(request.user, text, cited, request=request, article=article)
    html = render_to_string("insights/mentions_list.html", panel_context(request, article, review), request=request)
    return JsonResponse({"html": html, "clean": review.is_clean})


@never_cache
@require_POST
def cite(request, pk):
    """Add the citation a mention suggests (``kind``, ``pk``, the page's ``version``); JSON or a redirect back."""
    article = _visible_article(request, pk)
    wants_json = "application/json" in request.headers.get("Accept", "")
    try:
        citation = mentions.add_citation(
            article,
            by=request.user,
            kind=request.POST.get("kind"),
            pk=_int_or_none(request.POST.get("pk")),
            version=_int_or_none(request.POST.get("version")),
        )
    except workflow.WorkflowError as error:
        message = " ".join(error.messages)
        if wants_json:
            return JsonResponse({"error": message}, status=409)
        messages.error(request, message)
    else:
        message = gettext("Citation added: %(label)s.") % {"label": citation.public_label}
        if wants_json:
            return JsonResponse({"version": article.version, "message": message, "citation": citation.pk})
        messages.success(request, message)
    return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))


class JustificationForm(forms.Form):
    reason = forms.ChoiceField(
        choices=AnonymityReason.choices, widget=forms.RadioSelect, label=gettext_lazy("Why the source cannot be named")
    )
    explanation = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label=gettext_lazy("What naming them would risk"), max_length=4000
    )
    reliability = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label=gettext_lazy("How you know their information is reliable"),
        max_length=4000,
    )


def _next_or(request, default):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


@sensitive_variables()
@never_cache
@sensitive_post_parameters("explanation", "reliability")
@require_http_methods(["GET", "POST"])
def citation(request, pk):
    """One unnamed citation: its justification (written by whoever may edit the story) and the editor's sign-off."""
    found = Citation.objects.filter(pk=pk).select_related("article").first()
    if found is None or not Article.objects.visible_to(request.user).filter(pk=found.article_id).exists():
        refuse(request, Citation, pk, view="insights citation")
    item = _governed_citation(pk)
    if not governance.needs_governance(item):
        raise PermissionDenied("This citation names its source.")
    article = item.article
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    justification = governance.justification_of(item)
    may_justify = governance.can_justify(request.user, item)
    form = JustificationForm(
        initial=(
            {
                "reason": justification.reason,
                "explanation": justification.explanation,
                "reliability": justification.reliability,
            }
            if justification
            else None
        )
    )
    if request.method == "POST":
        form, done, message = _act(request, item, form)
        if "application/json" in request.headers.get("Accept", ""):
            fresh = _governed_citation(pk)
            state = governance.status(fresh)
            answer = {
                "message": message,
                "state": state,
                "label": governance.STATUS_LABELS[state],
                "fingerprint": governance.current_fingerprint(fresh),
            }
            return JsonResponse(answer, status=200 if done else 409)
        if done:
            messages.success(request, message)
            return HttpResponseRedirect(_next_or(request, request.path))
        messages.error(request, message)
    context = {
        **_site_context(request),
        "title": gettext("Unnamed source"),
        "citation": item,
        "article": article,
        "change_url": change_url,
        "justification": justification,
        "state": governance.status(item),
        "state_label": governance.STATUS_LABELS[governance.status(item)],
        "form": form,
        "may_justify": may_justify,
        "sign_off_refusal": governance.sign_off_refusal(request.user, item),
        "is_editor": request.user.has_perm("articles.review_article"),
        "fingerprint": governance.current_fingerprint(item),
    }
    return TemplateResponse(request, "insights/citation_governance.html", context)


def _governed_citation(pk):
    return Citation.objects.select_related("article", "source", "organisation", "justification", "sign_off").get(pk=pk)


def _act(request, item, form):
    """Run the posted action on ``item``: ``(form, done, message)``. A correspondent's sign-off answers 403."""
    action = request.POST.get("action")
    try:
        if action == "justify":
            form = JustificationForm(request.POST)
            if not form.is_valid():
                return form, False, gettext("Choose a reason and fill in both answers.")
            governance.justify(item, by=request.user, **form.cleaned_data)
            return form, True, gettext("Justification saved. An editor signs it off before publication.")
        if action == "sign_off":
            governance.sign_off(item, by=request.user, expected=request.POST.get("fingerprint") or "")
            return form, True, gettext("Signed off: “%(label)s”.") % {"label": item.public_label}
    except workflow.WorkflowError as error:
        if action == "sign_off" and error.code == "refused" and not request.user.has_perm("articles.review_article"):
            raise PermissionDenied(" ".join(error.messages)) from None
        return form, False, " ".join(error.messages)
    return form, False, gettext("Nothing to do.")


@never_cache
@require_http_methods(["GET"])
def sign_off_queue(request):
    """Editors: stories on their way to the public with unnamed sources still to sign off."""
    if not request.user.has_perm("articles.review_article"):
        raise PermissionDenied
    stories = governance.waiting_for_sign_off()
    own = set(
        Byline.objects.filter(correspondent__user=request.user, article__in=[a for a, _ in stories]).values_list(
            "article_id", flat=True
        )
    )
    context = {
        **_site_context(request),
        "title": gettext("Unnamed sources waiting for sign-off"),
        "stories": [
            (article, [(c, governance.STATUS_LABELS[s], s) for c, s in rows], article.pk in own)
            for article, rows in stories
        ],
    }
    return TemplateResponse(request, "insights/sign_off_queue.html", context)


def _site_context(request):
    from django.contrib import admin

    return admin.site.each_context(request)


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
        "title": gettext("Sources and output report"),
        "form": form,
        "sections": [
            ("sources", gettext("Who our stories quote"), [f for f in figures if f["table"].section == "sources"]),
            ("output", gettext("What the desk publishes"), [f for f in figures if f["table"].section == "output"]),
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
        raise Http404(gettext("No such table in the report."))
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
