"""Public views. Every lookup starts from ``Article.objects.live()``."""

from django.http import HttpResponse, HttpResponseGone
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from articles.models import Article, Country, Programme, Region, SlugRedirect


def live_articles():
    return (
        Article.objects.live()
        .select_related("programme", "lead_image")
        .prefetch_related("bylines__correspondent", "countries")
    )


def article_response(request, article, *, preview=False):
    """Render an article exactly as the public sees it (also used by the admin preview)."""
    context = {
        "article": article,
        "bylines": article.bylines.select_related("correspondent"),
        "citations": article.citations.select_related("source", "organisation"),
        "corrections": article.corrections.all(),
        "preview": preview,
    }
    response = render(request, "articles/article_detail.html", context)
    if preview:
        response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def home(request):
    return render(request, "articles/home.html", {"articles": live_articles()[:20]})


@require_GET
def detail(request, slug):
    article = Article.objects.live().filter(slug=slug).first()
    if article is not None:
        return article_response(request, article)
    if Article.objects.filter(slug=slug, status=Article.Status.WITHDRAWN).exists():
        return HttpResponseGone(render(request, "410.html").content)
    moved = SlugRedirect.objects.filter(old_slug=slug).select_related("article").first()
    if moved and moved.article.is_live():
        return redirect(moved.article, permanent=True)
    return get_object_or_404(Article.objects.none())


def _list(request, heading, articles):
    return render(request, "articles/article_list.html", {"heading": heading, "articles": articles[:50]})


@require_GET
def region(request, slug):
    obj = get_object_or_404(Region, slug=slug)
    return _list(request, obj.name, live_articles().filter(countries__region=obj).distinct())


@require_GET
def country(request, slug):
    obj = get_object_or_404(Country, slug=slug)
    return _list(request, obj.name, live_articles().filter(countries=obj))


@require_GET
def programme(request, slug):
    obj = get_object_or_404(Programme, slug=slug)
    return _list(request, obj.name, live_articles().filter(programme=obj))


def health(request):
    return HttpResponse("ok", content_type="text/plain")
