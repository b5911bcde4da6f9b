"""Public pages for correspondents, organisations and named sources."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from articles.views import live_articles
from people.models import Correspondent, Organisation, Source


@require_GET
def correspondent(request, slug):
    obj = get_object_or_404(Correspondent, slug=slug)
    articles = live_articles().filter(bylines__correspondent=obj)
    return render(request, "articles/article_list.html", {"heading": obj.public_name, "articles": articles[:50]})


@require_GET
def organisation(request, slug):
    obj = get_object_or_404(Organisation, slug=slug)
    articles = live_articles().filter(citations__organisation=obj).distinct()
    return render(request, "articles/article_list.html", {"heading": obj.name, "articles": articles[:50]})


@require_GET
def source(request, slug):
    obj = get_object_or_404(Source.objects.public(), slug=slug)
    articles = live_articles().filter(citations__source=obj, citations__is_anonymous=False).distinct()
    return render(request, "articles/article_list.html", {"heading": obj.name, "articles": articles[:50]})
