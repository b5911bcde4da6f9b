"""One cache version for every public page.

Any save or delete of something a public page shows (articles, bylines,
citations, corrections, images, people, taxonomy, tags, old addresses) bumps
the version, whatever code path saved it: the workflow, the admin or a shell.
Pages are cached under the version, so the next request after a change renders
afresh on every surface at once. A scheduled article goes live without a save,
so the version also expires at the next scheduled publish time.

The version lives in the configured cache: with several app servers that cache
must be shared (``CACHE_URL=redis://…``), or each process keeps its own version.
"""

import hashlib
import uuid
from functools import wraps

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

STATE_KEY = "newsroom:public-state"
#: How long a rendered page stays in the server cache (the version makes it stale sooner).
PAGE_TIMEOUT = 60 * 60


def _new_state():
    from articles.models import Article

    next_due = Article.objects.scheduled().order_by("publish_at").values_list("publish_at", flat=True).first()
    return {
        "version": uuid.uuid4().hex,
        "changed_at": timezone.now().timestamp(),
        "next_due": next_due.timestamp() if next_due else None,
    }


def public_state():
    """The current version, when it last changed, and when the next scheduled story goes live."""
    state = cache.get(STATE_KEY)
    if state is None or (state["next_due"] is not None and state["next_due"] <= timezone.now().timestamp()):
        state = _new_state()
        cache.set(STATE_KEY, state, None)
    return state


def bump():
    """Make every cached public page stale."""
    cache.set(STATE_KEY, _new_state(), None)


def content_changed(sender, **kwargs):
    """Receiver for saves and deletes: stale now, and again once the change is committed.

    The first bump stops pages rendered before the change being served; the second
    stops pages rendered between the change and its commit (which still saw the old rows).
    """
    if kwargs.get("raw"):
        return
    bump()
    transaction.on_commit(bump)


def _cache_key(request, version):
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"newsroom:page:{version}:{digest}"


def private(response):
    patch_cache_control(response, private=True, no_store=True)
    return response


def public_page(view):
    """Cache an anonymous GET page under the public version, with ETag/Last-Modified and 304s.

    Logged-in readers always get a fresh page marked ``private, no-store``, so nothing they
    see (for instance while the desk is open in another tab) is stored by a shared cache.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            return private(view(request, *args, **kwargs))
        state = public_state()
        key = _cache_key(request, state["version"])
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response = response.render()
            if response.status_code != 200 or response.streaming or response.has_header("Cache-Control"):
                return response
            response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
            response["Last-Modified"] = http_date(state["changed_at"])
            # Browsers and CDNs may store the page but must ask again every time: a withdrawn
            # story must not outlive its withdrawal anywhere. Asking is cheap (a 304 from the ETag).
            patch_cache_control(response, public=True, no_cache=True)
            cache.set(key, response, PAGE_TIMEOUT)
        return get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=int(state["changed_at"]),
            response=response,
        )

    return wrapper
