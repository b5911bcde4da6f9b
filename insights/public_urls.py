"""Public addresses of the insights app: the editorial policies and the corrections list.

Every address has two segments under ``/about/``, so no article slug (one segment) can take it.
"""

from django.urls import path

from insights import public_views

app_name = "policies"

urlpatterns = [
    path("about/principles/", public_views.policy_page, {"kind": "principles"}, name="principles"),
    path("about/unnamed-sources/", public_views.policy_page, {"kind": "unnamed-sources"}, name="unnamed-sources"),
    path("about/corrections/", public_views.corrections, name="corrections"),
]
