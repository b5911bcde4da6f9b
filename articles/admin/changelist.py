"""The desk's article list: what waits for the viewer first, at a cost that does not grow with the archive.

What needs the viewer's action comes first (an editor's submitted stories, a correspondent's
returned ones), in an order an index serves (``article_desk_order_idx``); the list counts at
most ``COUNT_CAP`` rows and says so past that; search reads the full-text index on
PostgreSQL; the correspondent filter looks people up by name instead of listing every byline;
and no list query reads an article body.
"""

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Case, DateTimeField, OuterRef, Subquery, When
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.translation import gettext, gettext_lazy

from articles import search, translations, workflow
from articles.models import Article, ArticleStatus, Byline, WorkflowEvent, waiting_first
from people.models import Correspondent

#: The list counts no further than this; past it, it says "more than 10,000".
COUNT_CAP = 10_000


#: Shorter words for the list's badges, where the full label would crowd out the headline.
BADGE_LABELS = {ArticleStatus.RETURNED: gettext_lazy("Returned")}


class CappedPaginator(Paginator):
    """A paginator that counts at most ``COUNT_CAP`` rows, so a page never costs a count of the table.

    Past the cap the list says so (``is_capped``) and its last page is the cap's: older stories
    are reached by filtering or searching, not by walking thousands of pages.
    """

    cap = COUNT_CAP

    @cached_property
    def _counted(self):
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    @cached_property
    def count(self):
        return min(self._counted, self.cap)

    @property
    def is_capped(self):
        return self._counted > self.cap


class ArticleChangeList(ChangeList):
    """The list's query: no body, and the time a returned story went back to its author."""

    #: A search shows at most this many matches (the newest); the page says so when it is reached.
    search_cap = search.DESK_CANDIDATES

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        returned_at = Subquery(
            WorkflowEvent.objects.filter(article=OuterRef("pk"), action="return")
            .order_by("-created_at")
            .values("created_at")[:1]
        )
        # Only returned rows run the subquery, and only the page's rows are computed.
        returned_at = Case(When(status=ArticleStatus.RETURNED, then=returned_at), output_field=DateTimeField())
        # A translation shows its original (one join, no body): "translation of “…”".
        return translations.with_original(queryset.defer("body").annotate(returned_at=returned_at), request.user)


class StateFilter(admin.SimpleListFilter):
    """Status, with "scheduled" and "live" told apart from plain "published"."""

    title = gettext_lazy("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            *ArticleStatus.choices[:4],
            ("scheduled", gettext("Scheduled")),
            ("live", gettext("Live")),
            (ArticleStatus.WITHDRAWN, ArticleStatus.WITHDRAWN.label),
        ]

    def queryset(self, request, queryset):
        # Combined with ``&`` rather than ``pk__in``: the same rule, without a self-join the
        # planner could answer by reading every live article.
        value = self.value()
        if value == "scheduled":
            return queryset & Article.objects.scheduled()
        if value == "live":
            return queryset & Article.objects.live()
        if value in ArticleStatus.values:
            return queryset.filter(status=value)
        return queryset


class CorrespondentFilter(admin.ListFilter):
    """Articles by one correspondent, found by typing part of a name: never a list of every byline.

    The name is looked up exactly as the correspondent admin's own search does (its rules, and
    its audit record of protected identities found); up to ``SUGGESTIONS`` matches are offered
    as links, and choosing one filters the list.
    """

    title = gettext_lazy("correspondent")
    parameter_name = "correspondent"
    term_name = "byline"
    template = "admin/articles/article/correspondent_filter.html"
    SUGGESTIONS = 8

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        value = _last(params.pop(self.parameter_name, None))
        self.term = (_last(params.pop(self.term_name, None)) or "").strip()[:100]
        self.chosen = Correspondent.objects.filter(pk=value).first() if value and value.isdigit() else None
        self.suggestions, self.more = [], False
        if self.term and self.chosen is None:
            people = model_admin.admin_site.get_model_admin(Correspondent)
            found, duplicates = people.get_search_results(request, people.get_queryset(request), self.term)
            if duplicates:
                found = found.distinct()
            suggestions = list(found[: self.SUGGESTIONS + 1])
            self.suggestions, self.more = suggestions[: self.SUGGESTIONS], len(suggestions) > self.SUGGESTIONS

    def has_output(self):
        return True

    def expected_parameters(self):
        return [self.parameter_name, self.term_name]

    def queryset(self, request, queryset):
        if self.chosen is None:
            return queryset
        return queryset.filter(pk__in=Byline.objects.filter(correspondent=self.chosen).values("article"))

    def choices(self, changelist):
        self.hidden = self.hidden_params(changelist)
        yield {
            "selected": self.chosen is None,
            "query_string": changelist.get_query_string(remove=self.expected_parameters()),
            "display": gettext("All"),
        }
        if self.chosen is not None:
            yield {"selected": True, "query_string": "", "display": str(self.chosen)}
        for person in self.suggestions:
            yield {
                "selected": False,
                "query_string": changelist.get_query_string({self.parameter_name: person.pk}, [self.term_name]),
                "display": str(person),
            }

    def hidden_params(self, changelist):
        """The list's other parameters, kept when the name form is sent."""
        skip = {*self.expected_parameters(), "p"}
        return [(name, value) for name, value in changelist.params.items() if name not in skip]


def _last(values):
    if isinstance(values, list):
        return values[-1] if values else None
    return values


def translation_note(article):
    """ "translation of “…”" under a translation on the desk's lists, or "" for an original.

    Needs ``translations.with_original`` on the list's query; the original's headline is
    shown only to someone who may read it (``translations.may_read_original``).
    """
    if article.translation_of_id is None:
        return ""
    original = article.translation_of
    if translations.original_readable(article):
        openable = article.original_openable
        return format_html(
            '<small class="translation-of">{} <a href="{}">{}</a></small>',
            gettext("translation of"),
            reverse("admin:articles_article_change", args=[original.pk]) if openable else original.get_absolute_url(),
            original.headline,
        )
    return format_html(
        '<small class="translation-of">{}</small>',
        gettext("translation of a story in %(language)s")
        % {"language": translations.language_label(original.language)},
    )


class ArticleList:
    """The changelist parts of ``ArticleAdmin``: columns, order, filters, search and paging."""

    list_display = ["headline", "state", "waiting_since", "byline_names", "language_code", "programme", "publish_time"]
    list_select_related = ["programme"]
    # On SQLite, read as written; PostgreSQL reads the search index instead (get_search_results).
    search_fields = ["headline", "standfirst", "body"]
    search_help_text = gettext_lazy("Words from the headline, standfirst or story.")
    paginator = CappedPaginator
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    change_list_template = "admin/articles/article/change_list.html"

    def get_changelist(self, request, **kwargs):
        return ArticleChangeList

    def get_ordering(self, request):
        """What waits for the viewer first (an editor: submitted; a correspondent: returned), newest save first."""
        first = ArticleStatus.SUBMITTED if workflow.is_editor(request.user) else ArticleStatus.RETURNED
        return [waiting_first(first).asc(), "-updated_at", "-pk"]

    def get_list_filter(self, request):
        filters = [StateFilter, "language", "programme", "countries"]
        if workflow.is_editor(request.user):
            filters.insert(1, CorrespondentFilter)
        return filters

    def get_search_results(self, request, queryset, search_term):
        query, _ = search.normalise(search_term)
        if not query or connection.vendor != "postgresql":
            return super().get_search_results(request, queryset, search_term)
        return queryset.filter(pk__in=search.desk_ids(query)), False

    @admin.display(description=gettext_lazy("State"), ordering="status")
    def state(self, obj):
        if obj.is_scheduled:
            when = date_format(timezone.localtime(obj.publish_at), "d M Y H:i")
            return format_html(
                '<span class="state-badge state-scheduled">{}</span>',
                gettext("Scheduled for %(when)s") % {"when": when},
            )
        label = BADGE_LABELS.get(obj.status) or obj.get_status_display()
        return format_html('<span class="state-badge state-{}">{}</span>', obj.status, label)

    @admin.display(description=gettext_lazy("Waiting since"))
    def waiting_since(self, obj):
        """How long a submitted story has waited for an editor, or a returned one for its author."""
        waiting = {ArticleStatus.SUBMITTED: obj.submitted_at, ArticleStatus.RETURNED: getattr(obj, "returned_at", None)}
        since = waiting.get(obj.status)
        if since is None:
            return ""
        local = timezone.localtime(since)
        return format_html(
            '<time datetime="{}" title="{}">{}</time>',
            local.isoformat(),
            date_format(local, "DATETIME_FORMAT"),
            gettext("%(time)s ago") % {"time": timesince(since, depth=1)},
        )

    @admin.display(description=gettext_lazy("Lang."), ordering="language")
    def language_code(self, obj):
        code = format_html('<abbr title="{}">{}</abbr>', obj.get_language_display(), obj.language.upper())
        if obj.translation_of_id is None or not hasattr(obj, "original_openable"):
            return code
        return format_html("{}<br>{}", code, translation_note(obj))

    @admin.display(description=gettext_lazy("Publish time"), ordering="publish_at")
    def publish_time(self, obj):
        if obj.publish_at is None:
            return "—"
        when = timezone.localtime(obj.publish_at)
        return format_html('<span class="nowrap">{}</span> {}', date_format(when, "d M Y"), date_format(when, "H:i"))

    @admin.display(description=gettext_lazy("Byline"))
    def byline_names(self, obj):
        return ", ".join(str(b.correspondent) for b in obj.bylines.all())
