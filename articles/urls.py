from django.urls import path

from articles import feeds, views
from articles.caching import public_page

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("feeds/rss/", public_page(feeds.LatestFeed()), name="rss"),
    path("feeds/atom/", public_page(feeds.LatestAtomFeed()), name="atom"),
    path("search/", views.search_page, name="search"),
    path("archive/", views.archive, name="archive"),
    path("archive/<int:year>/<int:month>/", views.archive_month, name="archive-month"),
    path("regions/<str:slug>/", views.region, name="region"),
    path("regions/<str:slug>/rss/", public_page(feeds.RegionFeed()), name="region-rss"),
    path("regions/<str:slug>/atom/", public_page(feeds.RegionAtomFeed()), name="region-atom"),
    path("countries/<str:slug>/", views.country, name="country"),
    path("countries/<str:slug>/rss/", public_page(feeds.CountryFeed()), name="country-rss"),
    path("countries/<str:slug>/atom/", public_page(feeds.CountryAtomFeed()), name="country-atom"),
    path("programmes/<str:slug>/", views.programme, name="programme"),
    path("programmes/<str:slug>/rss/", public_page(feeds.ProgrammeFeed()), name="programme-rss"),
    path("programmes/<str:slug>/atom/", public_page(feeds.ProgrammeAtomFeed()), name="programme-atom"),
    path("topics/<str:slug>/", views.topic, name="topic"),
    path("topics/<str:slug>/rss/", public_page(feeds.TopicFeed()), name="topic-rss"),
    path("topics/<str:slug>/atom/", public_page(feeds.TopicAtomFeed()), name="topic-atom"),
    path("<str:slug>/", views.detail, name="detail"),
]

#: The pages of the people and organisations stories name. They list articles, so they are
#: served from here, but keep the ``people:`` names their models' ``get_absolute_url`` use.
people_patterns = (
    [
        path("correspondents/<str:slug>/", views.correspondent, name="correspondent"),
        path("correspondents/<str:slug>/rss/", public_page(feeds.CorrespondentFeed()), name="correspondent-rss"),
        path("correspondents/<str:slug>/atom/", public_page(feeds.CorrespondentAtomFeed()), name="correspondent-atom"),
        path("organisations/<str:slug>/", views.organisation, name="organisation"),
        path("organisations/<str:slug>/rss/", public_page(feeds.OrganisationFeed()), name="organisation-rss"),
        path("organisations/<str:slug>/atom/", public_page(feeds.OrganisationAtomFeed()), name="organisation-atom"),
        path("sources/<str:slug>/", views.source, name="source"),
        path("sources/<str:slug>/rss/", public_page(feeds.SourceFeed()), name="source-rss"),
        path("sources/<str:slug>/atom/", public_page(feeds.SourceAtomFeed()), name="source-atom"),
    ],
    "people",
)
