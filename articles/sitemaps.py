"""``sitemap.xml`` is an index of bounded sitemaps; ``news-sitemap.xml`` lists the last 48 hours.

The index (``django.contrib.sitemaps.views.index``) points to one article sitemap per month
(``sitemap-articles-2024-05.xml``), one per public subject (``sitemap-countries.xml``, made from
``listings.SUBJECTS``) and one of the other pages (home, archive, archive months). Each holds at
most ``CanonicalSitemap.limit`` addresses (50,000, what search engines read) and pages with
``?p=`` past that, every page listed in the index, so every live article is in exactly one
reachable sitemap. A month sitemap reads only its month; the index learns every month and its
size from one GROUP BY over the live index (``listings.months``), and a subject sitemap's pages
are primary-key ranges (``KeyRanges``), so no section is counted or read to draw the index.
"""

from collections.abc import Mapping
from dataclasses import replace
from datetime import timedelta
from functools import cached_property
from types import SimpleNamespace
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import index
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from articles import listings, versions
from articles.models import Article

NEWS_WINDOW = timedelta(hours=48)


class CanonicalSitemap(Sitemap):
    """Locations use ``NEWSROOM_BASE_URL``, not whichever host the request came in on."""

    limit = 50_000

    def get_domain(self, site=None):
        return urlsplit(settings.NEWSROOM_BASE_URL).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(settings.NEWSROOM_BASE_URL).scheme

    def get_latest_lastmod(self):
        # Django's default reads every item of the section; the index would read the whole archive.
        return None


class SizedSitemap(CanonicalSitemap):
    """A section whose size the index already knows (from its GROUP BY): it is neither counted nor built again."""

    def __init__(self, count=None):
        self.count = count

    @property
    def paginator(self):
        if self.count is not None:  # drawing the index: only the number of pages is asked for
            return SimpleNamespace(num_pages=max(1, -(-self.count // self.limit)))
        return Paginator(self._items(), self.limit)


class MonthSitemap(SizedSitemap):
    """The live articles published in one calendar month, oldest first, each with its story's live versions.

    An article in several languages carries an ``xhtml:link rel="alternate"`` for every live version of
    its story, itself included, and ``x-default`` for the original (``articles.versions``): one query
    per sitemap page, whatever it holds.
    """

    def __init__(self, year, month, count=None):
        super().__init__(count)
        self.year, self.month = year, month

    def items(self):
        start, end = listings.month_bounds(self.year, self.month)
        return (
            Article.objects.live()
            .filter(publish_at__gte=start, publish_at__lt=end)
            .only("slug", "language", "publish_at", "public_updated_at", "translation_of")
            .order_by("publish_at", "pk")
        )

    def location(self, item):
        return item.get_canonical_url()

    def lastmod(self, item):
        return item.public_updated_at or item.publish_at

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page, site, protocol)
        start = (int(page) - 1) * self.limit  # a valid number: the page was just read
        groups = versions.live_versions_of([url["item"] for url in urls], self._items()[start : start + self.limit])
        base = f"{self.get_protocol()}://{self.get_domain()}"
        for url in urls:
            url["alternates"] = [
                {"lang_code": hreflang, "location": f"{base}{path}"}
                for hreflang, path in versions.alternates(groups[url["item"].pk])
            ]
        return urls


class KeyRanges:
    """Pages of subjects by primary-key range: page ``p`` holds those with ``(p - 1) * limit < pk <= p * limit``.

    A page holds at most ``limit`` subjects and nobody counts the public ones (an ``EXISTS`` per
    organisation or source): the number of pages comes from the largest key (one index probe).
    A page may hold fewer, or none, when keys are spent on subjects that are not public.
    """

    def __init__(self, queryset, limit):
        self.queryset, self.limit = queryset, limit

    @cached_property
    def num_pages(self):
        top = self.queryset.model.objects.aggregate(top=Max("pk"))["top"] or 0
        return max(1, -(-top // self.limit))

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(number) from None
        if not 1 <= number <= self.num_pages:
            raise EmptyPage(number)
        low = (number - 1) * self.limit
        return SimpleNamespace(object_list=self.queryset.filter(pk__gt=low, pk__lte=low + self.limit))


class SubjectSitemap(CanonicalSitemap):
    """Every public subject of one kind (``listings.Subject.public``: the rule its page uses)."""

    def __init__(self, subject):
        self.subject = subject

    def items(self):
        return self.subject.public().order_by("pk").values_list("slug", flat=True)

    @property
    def paginator(self):
        return KeyRanges(self.items(), self.limit)

    def location(self, item):
        return self.subject.url(item)


class PageSitemap(SizedSitemap):
    """Home, the archive and its month pages."""

    def __init__(self, months=None):
        self.months = months
        super().__init__(None if months is None else len(months) + 2)

    def items(self):
        months = listings.months() if self.months is None else self.months
        paths = [reverse("articles:home"), reverse("articles:archive")]
        paths += [reverse("articles:archive-month", args=[month.year, month.month]) for month, _ in months]
        return paths

    def location(self, item):
        return item


class Sections(Mapping):
    """The sitemap sections, found lazily: a section's own sitemap reads only itself, the index reads the months."""

    MONTH_PREFIX = "articles-"

    def __getitem__(self, section):
        if section == "pages":
            return PageSitemap()
        for subject in listings.SUBJECTS:
            if section == subject.prefix:
                return SubjectSitemap(subject)
        if section.startswith(self.MONTH_PREFIX):
            try:
                year, month = map(int, section.removeprefix(self.MONTH_PREFIX).split("-"))
            except ValueError:
                raise KeyError(section) from None
            if 1 <= year <= 9998 and 1 <= month <= 12 and section == month_section(year, month):
                return MonthSitemap(year, month)
        raise KeyError(section)

    def _all(self):
        months = listings.months()
        sections = {"pages": PageSitemap(months)}
        sections |= {subject.prefix: SubjectSitemap(subject) for subject in listings.SUBJECTS}
        sections |= {
            month_section(month.year, month.month): MonthSitemap(month.year, month.month, count)
            for month, count in months
        }
        return sections

    def __iter__(self):
        return iter(self._all())

    def __len__(self):
        return len(self._all())

    def items(self):
        return self._all().items()

    # Mapping compares contents; ``reverse()`` compares a URL's defaults, which must not query.
    __eq__ = object.__eq__
    __hash__ = object.__hash__


def month_section(year, month):
    return f"{Sections.MONTH_PREFIX}{year:04d}-{month:02d}"


SITEMAPS = Sections()


def sitemap_index(request, sitemaps, **kwargs):
    """Django's sitemap index, its locations on ``NEWSROOM_BASE_URL`` as the sitemaps' own are."""
    response = index(request, sitemaps, **kwargs)
    here = f"{request.scheme}://{request.get_host()}"
    response.context_data["sitemaps"] = [
        replace(item, location=settings.NEWSROOM_BASE_URL + item.location.removeprefix(here))
        for item in response.context_data["sitemaps"]
    ]
    return response


class NewsSitemap(CanonicalSitemap):
    """Articles published in the last 48 hours, with the Google News fields."""

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return Article.objects.live().filter(publish_at__gte=since).only("slug", "headline", "language", "publish_at")

    def location(self, item):
        return item.get_canonical_url()

    def lastmod(self, item):
        return item.publish_at


NEWS_SITEMAPS = {"news": NewsSitemap}
