"""The product's URLs plus ``/bench-floor/``: a trivial view returning 30 KB, the framework's floor."""

from django.http import HttpResponse
from django.urls import path

from newsroom.urls import urlpatterns as product_urlpatterns

FLOOR_BODY = ("<p>" + "x" * 96 + "</p>\n") * 300  # 30,300 bytes, about an article page's HTML


def floor(request):
    return HttpResponse(FLOOR_BODY)


urlpatterns = [path("bench-floor/", floor), *product_urlpatterns]
