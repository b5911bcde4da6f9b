"""A CDN in front: after a public change commits, the CDN drops the copies it holds of what changed.

The hook is a setting naming a callable, ``NEWSROOM_CDN_PURGE`` (empty: no CDN, nothing is
sent). It receives the changed pages' absolute URLs and their surrogate keys (the cache tags of
``articles.caching``, also sent on every public response as ``Surrogate-Key`` and ``Cache-Tag``)
and is called after the commit. A purge that fails is logged and never fails the editor's step:
the CDN's copy then expires by itself within the shared lifetime (``caching.S_MAXAGE`` plus the
stale windows).

``http_purge`` is the generic one: one ``PURGE`` request per URL (Varnish, nginx ``proxy_cache_purge``,
Fastly's URL purge), sent to ``NEWSROOM_CDN_PURGE_ENDPOINT`` (default: the site's own base URL) with
the page's ``Host``, and one ``PURGE /`` carrying ``Surrogate-Key: <keys>`` for CDNs that purge by key.
"""

import http.client
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def purge(paths, keys):
    """Hand the changed paths (as absolute URLs) and keys to the configured purge callable, if any."""
    hook = getattr(settings, "NEWSROOM_CDN_PURGE", "")
    if not hook or not (paths or keys):
        return
    urls = [path if "://" in path else f"{settings.NEWSROOM_BASE_URL}{path}" for path in paths]
    try:
        import_string(hook)(urls, sorted(keys))
    except Exception:
        logger.exception("CDN purge failed; cached copies expire within the shared lifetime")


def http_purge(urls, keys):
    """Send ``PURGE`` for each URL, then one ``PURGE /`` with the surrogate keys; log what fails."""
    endpoint = urlsplit(getattr(settings, "NEWSROOM_CDN_PURGE_ENDPOINT", "") or settings.NEWSROOM_BASE_URL)
    timeout = getattr(settings, "NEWSROOM_CDN_PURGE_TIMEOUT", 2)
    site_host = urlsplit(settings.NEWSROOM_BASE_URL).netloc
    requests = [(urlsplit(url).path or "/", {"Host": urlsplit(url).netloc or site_host}) for url in urls]
    if keys:
        from articles.caching import surrogate_keys

        requests.append(("/", {"Host": site_host, "Surrogate-Key": surrogate_keys(keys)}))
    connection_class = http.client.HTTPSConnection if endpoint.scheme == "https" else http.client.HTTPConnection
    connection = connection_class(endpoint.hostname, endpoint.port, timeout=timeout)
    try:
        for path, headers in requests:
            try:
                connection.request("PURGE", path, headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status >= 400 and response.status != 404:
                    logger.warning("CDN purge of %s answered %s", path, response.status)
            except (OSError, http.client.HTTPException) as error:
                logger.warning("CDN purge of %s failed: %s", path, error)
                connection.close()
    finally:
        connection.close()
