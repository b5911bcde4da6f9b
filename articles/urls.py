from django.urls import path

from articles import feeds, views
from articles.caching import public_page
from articles.listings import SUBJECTS

app_name = "articles"


def subject_patterns(namespace):
    """Page, RSS and Atom addresses of every public subject in ``namespace``, made from ``listings.SUBJECTS``.

    Each feed is cached under the subject's tag, like its page.
    """
    patterns = []
    for subject in SUBJECTS:
        if subject.namespace != namespace:
            continue
        tagged = public_page(subject.tag("{slug}"))
        patterns += [
            path(f"{subject.prefix}/<str:slug>/", views.subject_page(subject), name=subject.name),
            path(
                f"{subject.prefix}/<str:slug>/rss/",
                tagged(feeds.subject_feed(subject, "rss")()),
                name=f"{subject.name}-rss",
            ),
            path(
                f"{subject.prefix}/<str:slug>/atom/",
                tagged(feeds.subject_feed(subject, "atom")()),
                name=f"{subject.name}-atom",
            ),
        ]
    return patterns


urlpatterns = [
    path("", views.home, name="home"),
    path("feeds/rss/", public_page("feeds")(feeds.LatestFeed()), name="rss"),
    path("feeds/atom/", public_page("feeds")(feeds.LatestAtomFeed()), name="atom"),
    path("search/", views.search_page, name="search"),
    path("archive/", views.archive, name="archive"),
    path("archive/<int:year>/<int:month>/", views.archive_month, name="archive-month"),
    *subject_patterns("articles"),
    path("<str:slug>/", views.detail, name="detail"),
]

#: The pages of the people and organisations stories name. They list articles, so they are
#: served from here, but keep the ``people:`` names their models' ``get_absolute_url`` use.
people_patterns = (subject_patterns("people"), "people")
