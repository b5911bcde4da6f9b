"""The mirror holds exactly what an anonymous reader of the live site can reach, as plain files.

Pages are fetched through the site's own views with Django's test ``Client`` and no session, so
the public page rules (``Article.objects.live()``, the public labels) decide every byte; nothing
here queries articles. Pages are found by crawling links from the home page, ``robots.txt``, the
sitemaps and the feeds, never from a list of addresses, so new pages and new pagination appear
without a change here.

Addresses become files: ``/a/b/`` is ``a/b/index.html`` (``index.xml`` for a feed or sitemap,
``index.json`` for JSON), a query becomes part of the name (``/a/?page=2`` is
``a/index--page-2.html``), a path with an extension keeps it (``/sitemap.xml``). Links in HTML
pages are rewritten to relative links naming that file, so the copy works from any static host,
a bucket, an onion service, IPFS or an unzipped folder opened from disk. The search form is
replaced by a note; a link to what the copy leaves out (search, the desk) goes to the original
site. Feeds and sitemaps keep their absolute canonical addresses: their formats
require them, and they name the original site.

A run writes only the files whose bytes changed (an unchanged file keeps its mtime), deletes
the files of the previous run that are no longer on the site (a withdrawn story's page), and
writes ``manifest.json`` with the SHA-256 and size of every file.
"""

import hashlib
import json
import os
import posixpath
import re
import tempfile
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from django.http.request import validate_host
from django.test import Client
from django.utils import timezone

MANIFEST = "manifest.json"
SEARCH_NOTE = '<p class="site-search mirror-note">Search is not available in this copy.</p>'
#: Where crawling starts; everything else is found through links.
SEEDS = ("/", "/robots.txt", "/sitemap.xml", "/news-sitemap.xml", "/feeds/rss/", "/feeds/atom/")
#: Never part of the mirror: the desk, the keyed API, search (it needs the server), probes.
OUT_OF_SCOPE = ("/admin/", "/api/", "/search/", "/healthz", "/readyz")
EXTENSIONS = {
    "text/html": ".html",
    "application/rss+xml": ".xml",
    "application/atom+xml": ".xml",
    "application/xml": ".xml",
    "text/xml": ".xml",
    "application/json": ".json",
    "application/feed+json": ".json",
    "text/plain": ".txt",
    "text/css": ".css",
}
HTML_TAG = re.compile(r"<(a|link|img|source|script|area)\b[^>]*>", re.IGNORECASE)
URL_ATTRIBUTE = re.compile(r'\b(href|src|srcset)="([^"]*)"', re.IGNORECASE)
XML_LINK = re.compile(r"<(?:loc|link|guid|id)>\s*([^<\s]+)\s*</|\bhref=\"([^\"]+)\"")
ROBOTS_SITEMAP = re.compile(r"^sitemap:\s*(\S+)", re.IGNORECASE | re.MULTILINE)
SEARCH_FORM = re.compile(r"<form\b[^>]*\brole=\"search\"[^>]*>.*?</form>", re.IGNORECASE | re.DOTALL)
CANONICAL = re.compile(r'\brel="canonical"', re.IGNORECASE)


@dataclass
class Summary:
    written: list = field(default_factory=list)
    unchanged: int = 0
    removed: list = field(default_factory=list)
    missing: dict = field(default_factory=dict)
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def _prefix(url):
    """STATIC_URL/MEDIA_URL as a root-relative path or an absolute URL."""
    if url.startswith(("http://", "https://", "/")):
        return url
    return f"/{url}"


class Site:
    """The live site seen from outside: an anonymous client and the mapping from addresses to files."""

    def __init__(self):
        self.base = settings.NEWSROOM_BASE_URL
        parts = urlsplit(self.base)
        host = parts.hostname or "localhost"
        if not validate_host(host, settings.ALLOWED_HOSTS):
            host = next((h for h in ("testserver", "localhost") if validate_host(h, settings.ALLOWED_HOSTS)), host)
        self.client = Client(HTTP_HOST=host, secure=parts.scheme == "https")
        self.static_url = _prefix(settings.STATIC_URL)
        self.media_url = _prefix(settings.MEDIA_URL)

    def address(self, url, current="/"):
        """``path?query`` of an internal URL (relative to page ``current``), or None for an outside one."""
        url = url.strip()
        if not url or url.startswith(("#", "mailto:", "tel:", "data:", "javascript:")):
            return None
        absolute = urljoin(f"{self.base}{current}", url)
        if not absolute.startswith(f"{self.base}/"):
            return None
        parts = urlsplit(absolute)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def asset(self, url, current="/"):
        """The file name of a static file or image rendition the page uses, or None."""
        for prefix, folder in ((self.media_url, "media/"), (self.static_url, "static/")):
            if prefix.startswith("/"):
                address = self.address(url, current)
                if address and address.startswith(prefix) and "?" not in address:
                    return folder + unquote(address.removeprefix(prefix))
            elif url.startswith(prefix) and "?" not in url:
                return folder + unquote(url.removeprefix(prefix))
        return None

    def fetch(self, address):
        return self.client.get(address)


def in_scope(address):
    return not address.startswith(OUT_OF_SCOPE)


def file_for(address, content_type):
    """The mirror file of an address, by the documented rule."""
    path, _, query = address.partition("?")
    name = unquote(path).lstrip("/")
    if name == "" or name.endswith("/"):
        name += "index" + EXTENSIONS.get(content_type, ".html")
    elif "." not in name.rsplit("/", 1)[-1]:
        name += "/index" + EXTENSIONS.get(content_type, ".html")
    if query:
        readable = re.sub(r"[^A-Za-z0-9_.-]+", "-", unquote(query)).strip("-.")
        if len(readable) > 60 or readable != query.replace("=", "-"):
            readable = f"{readable[:60]}-{sha256(query.encode())[:10]}"
        stem, dot, ext = name.rpartition(".")
        name = f"{stem}--{readable}.{ext}"
    if ".." in name.split("/"):
        raise ValueError(f"unsafe address {address!r}")
    return name


def links_in(site, body, content_type, current):
    """Internal addresses and assets a page refers to."""
    urls = []
    if content_type == "text/html":
        for tag in HTML_TAG.finditer(body):
            for attribute, value in URL_ATTRIBUTE.findall(tag.group(0)):
                if attribute.lower() == "srcset":
                    urls += [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]
                else:
                    urls.append(value)
    elif content_type == "text/plain":
        urls = ROBOTS_SITEMAP.findall(body)
    elif content_type in EXTENSIONS:
        urls = [a or b for a, b in XML_LINK.findall(body)]
    pages, assets = set(), set()
    for url in urls:
        url = url.replace("&amp;", "&")
        asset = site.asset(url, current)
        if asset:
            assets.add(asset)
            continue
        address = site.address(url, current)
        if address and in_scope(address):
            pages.add(address.split("#")[0])
    return pages, assets


@dataclass
class Crawl:
    pages: dict = field(default_factory=dict)  # address -> (content type, temp file)
    redirects: dict = field(default_factory=dict)  # address -> address
    missing: dict = field(default_factory=dict)  # address -> status
    assets: set = field(default_factory=set)


def crawl(site, spool, progress=None):
    """Fetch every public page reachable from the seeds into ``spool``; nothing is written to the mirror yet."""
    result = Crawl()
    seen, queue = set(SEEDS), deque(SEEDS)
    while queue:
        address = queue.popleft()
        response = site.fetch(address)
        targets = set()
        if response.status_code == 200:
            content_type = response.get("Content-Type", "text/html").split(";")[0].strip()
            spooled = Path(spool) / f"{len(result.pages)}"
            spooled.write_bytes(response.content)
            result.pages[address] = (content_type, spooled)
            body = response.content.decode("utf-8", errors="replace")
            targets, assets = links_in(site, body, content_type, address.split("?")[0])
            result.assets |= assets
        elif response.status_code in (301, 302, 307, 308):
            target = site.address(response["Location"], address.split("?")[0])
            if target and in_scope(target):
                result.redirects[address] = target
                targets = {target}
            else:
                result.missing[address] = response.status_code
        else:
            result.missing[address] = response.status_code
        for target in targets - seen:
            seen.add(target)
            queue.append(target)
        if progress:
            progress("crawl", len(result.pages) + len(result.missing), len(queue))
    return result


class Rewriter:
    """Turns site links in an HTML page into relative links to mirror files."""

    def __init__(self, site, crawled):
        self.site = site
        self.crawled = crawled

    def file_of(self, address):
        for _ in range(10):  # follow redirects to the page they end on
            if address not in self.crawled.redirects:
                break
            address = self.crawled.redirects[address]
        content_type = self.crawled.pages.get(address, ("text/html", None))[0]
        return file_for(address, content_type)

    def target(self, url, current_address, current_file):
        path = current_address.split("?")[0]
        fragment = ""
        if "#" in url:
            url, fragment = url.split("#", 1)
            fragment = f"#{fragment}"
            if not url:
                return None
        asset = self.site.asset(url.replace("&amp;", "&"), path)
        if asset:
            name = asset
        else:
            address = self.site.address(url.replace("&amp;", "&"), path)
            if not address:
                return None
            if not in_scope(address):
                return f"{self.site.base}{address}{fragment}"  # not in the copy: the original site's page
            name = self.file_of(address)
        return posixpath.relpath(name, posixpath.dirname(current_file) or ".") + fragment

    def html(self, body, address, name):
        def attribute(match):
            key, value = match.group(1), match.group(2)
            if key.lower() == "srcset":
                candidates = []
                for candidate in value.split(","):
                    url, *width = candidate.split()
                    candidates.append(" ".join([self.target(url, address, name) or url, *width]))
                return f'{key}="{", ".join(candidates)}"'
            new = self.target(value, address, name)
            return f'{key}="{new}"' if new is not None else match.group(0)

        def tag(match):
            if CANONICAL.search(match.group(0)):
                return match.group(0)  # the original stays the canonical address of the story
            return URL_ATTRIBUTE.sub(attribute, match.group(0))

        body = SEARCH_FORM.sub(SEARCH_NOTE, body)
        return HTML_TAG.sub(tag, body)


def asset_bytes(name):
    """A static file or image rendition's bytes, or None when it cannot be found."""
    folder, _, rest = name.partition("/")
    if folder == "static":
        try:
            with staticfiles_storage.open(rest) as handle:
                return handle.read()
        except (OSError, ValueError):
            found = finders.find(rest)
            return Path(found).read_bytes() if found else None
    try:
        with default_storage.open(rest) as handle:
            return handle.read()
    except (OSError, ValueError):
        return None


def read_manifest(root):
    try:
        return json.loads((Path(root) / MANIFEST).read_text())["files"]
    except (OSError, ValueError, KeyError):
        return {}


def _same(path, data):
    """Whether the file already holds exactly these bytes (so it is left alone, mtime and all)."""
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def _write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.part")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def export(root, progress=None):
    """Write the live public site into ``root``; return a :class:`Summary`."""
    started = time.monotonic()
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    previous = read_manifest(root)
    site = Site()
    summary = Summary()
    files = {}

    def put(name, data):
        files[name] = {"sha256": sha256(data), "size": len(data)}
        target = root / name
        if _same(target, data):
            summary.unchanged += 1
        else:
            _write(target, data)
            summary.written.append(name)
        if progress:
            progress("write", len(files), None)

    with tempfile.TemporaryDirectory(prefix="mirror-") as spool:
        crawled = crawl(site, spool, progress)
        rewriter = Rewriter(site, crawled)
        for address, (content_type, spooled) in crawled.pages.items():
            name = file_for(address, content_type)
            data = spooled.read_bytes()
            if content_type == "text/html":
                data = rewriter.html(data.decode("utf-8"), address, name).encode("utf-8")
            put(name, data)
    for name in sorted(crawled.assets):
        data = asset_bytes(name)
        if data is None:
            summary.missing[name] = "not found"
            continue
        put(name, data)

    for name in sorted(set(previous) - set(files)):
        stale = root / name
        if stale.is_file():
            stale.unlink()
            summary.removed.append(name)
        _prune(stale.parent, root)
    manifest = {
        "site": site.base,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "files": dict(sorted(files.items())),
    }
    (root / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n")
    summary.missing.update(crawled.missing)
    summary.files = len(files)
    summary.bytes = sum(entry["size"] for entry in files.values())
    summary.seconds = time.monotonic() - started
    return summary


def _prune(folder, root):
    """Remove folders a removed file left empty, up to the mirror's root."""
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
