"""The partner API, versioned under ``/api/v1/``; and the JSON Feed, served beside RSS and Atom."""

from django.urls import path

from api import feeds
from api.v1 import api as v1

app_name = "api"

urlpatterns = [
    path("v1/", v1.urls),
]

#: Mounted at the site root by ``newsroom/urls.py``: the JSON Feed lives with the other feeds.
feed_patterns = (
    [path("feeds/json/", feeds.latest, name="json")],
    "api-feeds",
)
