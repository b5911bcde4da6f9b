"""Public pages. Every article lookup starts from ``Article.objects.live()`` (via ``articles.listings``).

Views stay thin: they pick the subject, ask ``listings`` for its live articles and
render. The pages of correspondents, organisations and named sources are here too: each is
a list of the live articles that name its subject, and exists only while one does, so a
draft never reveals who it names through a guessed address.
``public_page`` adds caching, ETag/Last-Modified and cache headers.
"""

from datetime import date

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, F, Prefetch, Q, Window
from django.db.models.functions import RowNumber, TruncMonth
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from articles import listings, search, stash
from articles.caching import article_page_tags, private, public_page, shows
from articles.models import Article, Country, Programme, Region

PER_PAGE = 20
RELATED_COUNT = 4
HOME_LATEST = 12
BLOCK_SIZE = 4


def article_response(request, article, *, preview=False):
    """Render an article exactly as the public sees it (also used by the admin preview).

    A fixed number of queries whatever the number of bylines, citations, tags or corrections.
    A preview is never stored by any cache.
    """
    countries = list(article.countries.select_related("region"))
    related = Article.objects.none()
    if countries or article.programme_id:
        related = (
            Article.objects.live()
            .filter(Q(countries__in=[c.pk for c in countries]) | Q(programme_id=article.programme_id))
            .exclude(pk=article.pk)
            .distinct()
            .only("headline", "slug", "language", "publish_at")[:RELATED_COUNT]
        )
    context = {
        "article": article,
        "bylines": list(article.bylines.select_related("correspondent")),
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


def _blocks(field, name_field, slug_field):
    """The latest live articles per region or programme, in one query, as (name, slug, articles) rows."""
    rows = (
        Article.objects.live()
        .filter(**{f"{field}__isnull": False})
        .annotate(
            block_id=F(field),
            block_name=F(name_field),
            block_slug=F(slug_field),
            block_rank=Window(RowNumber(), partition_by=F(field), order_by=[F("publish_at").desc(), F("pk").desc()]),
        )
        .filter(block_rank__lte=BLOCK_SIZE + 2)
        .only("headline", "slug", "language", "publish_at")
        .order_by("block_name", "block_rank")
    )
    blocks = {}
    for row in rows:
        name, slug, items = blocks.setdefault(row.block_id, (row.block_name, row.block_slug, []))
        if len(items) < BLOCK_SIZE and all(item.pk != row.pk for item in items):
            items.append(row)
    return list(blocks.values())


@require_safe
@public_page("home")
def home(request):
    latest = list(
        listings.live_articles()
        .select_related("lead_image")
        .prefetch_related("lead_image__renditions")[: HOME_LATEST + 1]
    )
    return render(
        request,
        "articles/home.html",
        {
            "lead": latest[0] if latest else None,
            "latest": latest[1:],
            "regions": [
                {"name": name, "url": reverse("articles:region", args=[slug]), "articles": items}
                for name, slug, items in _blocks(
                    "countries__region", "countries__region__name", "countries__region__slug"
                )
            ],
            "programmes": [
                {"name": name, "url": reverse("articles:programme", args=[slug]), "articles": items}
                for name, slug, items in _blocks("programme", "programme__name", "programme__slug")
            ],
        },
    )


def paginate(request, queryset):
    """One page of ``queryset``; a page number that is not a page is a 404, not a silent page 1."""
    paginator = Paginator(queryset, PER_PAGE, allow_empty_first_page=True)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except (EmptyPage, PageNotAnInteger):
        raise Http404 from None


def list_response(request, template, articles, *, feed=None, **context):
    """A paginated list page; ``feed`` is the (URL name, slug) of its RSS/Atom feeds."""
    page = paginate(request, articles)
    if feed:
        name, slug = feed
        context["rss"] = reverse(f"{name}-rss", args=[slug])
        context["atom"] = reverse(f"{name}-atom", args=[slug])
    return render(request, template, {"page": page, "articles": page.object_list, **context})


@require_safe
@public_page("region:{slug}")
def region(request, slug):
    obj = get_object_or_404(Region.objects.prefetch_related("countries"), slug=slug)
    return list_response(
        request,
        "articles/region_detail.html",
        listings.in_region(obj),
        region=obj,
        feed=("articles:region", obj.slug),
    )


@require_safe
@public_page("country:{slug}")
def country(request, slug):
    obj = get_object_or_404(Country.objects.select_related("region"), slug=slug)
    return list_response(
        request,
        "articles/country_detail.html",
        listings.in_country(obj),
        country=obj,
        feed=("articles:country", obj.slug),
    )


@require_safe
@public_page("programme:{slug}")
def programme(request, slug):
    obj = get_object_or_404(Programme, slug=slug)
    return list_response(
        request,
        "articles/programme_detail.html",
        listings.in_programme(obj),
        programme=obj,
        feed=("articles:programme", obj.slug),
    )


@require_safe
@public_page("topic:{slug}")
def topic(request, slug):
    obj = listings.public_or_404(listings.topics(), slug=slug)
    return list_response(
        request,
        "articles/topic_detail.html",
        listings.on_topic(obj),
        topic=obj,
        feed=("articles:topic", obj.slug),
    )


@require_safe
@public_page("correspondent:{slug}")
def correspondent(request, slug):
    obj = listings.public_or_404(listings.correspondents(), slug=slug)
    return list_response(
        request,
        "people/correspondent_detail.html",
        listings.by_correspondent(obj),
        correspondent=obj,
        feed=("people:correspondent", obj.slug),
    )


@require_safe
@public_page("organisation:{slug}")
def organisation(request, slug):
    obj = listings.public_or_404(listings.organisations().select_related("country"), slug=slug)
    return list_response(
        request,
        "people/organisation_detail.html",
        listings.citing_organisation(obj),
        organisation=obj,
        feed=("people:organisation", obj.slug),
    )


@require_safe
@public_page("source:{slug}")
def source(request, slug):
    obj = listings.public_or_404(
        listings.sources().prefetch_related(Prefetch("affiliations", queryset=listings.public_affiliations())),
        slug=slug,
    )
    return list_response(
        request,
        "people/source_detail.html",
        listings.quoting_source(obj),
        source=obj,
        feed=("people:source", obj.slug),
    )


@require_safe
@public_page("archive")
def archive(request):
    months = (
        Article.objects.live()
        .annotate(month=TruncMonth("publish_at"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("-month")
    )
    return render(request, "articles/archive.html", {"months": months})


@require_safe
@public_page("archive")
def archive_month(request, year, month):
    if not 1 <= month <= 12:
        raise Http404
    articles = listings.live_articles().filter(publish_at__year=year, publish_at__month=month)
    page = paginate(request, articles)
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
        page.object_list = search.page_articles(listings.live_articles(), page.object_list, query)
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
