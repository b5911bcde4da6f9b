"""A mirror passes only if it stands alone and shows nothing the live site would not.

Checked from the files alone: every file is in ``manifest.json`` with its size and SHA-256 and
every manifest entry is a file; every link and asset in an HTML page or stylesheet is relative
and names a file inside the mirror. Checked against the database: every live article has its
page and no other article has one; no file holds the headline of an article that is not live,
the name of a confidential source, or the real name of a correspondent who writes under a
pseudonym or with the name withheld.
"""

import html
import json
import posixpath
import re
from pathlib import Path

from articles.models import Article
from mirror.export import MANIFEST, URL_ATTRIBUTE, sha256
from people.models import Correspondent, Source

CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
TEXT_SUFFIXES = {".html", ".xml", ".json", ".txt", ".css"}
#: A secret shorter than this is not looked for: it would match ordinary words.
SHORTEST_SECRET = 5


def mirror_files(root):
    return {
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file() and path.relative_to(root).as_posix() != MANIFEST
    }


def check_manifest(root, names):
    problems = []
    try:
        listed = json.loads((root / MANIFEST).read_text())["files"]
    except (OSError, ValueError, KeyError) as error:
        return [f"{MANIFEST}: unreadable ({error})"]
    for name in sorted(set(listed) - names):
        problems.append(f"{name}: in the manifest but not in the mirror")
    for name in sorted(names - set(listed)):
        problems.append(f"{name}: in the mirror but not in the manifest")
    for name in sorted(names & set(listed)):
        data = (root / name).read_bytes()
        if len(data) != listed[name]["size"] or sha256(data) != listed[name]["sha256"]:
            problems.append(f"{name}: does not match its manifest entry")
    return problems


def urls_in(name, text):
    if name.endswith(".css"):
        return CSS_URL.findall(text)
    urls = []
    for attribute, value in URL_ATTRIBUTE.findall(text):
        if attribute.lower() == "srcset":
            urls += [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]
        else:
            urls.append(value)
    return urls


def check_links(root, names, texts):
    problems = []
    for name, text in texts.items():
        if not name.endswith((".html", ".css")):
            continue
        for url in urls_in(name, text):
            url = html.unescape(url)
            if url.startswith(("#", "http://", "https://", "mailto:", "tel:", "data:")):
                continue
            if url.startswith("/"):
                problems.append(f"{name}: link {url!r} is not relative")
                continue
            path = url.split("#")[0]
            if "?" in path:
                problems.append(f"{name}: link {url!r} has a query a static host ignores")
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), path))
            if target.startswith("../") or target not in names:
                problems.append(f"{name}: link {url!r} leads to no file")
    return problems


def secrets():
    """Strings no public byte may hold, without those the public legitimately shows."""
    live = Article.objects.live()
    shown = {headline.lower() for headline in live.values_list("headline", flat=True)}
    found = {h for h in Article.objects.exclude(pk__in=live).values_list("headline", flat=True)}
    found |= {source.name for source in Source.objects.filter(confidential=True)}
    for correspondent in Correspondent.objects.all():
        if correspondent.is_protected and correspondent.name:
            found.add(correspondent.name)
        shown.add(correspondent.public_name.lower())
    shown |= {source.name.lower() for source in Source.objects.public()}
    return sorted(s for s in found if len(s.strip()) >= SHORTEST_SECRET and s.lower() not in shown)


def check_content(root, names, texts):
    problems = []
    live = set(Article.objects.live().values_list("slug", flat=True))
    hidden = set(Article.objects.exclude(slug__in=live).values_list("slug", flat=True))
    folders = {name.split("/")[0] for name in names if "/" in name}
    for slug in sorted(hidden & folders):
        problems.append(f"{slug}/: page of an article that is not live")
    for slug in sorted(live - folders):
        problems.append(f"{slug}/: live article missing from the mirror")
    forbidden = secrets()
    if forbidden:
        pattern = re.compile("|".join(re.escape(s.lower()) for s in forbidden))
        for name, text in texts.items():
            lowered = html.unescape(text).lower()
            for match in sorted(set(pattern.findall(lowered))):
                problems.append(f"{name}: holds non-public text {match!r}")
    return problems


def verify(root):
    """Every problem found in the mirror at ``root``, as sentences; empty when it passes."""
    root = Path(root)
    if not (root / MANIFEST).is_file():
        return [f"{root}: no {MANIFEST}; not a mirror"]
    names = mirror_files(root)
    texts = {
        name: (root / name).read_text(encoding="utf-8", errors="replace")
        for name in names
        if Path(name).suffix in TEXT_SUFFIXES
    }
    return check_manifest(root, names) + check_links(root, names, texts) + check_content(root, names, texts)
