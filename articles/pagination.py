"""Public lists are paged by position in time, not by page number: each page costs the same, however deep.

A page is the ``PER_PAGE`` stories just older (``?before=``) or just newer (``?after=``) than a
story's ``(publish_at, id)``, read through the ``(status, publish_at)`` index from that point.
No page counts the list or walks past the stories before it (no COUNT, no OFFSET), so page 500
costs what page 1 does. The cursor is the story's publish time in microseconds and its id; a
cursor that is not one, or a page with nothing on it, is a 404.
"""

from datetime import UTC, datetime, timedelta

from django.db.models import Q
from django.http import Http404

PER_PAGE = 20
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)


def cursor_of(at, pk):
    return f"{(at - EPOCH) // MICROSECOND}-{pk}"


def cursor(article):
    return cursor_of(article.publish_at, article.pk)


def parse_cursor(value):
    try:
        micros, pk = value.split("-")
        return EPOCH + int(micros) * MICROSECOND, int(pk)
    except (ValueError, OverflowError):
        raise Http404 from None


class KeysetPage:
    """One page of a newest-first list, with the query strings of its neighbours."""

    is_keyset = True

    def __init__(self, object_list, *, query, older, newer):
        self.object_list = object_list
        self.query = query  # this page's own query string ("" for the newest page)
        self.older_query = older
        self.newer_query = newer

    @property
    def has_next(self):
        return self.older_query is not None

    @property
    def has_previous(self):
        return self.newer_query is not None

    def has_other_pages(self):
        return self.has_next or self.has_previous

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)


def keyset_page(request, queryset, per_page=PER_PAGE):
    """The page of ``queryset`` (ordered newest first) that ``?before=``/``?after=`` ask for; the newest by default."""
    before, after = request.GET.get("before"), request.GET.get("after")
    if before and after:
        raise Http404
    if before:
        at, pk = parse_cursor(before)
        # The plain bound first: PostgreSQL starts the index walk there (it cannot from an OR alone).
        older = queryset.filter(Q(publish_at__lte=at), Q(publish_at__lt=at) | Q(publish_at=at, pk__lt=pk))
        rows = list(older[: per_page + 1])
        more_older, more_newer = len(rows) > per_page, True
        rows = rows[:per_page]
    elif after:
        at, pk = parse_cursor(after)
        newer = queryset.filter(Q(publish_at__gte=at), Q(publish_at__gt=at) | Q(publish_at=at, pk__gt=pk)).reverse()
        rows = list(newer[: per_page + 1])
        more_older, more_newer = True, len(rows) > per_page
        rows = rows[:per_page][::-1]
    else:
        rows = list(queryset[: per_page + 1])
        more_older, more_newer = len(rows) > per_page, False
        rows = rows[:per_page]
    if (before or after) and not rows:
        raise Http404
    query = f"before={cursor_of(*parse_cursor(before))}" if before else ""
    query = f"after={cursor_of(*parse_cursor(after))}" if after else query
    older = f"before={cursor(rows[-1])}" if more_older else None
    newer = f"after={cursor(rows[0])}" if more_newer else None
    return KeysetPage(rows, query=query, older=older, newer=newer)
