"""The interface language: which language the site's own words are in, decided by the address.

Public pages live under ``i18n_patterns`` with an unprefixed default: ``/…`` is English,
``/ru/…`` Russian, ``/ar/…`` Arabic (``settings.LANGUAGES``). On the public site the address
alone decides, never a cookie or ``Accept-Language``: the page cache keys pages by their path,
so a page must be the same for every reader who asks for that path. The desk (``/admin/``) is
never cached and follows the reader's browser, as Django's ``LocaleMiddleware`` does.

A story has its own language (``Article.language``), which may be one the interface is not
offered in (Kazakh, Dari…); ``interface_for`` says which interface shows it as its own.
"""

from django.conf import settings
from django.middleware import locale
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers

#: Addresses whose language follows the reader (cookie, then Accept-Language): the desk only.
READER_CHOOSES = ("/admin/",)


def codes():
    return [code for code, _name in settings.LANGUAGES]


def interface_for(language):
    """The interface language a story in ``language`` is shown in by default: its own when offered."""
    return language if language in codes() else settings.LANGUAGE_CODE


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's, with the language decided by the address alone outside the desk.

    A public address's language is its prefix, else the default: under ``i18n_patterns`` as
    Django does, and also outside them (sitemaps, robots.txt, shared previews, the API, a 404),
    which are cached or crawled by path too. The desk's language is the reader's (language
    cookie, then ``Accept-Language``), which Django's own would pin to the default because the
    desk is unprefixed; only the desk's answers vary with ``Accept-Language``, so only they say so.
    Django's redirect of an unprefixed 404 to a prefixed address is for a prefixed default, which
    this project does not use.
    """

    def process_request(self, request):
        # Put back afterwards: a thread serves many requests (and a test many), and a language left
        # active would make the next one's ``reverse()`` outside a request speak it.
        request._language_before = translation.get_language()
        if request.path_info.startswith(READER_CHOOSES):
            # Django's own would pin every unprefixed address (the desk's too) to the default.
            language = translation.get_language_from_request(request)
        else:
            language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        if request.path_info.startswith(READER_CHOOSES):
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        translation.activate(getattr(request, "_language_before", None) or settings.LANGUAGE_CODE)
        return response


def switcher(request, homes=False):
    """The same page in each interface language: ``[(code, name, url, is_current)]``.

    Made with ``translate_url``, so the query (a search, a page of a list) is kept. An address
    with no counterpart, and any error page (``homes``: a 404 must not repeat a guessed
    address), offers each language's home page instead.
    """
    current = translation.get_language()
    here = request.get_full_path()
    links = []
    for code, name in settings.LANGUAGES:
        url = here if homes else translate_url(here, code)
        if url == here and (code != current or homes):
            with translation.override(code):
                url = reverse("articles:home")
        links.append((code, name, url, code == current))
    return links


def in_every_language(paths):
    """Each path as every interface language addresses it (for purging a CDN by URL).

    A path outside ``i18n_patterns`` (a feed's JSON twin, a sitemap) stays as it is.
    """
    every = set()
    for path in paths:
        every.add(path)
        if "://" in path:
            continue
        # translate_url resolves in the active language, so read the path in its own first.
        with translation.override(translation.get_language_from_path(path) or settings.LANGUAGE_CODE):
            every.update(translate_url(path, code) for code in codes())
    return every
