from django.urls import path

from articles import feeds, views
from articles.caching import public_page

app_name = "articles"


def subject_feed(subject, feed_class):
    """A subject's feed, cached under the subject's tag like its page."""
    return public_page(f"{subject}:{{slug}}")(feed_class())


urlpatterns = [
    path("", views.home, name="home"),
    path("feeds/rss/", public_page("feeds")(feeds.LatestFeed()), name="rss"),
    path("feeds/atom/", public_page("feeds")(feeds.LatestAtomFeed()), name="atom"),
    path("search/", views.search_page, name="search"),
    path("archive/", views.archive, name="archive"),
    path("archive/<int:year>/<int:month>/", views.archive_month, name="archive-month"),
    path("regions/<str:slug>/", views.region, name="region"),
    path("regions/<str:slug>/rss/", subject_feed("region", feeds.RegionFeed), name="region-rss"),
    path("regions/<str:slug>/atom/", subject_feed("region", feeds.RegionAtomFeed), name="region-atom"),
    path("countries/<str:slug>/", views.country, name="country"),
    path("countries/<str:slug>/rss/", subject_feed("country", feeds.CountryFeed), name="country-rss"),
    path("countries/<str:slug>/atom/", subject_feed("country", feeds.CountryAtomFeed), name="country-atom"),
    path("programmes/<str:slug>/", views.programme, name="programme"),
    path("programmes/<str:slug>/rss/", subject_feed("programme", feeds.ProgrammeFeed), name="programme-rss"),
    path("programmes/<str:slug>/atom/", subject_feed("programme", feeds.ProgrammeAtomFeed), name="programme-atom"),
    path("topics/<str:slug>/", views.topic, name="topic"),
    path("topics/<str:slug>/rss/", subject_feed("topic", feeds.TopicFeed), name="topic-rss"),
    path("topics/<str:slug>/atom/", subject_feed("topic", feeds.TopicAtomFeed), name="topic-atom"),
    path("<str:slug>/", views.detail, name="detail"),
]

#: The pages of the people and organisations stories name. They list articles, so they are
#: served from here, but keep the ``people:`` names their models' ``get_absolute_url`` use.
people_patterns = (
    [
        path("correspondents/<str:slug>/", views.correspondent, name="correspondent"),
        path(
            "correspondents/<str:slug>/rss/",
            subject_feed("correspondent", feeds.CorrespondentFeed),
            name="correspondent-rss",
        ),
        path(
            "correspondents/<str:slug>/atom/",
            subject_feed("correspondent", feeds.CorrespondentAtomFeed),
            name="correspondent-atom",
        ),
        path("organisations/<str:slug>/", views.organisation, name="organisation"),
        path(
            "organisations/<str:slug>/rss/",
            subject_feed("organisation", feeds.OrganisationFeed),
            name="organisation-rss",
        ),
        path(
            "organisations/<str:slug>/atom/",
            subject_feed("organisation", feeds.OrganisationAtomFeed),
            name="organisation-atom",
        ),
        path("sources/<str:slug>/", views.source, name="source"),
        path("sources/<str:slug>/rss/", subject_feed("source", feeds.SourceFeed), name="source-rss"),
        path("sources/<str:slug>/atom/", subject_feed("source", feeds.SourceAtomFeed), name="source-atom"),
    ],
    "people",
)
