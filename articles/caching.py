"""A public page stays cached until something it shows changes; nothing else makes it stale.

The rule. Every cached page carries *tags* naming what it shows: ``site`` (all of them),
``article:<pk>`` for an article page, ``country:<slug>`` (and region, programme, topic,
correspondent, organisation, source) for a list and its feeds, and ``home``, ``feeds``,
``sitemaps``, ``archive``, ``search`` for the surfaces that list every live story. A change bumps
the version of exactly the tags whose pages show it:

- a live article (or its byline, citation, correction, topic, country, lead image or rendition)
  changes, or an article goes live or stops being live: its own page, the pages of its story's
  other versions (``story:<original pk>``, which link it), every list it is in (as it was before
  the change and after it), and the lists of everything;
- a rename of a shared name a live story shows (a correspondent, organisation or source on a
  live story, a topic in use, any region, country or programme): ``site``, since every list shows
  those names. They are rare, deliberate edits, not the desk's daily saves;
- anything no public page shows changes nothing: a draft, a submission, an approval, a
  scheduled story before its time, an image or a person no live story uses, a revision, a
  workflow event, a notification, an audit entry.

A scheduled story goes live without a save: the time of the next one is kept beside the
versions, and the first request after it bumps what shows that story.

Each bump happens at once and again after the commit (a page rendered between the change and
its commit saw the old rows), and the commit hands the changed URLs and tags to the CDN purge
hook (``articles.cdn``). Pages are served by ``PublicPageCacheMiddleware`` near the top of the
stack for readers without a session cookie, before session, auth, CSRF and messages run; a
stored page already carries the headers the rest of the stack added (CSP, X-Frame-Options),
and the middlewares above it add theirs (HSTS, Referrer-Policy) on every answer.

One cache round trip per hit: tag versions are remembered in-process for ``MEMO_SECONDS``
(so another app server sees a bump within a second), the page entry is the one ``get``.
While one request re-renders a stale page, others get the previous copy (``STALE_SECONDS``
at most) instead of piling onto the database. Serving from the cache never writes to the
database. Every cache access goes through the ``_cache_*`` helpers below.
"""

import hashlib
import threading
import time
from datetime import UTC
from functools import wraps
from urllib.parse import quote

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

#: Surfaces that list every live story: any change to a live story changes them.
EVERYTHING = ("home", "feeds", "sitemaps", "archive", "search")
SITE = "site"
#: How long a stored page may sit in the server cache; versions make it stale sooner.
PAGE_TIMEOUT = 24 * 60 * 60
#: How long this process trusts tag versions it has read (another server's bump shows after this).
MEMO_SECONDS = 1.0
#: How long others get the previous copy while one request re-renders a stale page.
STALE_SECONDS = 5
#: What a CDN and a browser may do with an anonymous public page. A copy fetched just before a
#: withdrawal lives at most S_MAXAGE + max(STALE_WHILE_REVALIDATE, STALE_IF_ERROR) + MEMO_SECONDS
#: (51 s) without a purge; see docs/deployment.md.
S_MAXAGE = 30
STALE_WHILE_REVALIDATE = 20
STALE_IF_ERROR = 20
DUE = "due"  # pseudo-tag: the time the next scheduled story goes live
CHANGED = "changed"  # pseudo-tag: when the last public change happened (for replica lag)
NO_DUE = "none"

_memo = {}
_memo_lock = threading.Lock()


# --- The only places that touch the cache -----------------------------------


def _cache_get(key):
    return cache.get(key)


def _cache_get_many(keys):
    return cache.get_many(keys)


def _cache_set(key, value, timeout):
    cache.set(key, value, timeout)


def _cache_set_many(values, timeout):
    cache.set_many(values, timeout)


def _cache_add(key, value, timeout):
    return cache.add(key, value, timeout)


def _cache_delete(key):
    cache.delete(key)


# --- Versions ---------------------------------------------------------------


def _version_key(tag):
    return f"newsroom:tag:{tag}"


def forget_versions():
    """Drop this process's memo of tag versions (tests, and after the cache was emptied)."""
    with _memo_lock:
        _memo.clear()


def current_versions(tags):
    """The version of each tag: from the in-process memo when fresh, else in one ``get_many``."""
    now = time.monotonic()
    versions, unknown = {}, []
    for tag in tags:
        remembered = _memo.get(tag)
        if remembered is not None and now - remembered[1] < MEMO_SECONDS:
            versions[tag] = remembered[0]
        else:
            unknown.append(tag)
    if unknown:
        found = _cache_get_many([_version_key(tag) for tag in unknown])
        with _memo_lock:
            for tag in unknown:
                versions[tag] = found.get(_version_key(tag))
                _memo[tag] = (versions[tag], now)
    return versions


def _bump(tags):
    now = time.monotonic()
    fresh = {tag: f"{time.time_ns():x}.{id(tags):x}" for tag in tags}
    fresh[CHANGED] = time.time()
    _cache_set_many({_version_key(tag): version for tag, version in fresh.items()}, None)
    with _memo_lock:
        for tag, version in fresh.items():
            _memo[tag] = (version, now)


def invalidate(tags, urls=()):
    """Make stale every cached page carrying one of ``tags``, now and after the commit; then purge the CDN."""
    tags, urls = frozenset(tags), tuple(sorted(set(urls)))
    if not tags:
        return
    _bump(tags)

    def committed():
        _bump(tags)
        from articles import cdn
        from articles.languages import in_every_language

        # Every page has an address per interface language (/, /ru/, /ar/); a CDN purging by URL
        # must drop them all, whichever language the change was made in.
        cdn.purge(sorted(in_every_language(urls)), tags)

    transaction.on_commit(committed)


# --- Scheduled stories ------------------------------------------------------


def note_schedule():
    """Remember when the next scheduled story goes live (after a save that may have changed it)."""
    from articles.models import Article

    due = Article.objects.scheduled().order_by("publish_at").values_list("publish_at", flat=True).first()
    value = due.timestamp() if due else NO_DUE
    _cache_set(_version_key(DUE), value, None)
    with _memo_lock:
        _memo[DUE] = (value, time.monotonic())
    return value


def _release_due(due):
    """A scheduled story's time has come: bump what shows every story that went live since ``due``."""
    from datetime import datetime

    from articles.models import Article

    since = datetime.fromtimestamp(due, tz=UTC)
    tags, urls = set(), set()
    for article in Article.objects.live().filter(publish_at__gte=since).select_related("programme"):
        more_tags, more_urls = article_subjects(article)
        tags |= more_tags
        urls |= more_urls
    note_schedule()
    invalidate(tags, urls)


def check_schedule(versions=None):
    """Release what a passed schedule time made live; ``versions`` may already hold the ``DUE`` value."""
    due = (versions or current_versions([DUE]))[DUE]
    if due is None:
        due = note_schedule()
    if due != NO_DUE and due <= timezone.now().timestamp():
        _release_due(due)
        return True
    return False


# --- What shows what --------------------------------------------------------


def _subject(kind, slug):
    """The tag and the URLs (page, RSS, Atom) of a public list, as ``listings.SUBJECTS`` declares them."""
    from articles.listings import SUBJECT

    subject = SUBJECT[kind]
    try:
        urls = {subject.url(slug), subject.url(slug, "rss"), subject.url(slug, "atom")}
    except NoReverseMatch:
        urls = set()
    return subject.tag(slug), urls


def month_sitemap_url(moment):
    """The address of the article sitemap of ``moment``'s month (in the site's time zone)."""
    from articles.sitemaps import month_section

    local = timezone.localtime(moment)
    return reverse("sitemap-section", kwargs={"section": month_section(local.year, local.month)})


def story_tag(article):
    """The tag of a story's translation group: every version's page links the group's live versions."""
    return f"story:{article.translation_of_id or article.pk}"


def article_page_tags(article, countries):
    """What an article page shows: the article, its story's other live versions, and the related stories
    of its countries and programme."""
    tags = {f"article:{article.pk}", story_tag(article), *(f"country:{country.slug}" for country in countries)}
    if article.programme_id:
        tags.add(f"programme:{article.programme.slug}")
    return tags


def article_subjects(article):
    """The tags and URLs of every page that shows ``article`` as the database holds it now."""
    from articles.listings import PUBLIC_CITATIONS

    tags = {f"article:{article.pk}", story_tag(article), *EVERYTHING}
    urls = {
        article.get_absolute_url(),
        reverse("articles:home"),
        reverse("articles:rss"),
        reverse("articles:atom"),
        reverse("sitemap"),
        reverse("news-sitemap"),
    }
    if article.publish_at:
        urls.add(month_sitemap_url(article.publish_at))
    subjects = set()
    if article.programme_id:
        subjects.add(("programme", article.programme.slug))
    for country in article.countries.select_related("region"):
        subjects |= {("country", country.slug), ("region", country.region.slug)}
    subjects.update(("topic", tag.slug) for tag in article.tags.all())
    subjects.update(("correspondent", slug) for slug in article.bylines.values_list("correspondent__slug", flat=True))
    for org_slug, source_slug in PUBLIC_CITATIONS.filter(article=article).values_list(
        "organisation__slug", "source__slug"
    ):
        subjects.update((kind, slug) for kind, slug in (("organisation", org_slug), ("source", source_slug)) if slug)
    for kind, slug in subjects:
        tag, subject_urls = _subject(kind, slug)
        tags.add(tag)
        urls |= subject_urls
    return tags, urls


def live_articles_subjects(article_ids):
    """Tags and URLs of what shows each of the given articles that is live now (nothing for the others)."""
    from articles.models import Article

    tags, urls = set(), set()
    for article in Article.objects.live().filter(pk__in=list(article_ids)).select_related("programme"):
        more_tags, more_urls = article_subjects(article)
        tags |= more_tags
        urls |= more_urls
    return tags, urls


# --- Receivers: what each saved model changes in public ----------------------


def _article_ids(instance):
    """The articles a saved row belongs to (an article, its byline, citation, correction or topic link)."""
    from articles.models import Article

    if isinstance(instance, Article):
        return {instance.pk} if instance.pk else set()
    if hasattr(instance, "article_id"):
        return {instance.article_id}
    # taggit's TaggedItem: the article is its generic object.
    if instance.content_type.model_class() is Article:
        return {instance.object_id}
    return set()


def _image_article_ids(instance):
    from articles.models import Article

    image_id = getattr(instance, "image_id", None) or instance.pk
    return set(Article.objects.live().filter(lead_image_id=image_id).values_list("pk", flat=True))


def _shown_by_live_article(instance):
    """Whether a person, organisation, taxonomy entry or topic appears on some public page."""
    from django.db.models import Q
    from taggit.models import Tag

    from articles.models import Article, Country, Programme, Region
    from people.models import Affiliation, Correspondent, Organisation, Source

    live = Article.objects.live()
    if isinstance(instance, (Region, Country, Programme)):
        return True  # each has a public page, and list items name them
    if isinstance(instance, Correspondent):
        return live.filter(bylines__correspondent=instance).exists()
    if isinstance(instance, Organisation):
        return live.filter(
            Q(citations__organisation=instance) | Q(citations__source__affiliations__organisation=instance)
        ).exists()
    if isinstance(instance, Source):
        return live.filter(citations__source=instance).exists()
    if isinstance(instance, Affiliation):
        return live.filter(citations__source_id=instance.source_id).exists()
    if isinstance(instance, Tag):
        return live.filter(tags=instance).exists()
    return False


def _what_shows(instance):
    """Tags and URLs of the public pages that show ``instance`` as the database holds it now."""
    from images.models import Image, Rendition

    if isinstance(instance, (Image, Rendition)):
        return live_articles_subjects(_image_article_ids(instance))
    kind = type(instance).__name__
    if kind in {"Article", "Byline", "Citation", "Correction", "TaggedItem"}:
        return live_articles_subjects(_article_ids(instance))
    if instance.pk is not None and _shown_by_live_article(instance):
        return {SITE}, {reverse("articles:home")}
    return set(), set()


def before_save(sender, instance, raw=False, **kwargs):
    """pre_save: note what shows the row as it was, so the lists it leaves are refreshed too."""
    if raw or instance._state.adding or instance.pk is None:
        return
    previous = type(instance)._default_manager.filter(pk=instance.pk).first()
    instance._public_before = _what_shows(previous) if previous is not None else (set(), set())


def before_delete(sender, instance, **kwargs):
    """pre_delete: whatever shows the row now must stop showing it."""
    invalidate(*_what_shows(instance))


def after_save(sender, instance, raw=False, **kwargs):
    """post_save: refresh what showed the row before the save and what shows it now; nothing if neither."""
    from articles.models import Article

    if raw:
        return
    before_tags, before_urls = getattr(instance, "_public_before", (set(), set()))
    tags, urls = _what_shows(instance)
    invalidate(before_tags | tags, before_urls | urls)
    if isinstance(instance, Article):
        note_schedule()


def relations_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """An article's countries or topics change: the lists it leaves (pre_) and the lists it joins (post_)."""
    from articles.models import Article

    if isinstance(instance, Article):
        ids = {instance.pk}
    elif pk_set:
        ids = set(pk_set)
    else:  # a country or topic cleared of all its articles from its own side
        invalidate({SITE} if _shown_by_live_article(instance) else set())
        return
    invalidate(*live_articles_subjects(ids))


# --- Serving ----------------------------------------------------------------


def _page_key(request):
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"newsroom:page:{digest}"


def _lock_key(page_key):
    return f"{page_key}:rendering"


def has_session_cookie(request):
    return settings.SESSION_COOKIE_NAME in request.COOKIES


#: Addresses that are never public pages: the desk, the health checks (which must see the live state), and
#: shared previews of unpublished articles (never stored, always read from the primary: a revoked link stops at once).
NOT_PAGES = ("/admin/", "/healthz", "/preview/")


def is_public_read(request):
    """A reader's GET/HEAD without a session, outside the desk: may be served from the cache (and a replica)."""
    return (
        request.method in ("GET", "HEAD") and not has_session_cookie(request) and not request.path.startswith(NOT_PAGES)
    )


def _conditional(request, response, stored_at):
    return get_conditional_response(request, etag=response["ETag"], last_modified=int(stored_at), response=response)


def cached_response(request):
    """The stored page for this anonymous GET/HEAD, if it may be served; ``None`` to render.

    A stale page is served (marked ``no-cache`` so nobody keeps it) only while another request
    is re-rendering it; the request that takes the lock renders, as does one that finds nothing.
    """
    request._page_key = _page_key(request)
    entry = _cache_get(request._page_key)
    wanted = [DUE, *(entry[0] if entry else ())]
    versions = current_versions(wanted)
    try:
        if check_schedule(versions):
            versions = current_versions(wanted)
    except DatabaseError:
        # The database is down: keep serving what is cached; the schedule is checked again next time.
        pass
    if entry is None:
        return None
    stored_versions, stored_at, response = entry
    if all(versions[tag] == version for tag, version in stored_versions.items()):
        response["X-Cache"] = "hit"
        return _conditional(request, response, stored_at)
    if _cache_add(_lock_key(request._page_key), 1, STALE_SECONDS):
        request._page_lock = True
        request._stale_copy = response
        return None
    return _stale(response)


def _stale(response):
    response["X-Cache"] = "stale"
    # Nobody may keep the previous copy: it is only a stop-gap for the next few seconds.
    response["Cache-Control"] = "no-cache"
    return response


def store(request, response):
    """Keep a page the view marked public (``response.public_tags``), and answer a conditional GET.

    A request that took the re-render lock always releases it; if what it rendered may not be
    kept (a withdrawn story's 410, a 404, a redirect), the stale copy is dropped with it, so no
    later request is handed the old page as a stop-gap. If the render failed (5xx: the database
    is down, say), the reader gets the stale copy instead of the error.
    """
    key = getattr(request, "_page_key", None) or _page_key(request)
    held_lock = getattr(request, "_page_lock", False)
    try:
        tags = getattr(response, "public_tags", None)
        storable = (
            tags is not None
            and request.method == "GET"
            and response.status_code == 200
            and not response.streaming
            and not has_session_cookie(request)
            and not response.cookies
        )
        if not storable:
            if held_lock and response.status_code >= 500:
                return _stale(request._stale_copy)
            if held_lock:
                _cache_delete(key)
            return response
        if not response.has_header("ETag"):
            response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        stored_at = time.time()
        response["Last-Modified"] = http_date(stored_at)
        response.public_tags = None
        _cache_set(key, (request._public_versions, stored_at, response), PAGE_TIMEOUT)
    finally:
        if held_lock:
            _cache_delete(_lock_key(key))
    response["X-Cache"] = "miss"
    return _conditional(request, response, stored_at)


def private(response):
    patch_cache_control(response, private=True, no_store=True)
    return response


def shows(request, *tags):
    """Declare, from inside a view, more things the page shows (e.g. the article it found)."""
    request._public_extra_tags = getattr(request, "_public_extra_tags", set()) | set(tags)


def surrogate_keys(tags):
    return " ".join(quote(tag, safe=":") for tag in sorted(tags))


def public_page(*tag_templates):
    """Cache an anonymous GET page under the tags it shows (formatted with the URL's arguments).

    Logged-in readers always get a fresh page marked ``private, no-store``. Anonymous pages are
    marked for shared caches (``s-maxage`` etc.) and carry ``Surrogate-Key``/``Cache-Tag``, so a
    CDN can purge them by tag; the page itself is stored by ``PublicPageCacheMiddleware``.
    """

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            anonymous = not has_session_cookie(request) or not request.user.is_authenticated
            if request.method not in ("GET", "HEAD") or not anonymous:
                return private(view(request, *args, **kwargs))
            if has_session_cookie(request):
                cached = cached_response(request)
                if cached is not None:
                    return cached
            tags = {SITE, *(template.format(**kwargs) for template in tag_templates)}
            # Read before rendering: a change committed during the render leaves this copy stale.
            request._public_versions = current_versions(tags)
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response = response.render()
            if response.status_code != 200 or response.streaming or response.has_header("Cache-Control"):
                return response
            extra = getattr(request, "_public_extra_tags", set()) - tags
            if extra:
                request._public_versions |= current_versions(extra)
                tags |= extra
            response.public_tags = tags
            response["Surrogate-Key"] = response["Cache-Tag"] = surrogate_keys(tags)
            response["Cache-Control"] = (
                f"public, max-age=0, s-maxage={S_MAXAGE}, "
                f"stale-while-revalidate={STALE_WHILE_REVALIDATE}, stale-if-error={STALE_IF_ERROR}"
            )
            return response

        return wrapper

    return decorate


class PublicPageCacheMiddleware:
    """Answer an anonymous reader's GET/HEAD from the page cache before session, auth, CSRF and messages.

    Only requests without a session cookie are answered here; the admin never is. Placed right
    after SecurityMiddleware (and whitenoise), so HSTS, Referrer-Policy and the rest are added to
    every cached answer as to a rendered one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        eligible = is_public_read(request)
        if eligible:
            response = cached_response(request)
            if response is not None:
                return response
        response = self.get_response(request)
        if eligible:
            response = store(request, response)
        return response
