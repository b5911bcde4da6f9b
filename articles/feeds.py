"""RSS 2.0 and Atom feeds: site-wide and one per public list.

Authors are the bylines' public names only (pseudonyms and withheld labels as
printed), never a real name, user name or e-mail address. A translation's translators are
credited apart from its authors (``versions.credits``): RSS ``dc:contributor``, Atom ``contributor``.

Every feed is valid XML whatever is stored, and carries plain text as text: the generators
below strip characters XML cannot hold from every value (rows written by the shell or
``update()`` skip validation), send the standfirst as Atom ``summary type="text"``, and
HTML-escape it in RSS ``description`` (which readers treat as HTML), so a ``<script>``
typed into a standfirst reads as those characters in a feed reader.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext

from articles import listings, versions
from safetext.validators import strip_control_characters

ITEMS = 30


def _xml_safe(value):
    if isinstance(value, str):
        return strip_control_characters(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_xml_safe(v) for v in value)
    return value


class XMLSafeFeed:
    """Mixed into a feed generator: every string (and list of strings) it is given loses what XML cannot carry."""

    def __init__(self, *args, **kwargs):
        super().__init__(*map(_xml_safe, args), **{key: _xml_safe(value) for key, value in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*map(_xml_safe, args), **{key: _xml_safe(value) for key, value in kwargs.items()})


DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"


class PlainTextRssFeed(XMLSafeFeed, Rss201rev2Feed):
    """RSS 2.0 whose ``description`` is plain text: escaped once more, since readers render it as HTML."""

    def add_item_elements(self, handler, item):
        if item["description"] is not None:
            item = {**item, "description": escape(item["description"])}
        super().add_item_elements(handler, item)
        for name in item.get("translators", ()):
            handler.addQuickElement("dc:contributor", name, {"xmlns:dc": DUBLIN_CORE})


class PlainTextAtomFeed(XMLSafeFeed, Atom1Feed):
    """Atom whose ``summary`` is declared ``type="text"`` (Django declares it HTML), and whose entries
    carry their story's language (``xml:lang``), so a reader lays an Arabic story out right to left."""

    def item_attributes(self, item):
        return {"xml:lang": item["language"]} if item.get("language") else {}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})
        for name in item.get("translators", ()):
            handler.startElement("contributor", {})
            handler.addQuickElement("name", name)
            handler.endElement("contributor")


def absolute(path):
    """Links in feeds use the site's canonical address, whatever host the request came in on."""
    return f"{settings.NEWSROOM_BASE_URL}{path}"


class LatestFeed(Feed):
    """The latest live stories, site-wide."""

    feed_type = PlainTextRssFeed

    def link(self, obj=None):
        return absolute(reverse("articles:home"))

    def title(self, obj=None):
        return gettext("%(site)s: latest stories") % {"site": settings.NEWSROOM_SITE_NAME}

    def description(self, obj=None):
        return gettext("The latest reporting from %(site)s.") % {"site": settings.NEWSROOM_SITE_NAME}

    def get_queryset(self, obj):
        return listings.live_articles()

    def items(self, obj=None):
        return self.get_queryset(obj).prefetch_related("tags")[:ITEMS]

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        return item.standfirst

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.public_updated_at or item.publish_at

    def item_author_name(self, item):
        authors, _ = versions.credits(item.bylines.all())
        return ", ".join(byline.correspondent.public_name for byline in authors) or None

    def item_extra_kwargs(self, item):
        _, translators = versions.credits(item.bylines.all())
        return {"translators": [byline.correspondent.public_name for byline in translators], "language": item.language}

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

    def item_link(self, item):
        return absolute(item.get_absolute_url())


class SubjectFeed(LatestFeed):
    """A feed for one kind of public subject (``listings.SUBJECTS``): the same subject, rule and stories as its page."""

    subject = None  # set by ``subject_feed``

    def get_object(self, request, slug):
        return self.subject.get(slug)

    def title(self, obj):
        return f"{settings.NEWSROOM_SITE_NAME}: {self.subject.title(obj)}"

    def description(self, obj):
        return gettext("The latest stories from %(site)s: %(subject)s.") % {
            "site": settings.NEWSROOM_SITE_NAME,
            "subject": self.subject.title(obj),
        }

    def link(self, obj):
        return absolute(self.subject.url(obj.slug))

    def get_queryset(self, obj):
        return self.subject.articles(obj)


def atom(feed):
    """The Atom twin of an RSS feed class."""
    return type(feed.__name__.replace("Feed", "AtomFeed"), (feed,), {"feed_type": PlainTextAtomFeed})


def subject_feed(subject, kind):
    """The RSS (``kind="rss"``) or Atom feed class of a subject."""
    rss = type(f"{subject.name.title()}Feed", (SubjectFeed,), {"subject": subject})
    return rss if kind == "rss" else atom(rss)


LatestAtomFeed = atom(LatestFeed)
