"""Public pages for correspondents, organisations and named sources.

Each page exists only while a live article shows its subject, so a draft never
reveals who it names through a guessed address.
"""

from django.db.models import Prefetch
from django.views.decorators.http import require_safe

from articles import listings
from articles.caching import public_page
from articles.views import list_response
from people.models import Affiliation


@require_safe
@public_page
def correspondent(request, slug):
    obj = listings.public_or_404(listings.correspondents(), slug=slug)
    return list_response(
        request,
        "people/correspondent_detail.html",
        listings.by_correspondent(obj),
        correspondent=obj,
        feed=("people:correspondent", obj.slug),
    )


@require_safe
@public_page
def organisation(request, slug):
    obj = listings.public_or_404(listings.organisations().select_related("country"), slug=slug)
    return list_response(
        request,
        "people/organisation_detail.html",
        listings.citing_organisation(obj),
        organisation=obj,
        feed=("people:organisation", obj.slug),
    )


@require_safe
@public_page
def source(request, slug):
    obj = listings.public_or_404(
        listings.sources().prefetch_related(
            Prefetch("affiliations", queryset=Affiliation.objects.select_related("organisation"))
        ),
        slug=slug,
    )
    return list_response(
        request,
        "people/source_detail.html",
        listings.quoting_source(obj),
        source=obj,
        feed=("people:source", obj.slug),
    )
