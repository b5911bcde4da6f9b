"""``sitemap.xml`` (live articles and list pages) and a Google News sitemap (the last 48 hours)."""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone

from articles import listings
from articles.models import Article, Country, Programme, Region

NEWS_WINDOW = timedelta(hours=48)


class CanonicalSitemap(Sitemap):
    """Locations use ``NEWSROOM_BASE_URL``, not whichever host the request came in on."""

    limit = 5000

    def get_domain(self, site=None):
        return urlsplit(settings.NEWSROOM_BASE_URL).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(settings.NEWSROOM_BASE_URL).scheme


class ArticleSitemap(CanonicalSitemap):
    def items(self):
        return Article.objects.live().only("slug", "publish_at", "public_updated_at").order_by("-publish_at", "pk")

    def lastmod(self, item):
        return item.public_updated_at or item.publish_at


class ListSitemap(CanonicalSitemap):
    """Home, archive, and every list page that has something public to show."""

    def items(self):
        paths = [reverse("articles:home"), reverse("articles:archive")]
        for model, name in ((Region, "region"), (Country, "country"), (Programme, "programme")):
            paths += [reverse(f"articles:{name}", args=[slug]) for slug in model.objects.values_list("slug", flat=True)]
        paths += [reverse("articles:topic", args=[slug]) for slug in listings.topics().values_list("slug", flat=True)]
        for queryset, name in (
            (listings.correspondents(), "people:correspondent"),
            (listings.organisations(), "people:organisation"),
            (listings.sources(), "people:source"),
        ):
            paths += [reverse(name, args=[slug]) for slug in queryset.values_list("slug", flat=True)]
        months = Article.objects.live().annotate(month=TruncMonth("publish_at")).values_list("month", flat=True)
        paths += [reverse("articles:archive-month", args=[month.year, month.month]) for month in sorted(set(months))]
        return paths

    def location(self, item):
        return item


class NewsSitemap(CanonicalSitemap):
    """Articles published in the last 48 hours, with the Google News fields."""

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return Article.objects.live().filter(publish_at__gte=since).only("slug", "headline", "language", "publish_at")

    def lastmod(self, item):
        return item.publish_at


SITEMAPS = {"articles": ArticleSitemap, "lists": ListSitemap}
NEWS_SITEMAPS = {"news": NewsSitemap}
