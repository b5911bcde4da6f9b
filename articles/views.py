"""Public pages. Every article lookup starts from ``Article.objects.live()`` (via ``articles.listings``).

Views stay thin: they pick the subject, ask ``listings`` for its live articles and
render. The seven subject pages (region to named source) are one view, ``subject_page``, made
for each row of ``listings.SUBJECTS``; a subject page exists only while ``Subject.public()``
says so, so a draft never reveals who it names through a guessed address. Lists page by
cursor (``articles.pagination``), never by COUNT and OFFSET.
``public_page`` adds caching, ETag/Last-Modified and cache headers.
"""

from datetime import date

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from articles import listings, search, stash, versions
from articles.caching import article_page_tags, private, public_page, shows
from articles.models import Article, Programme, Region
from articles.pagination import PER_PAGE, keyset_page

RELATED_COUNT = 4
HOME_LATEST = 12
BLOCK_SIZE = 4


def article_response(request, article, *, preview=False):
    """Render an article exactly as the public sees it (also used by the admin preview).

    A fixed number of queries whatever the number of bylines, citations, tags, corrections or
    translations (the story's live versions are one query, ``versions.live_versions``).
    A preview is never stored by any cache.
    """
    countries = list(article.countries.select_related("region"))
    related = Article.objects.none()
    if countries or article.programme_id:
        # No programme must not mean "every story without one" (``programme_id IS NULL``): those pages
        # are not tagged with this one's subjects, so they would keep a withdrawn story in their cache.
        shared = Q(countries__in=[c.pk for c in countries])
        if article.programme_id:
            shared |= Q(programme_id=article.programme_id)
        related = (
            Article.objects.live()
            .filter(shared)
            .exclude(pk=article.pk)
            .distinct()
            .only("headline", "slug", "language", "publish_at")[:RELATED_COUNT]
        )
    bylines = list(article.bylines.select_related("correspondent"))
    authors, translators = versions.credits(bylines)
    story_versions = versions.live_versions(article)
    context = {
        "article": article,
        "bylines": authors,
        "translators": translators,
        "author_lines": [byline.author_line for byline in bylines if byline.author_line],
        "versions": story_versions,
        "alternates": versions.alternates(story_versions),
        "other_versions": versions.others(story_versions, article),
        "in_this_story": listings.in_this_story(article),
        "corrections": list(article.corrections.all()),
        "topics": list(article.tags.all()),
        "countries": countries,
        "related": list(related),
        "preview": preview,
    }
    response = render(request, "articles/article_detail.html", context)
    shows(request, *article_page_tags(article, countries))
    if preview:
        private(response)
    return response


@require_safe
@public_page()
def detail(request, slug):
    article = (
        Article.objects.live()
        .select_related("programme", "lead_image")
        .prefetch_related("lead_image__renditions")
        .filter(slug=slug)
        .first()
    )
    if article is not None:
        return article_response(request, article)
    moved = Article.objects.live().filter(slug_redirects__old_slug=slug).first()
    if moved is not None:
        return redirect(moved, permanent=True)
    if Article.objects.withdrawn().filter(Q(slug=slug) | Q(slug_redirects__old_slug=slug)).exists():
        return render(request, "410.html", status=410)
    raise Http404


def _blocks(subject, queryset):
    """Up to ``BLOCK_SIZE`` latest live stories per region or programme, as (row, story ids) pairs.

    Each subject row carries the ids of its newest stories from a correlated subquery that walks
    the live index newest first and stops (a few index probes, whatever the archive holds): on
    PostgreSQL one ``ARRAY(... LIMIT 4)`` per row, elsewhere one ``LIMIT 1 OFFSET i`` per story.
    """
    newest = Article.objects.live().order_by(*listings.NEWEST_FIRST).values("pk")
    newest = newest.filter(subject.link.about(OuterRef("pk")))
    if connection.vendor == "postgresql":
        rows = queryset.order_by("name").annotate(stories=ArraySubquery(newest[:BLOCK_SIZE]))
        return [(row, row.stories) for row in rows]
    slots = {f"story_{i}": Subquery(newest[i : i + 1]) for i in range(BLOCK_SIZE)}
    rows = queryset.order_by("name").annotate(**slots)
    return [(row, [pk for slot in slots if (pk := getattr(row, slot))]) for row in rows]


@require_safe
@public_page("home")
def home(request):
    latest = list(
        listings.live_articles()
        .select_related("lead_image")
        .prefetch_related("lead_image__renditions")[: HOME_LATEST + 1]
    )
    regions = _blocks(listings.SUBJECT["region"], Region.objects.all())
    programmes = _blocks(listings.SUBJECT["programme"], Programme.objects.all())
    wanted = {pk for _, ids in regions + programmes for pk in ids}
    stories = Article.objects.live().filter(pk__in=wanted).only("headline", "slug", "language", "publish_at")
    by_pk = {article.pk: article for article in stories} if wanted else {}

    def blocks(rows, subject):
        return [
            {"name": row.name, "url": subject.url(row.slug), "articles": [by_pk[pk] for pk in ids if pk in by_pk]}
            for row, ids in rows
            if ids
        ]

    return render(
        request,
        "articles/home.html",
        {
            "lead": latest[0] if latest else None,
            "latest": latest[1:],
            "regions": blocks(regions, listings.SUBJECT["region"]),
            "programmes": blocks(programmes, listings.SUBJECT["programme"]),
        },
    )


def paginate(request, queryset):
    """One numbered page of ``queryset`` (search, whose candidates are bounded); a page that is not one is a 404."""
    paginator = Paginator(queryset, PER_PAGE, allow_empty_first_page=True)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except (EmptyPage, PageNotAnInteger):
        raise Http404 from None


def subject_page(subject):
    """The public page of one kind of subject (``listings.SUBJECTS``): its live stories, a keyset page at a time."""

    @require_safe
    @public_page(subject.tag("{slug}"))
    def view(request, slug):
        obj = subject.get(slug, for_page=True)
        page = keyset_page(request, subject.articles(obj))
        context = {
            subject.name: obj,
            "page": page,
            "articles": page.object_list,
            "rss": subject.url(obj.slug, "rss"),
            "atom": subject.url(obj.slug, "atom"),
        }
        return render(request, subject.template, context)

    view.__name__ = view.__qualname__ = subject.name
    return view


@require_safe
@public_page("archive")
def archive(request):
    months = [{"month": month, "count": count} for month, count in listings.months()]
    return render(request, "articles/archive.html", {"months": months})


@require_safe
@public_page("archive")
def archive_month(request, year, month):
    if not 1 <= month <= 12 or not 1 <= year <= 9998:
        raise Http404
    page = keyset_page(request, listings.in_month(year, month))
    if not page.object_list:
        raise Http404
    return render(request, "articles/archive_month.html", {"page": page, "articles": page.object_list,
                                                           "month": date(year, month, 1)})  # fmt: skip


@require_safe
@public_page("search")
def search_page(request):
    query, was_cut = search.normalise(request.GET.get("q", ""))
    page = None
    if query:
        page = paginate(request, search.ranked_ids(query))
        page.object_list = search.page_articles(listings.live_articles().defer(None), page.object_list, query)
    context = {"query": query, "was_cut": was_cut, "page": page, "candidates": search.CANDIDATES}
    return render(request, "articles/search.html", context)


@require_safe
def robots(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "",
        f"Sitemap: {settings.NEWSROOM_BASE_URL}{reverse('sitemap')}",
        f"Sitemap: {settings.NEWSROOM_BASE_URL}{reverse('news-sitemap')}",
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def csrf_failure(request, reason=""):
    """A form refused for a stale or missing CSRF token. An article form's words are kept, as after
    a session expiry, and the page says how to get them back; any other form gets a plain page.

    Only a refusal for the token itself keeps words: one for a foreign origin or referer may
    be a forged post, whose words must never be offered to an author.
    """
    kept = request.method == "POST" and reason.startswith("CSRF ") and stash.is_article_form(request)
    if kept:
        stash.keep(request, "csrf")
    response = render(request, "403_csrf.html", {"kept": kept, "form_url": request.path}, status=403)
    add_never_cache_headers(response)
    return response
