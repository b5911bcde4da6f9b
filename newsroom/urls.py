"""Newsroom URLs: the admin (the editorial desk) and the public site.

The public site's pages and feeds are under ``i18n_patterns``: English at ``/…``, Russian at
``/ru/…``, Arabic at ``/ar/…`` (``settings.LANGUAGES``, docs/i18n.md). The desk, the API, the
health checks, robots.txt, the sitemaps (for crawlers; they list each story once) and shared
previews keep one address each.
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy
from django.views.i18n import JavaScriptCatalog

from api.urls import feed_patterns
from articles import previews
from articles import views as public_views
from articles.caching import public_page
from articles.sitemaps import NEWS_SITEMAPS, SITEMAPS, sitemap_index
from articles.urls import people_patterns

admin.site.site_header = format_lazy(gettext_lazy("{site} desk"), site=settings.NEWSROOM_SITE_NAME)
admin.site.site_title = admin.site.site_header
admin.site.index_title = gettext_lazy("The editorial desk")

handler404 = "articles.views.page_not_found"
handler500 = "health.views.server_error"

urlpatterns = [
    path("admin/account/", include("accounts.urls")),
    path("admin/insights/", include("insights.urls")),
    path("api/", include("api.urls")),
    # The desk scripts' words (the djangojs catalogue), in the desk's language; loaded by admin/base_site.html.
    path("admin/jsi18n/desk/", JavaScriptCatalog.as_view(), name="desk-jsi18n"),
    path("admin/", admin.site.urls),
    path("", include("health.urls")),
    path("robots.txt", public_views.robots, name="robots"),
    path(
        "sitemap.xml",
        public_page("sitemaps")(sitemap_index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<str:section>.xml",
        public_page("sitemaps")(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path(
        "news-sitemap.xml",
        public_page("sitemaps")(sitemap),
        {"sitemaps": NEWS_SITEMAPS, "template_name": "sitemaps/news.xml"},
        name="news-sitemap",
    ),
    path("preview/<int:article_id>/<str:token>/", previews.shared_preview, name="shared-preview"),
]

urlpatterns += i18n_patterns(
    path("", include(people_patterns)),
    path("", include(feed_patterns)),
    path("", include("insights.public_urls")),
    path("", include("articles.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
