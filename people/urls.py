from django.urls import path

from articles import feeds
from articles.caching import public_page
from people import views

app_name = "people"

urlpatterns = [
    path("correspondents/<str:slug>/", views.correspondent, name="correspondent"),
    path("correspondents/<str:slug>/rss/", public_page(feeds.CorrespondentFeed()), name="correspondent-rss"),
    path("correspondents/<str:slug>/atom/", public_page(feeds.CorrespondentAtomFeed()), name="correspondent-atom"),
    path("organisations/<str:slug>/", views.organisation, name="organisation"),
    path("organisations/<str:slug>/rss/", public_page(feeds.OrganisationFeed()), name="organisation-rss"),
    path("organisations/<str:slug>/atom/", public_page(feeds.OrganisationAtomFeed()), name="organisation-atom"),
    path("sources/<str:slug>/", views.source, name="source"),
    path("sources/<str:slug>/rss/", public_page(feeds.SourceFeed()), name="source-rss"),
    path("sources/<str:slug>/atom/", public_page(feeds.SourceAtomFeed()), name="source-atom"),
]
