"""JSON Feed 1.1 of the latest live stories, beside the RSS and Atom feeds.

The same stories, in the same order and with the same words, as ``/feeds/rss/``: the live
articles of ``articles.listings``, authors by public name only, the standfirst as plain text.
Cached like the other feeds, under the ``feeds`` tag (``articles.caching``).
"""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_safe

from articles import listings, versions
from articles.caching import public_page
from articles.templatetags.newsroom import absolute

VERSION = "https://jsonfeed.org/version/1.1"
CONTENT_TYPE = "application/feed+json; charset=utf-8"
ITEMS = 30


def _person(line):
    return {"name": line.correspondent.public_name, "url": absolute(line.correspondent.get_absolute_url())}


def item(article):
    """A feed item. Translators are not authors: they go in the ``_newsroom`` extension's ``translators``."""
    url = absolute(article.get_absolute_url())
    authors, translators = versions.credits(article.bylines.all())
    entry = {
        "id": url,
        "url": url,
        "title": article.headline,
        "content_text": article.standfirst,
        "date_published": article.publish_at,
        "date_modified": article.public_updated_at or article.publish_at,
        "language": article.language,
        "authors": [_person(line) for line in authors],
        "tags": [tag.name for tag in article.tags.all()],
    }
    if article.standfirst:
        entry["summary"] = article.standfirst
    if translators:
        entry["_newsroom"] = {"translators": [_person(line) for line in translators]}
    return entry


def document(articles):
    return {
        "version": VERSION,
        # The same words as the RSS and Atom feeds, in the interface language of the address.
        "title": gettext("%(site)s: latest stories") % {"site": settings.NEWSROOM_SITE_NAME},
        "home_page_url": absolute(reverse("articles:home")),
        "feed_url": absolute(reverse("api-feeds:json")),
        "description": gettext("The latest reporting from %(site)s.") % {"site": settings.NEWSROOM_SITE_NAME},
        "language": get_language(),
        "items": [item(article) for article in articles],
    }


@require_safe
@public_page("feeds")
def latest(request):
    articles = listings.live_articles().prefetch_related("tags")[:ITEMS]
    body = json.dumps(document(articles), cls=DjangoJSONEncoder, ensure_ascii=False)
    return HttpResponse(body, content_type=CONTENT_TYPE)
