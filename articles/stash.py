"""Words the desk could not save wait in the session and come back once, on the same page.

An article form posted when the session had expired, or with a stale CSRF token, would
otherwise be lost with the login page or the 403. Its fields are kept in the session
(which survives the login) under the address of the form, and the next time the author
opens that address the form is filled with them, unsaved, until they press Save.

A stash is only ever a convenience: one of the wrong shape, for another page or that
breaks the form is dropped, and the article opens as saved.
"""

import functools
import logging

from django.contrib import messages
from django.http import QueryDict
from django.urls import Resolver404, resolve
from django.utils.translation import gettext, gettext_lazy

logger = logging.getLogger(__name__)

#: Session key holding an article form that could not be saved.
STASH_KEY = "newsroom_unsaved_article"

#: Why the words were kept, as the author reads it above the refilled form.
REASONS = {
    "expired": gettext_lazy("Your unsaved changes from before you were logged out are back in the form below."),
    "csrf": gettext_lazy("Your unsaved changes from the page that had expired are back in the form below."),
    "autosaved": gettext_lazy("Your draft, kept by autosave before you left this page, is back in the form below."),
}

#: The admin pages whose form a stash refills.
ARTICLE_FORMS = {"admin:articles_article_add", "admin:articles_article_change"}


def is_article_form(request):
    """Whether ``request`` is addressed to an article's add or change page in the desk."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.view_name in ARTICLE_FORMS


def keep(request, reason, *, path=None):
    """Keep the article form posted in ``request`` for its next visit to ``path`` (by default the page
    it was posted to; autosave posts elsewhere). One stash per session."""
    data = {key: request.POST.getlist(key) for key in request.POST if key != "csrfmiddlewaretoken"}
    request.session[STASH_KEY] = {"path": path or request.path, "reason": reason, "data": data}


def drop(request, path):
    """Forget the stash kept for ``path`` (its words were saved)."""
    stash = request.session.get(STASH_KEY)
    if isinstance(stash, dict) and stash.get("path") == path:
        del request.session[STASH_KEY]


def take(request):
    """The stash for this page as bound form data, removed from the session; ``None`` if there is none.

    A stash for another page stays for that page; one that is not what ``keep`` writes is dropped.
    """
    stash = request.session.get(STASH_KEY)
    if stash is None:
        return None
    if isinstance(stash, dict) and stash.get("path") != request.path:
        return None
    del request.session[STASH_KEY]
    data = stash.get("data") if isinstance(stash, dict) else None
    reason = stash.get("reason", "expired") if isinstance(stash, dict) else None
    if not isinstance(data, dict) or reason not in REASONS:
        logger.warning("Dropped an unsaved-form stash of the wrong shape for %s", request.path)
        return None
    restored = QueryDict(mutable=True)
    for key, values in data.items():
        if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
            logger.warning("Dropped an unsaved-form stash of the wrong shape for %s", request.path)
            return None
        restored.setlist(key, values)
    restored.reason = REASONS[reason]
    return restored


def keep_unsaved_post(view):
    """Keep an article form posted with an expired session, and refill it after the login.

    The refilled page is rendered here, so that if the stash breaks it the author gets the
    article as saved (with a warning) instead of an error page.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        is_desk_user = request.user.is_active and request.user.is_staff
        if request.method == "POST" and not is_desk_user:
            keep(request, "expired")
        elif request.method == "GET" and is_desk_user:
            request.newsroom_stash = take(request)
            if request.newsroom_stash is not None:
                try:
                    response = view(request, *args, **kwargs)
                    if hasattr(response, "render"):
                        response.render()
                    return response
                except Exception:
                    # Whatever the stash did, the article must open; the log keeps the cause.
                    logger.exception("Unsaved words could not be put back in the form at %s", request.path)
                    request.newsroom_stash = None
                    messages.warning(
                        request,
                        gettext("Your unsaved changes could not be put back in the form; this is the saved version."),
                    )
        return view(request, *args, **kwargs)

    return wrapper
