"""The API leak crawl: every API endpoint and the JSON Feed, over the public leak fixture.

The fixture (``tests/public/test_leaks.py``) holds one article in each non-live state, each
with a unique marker in every field, a confidential source, an anonymous citation, a withheld
and a pseudonymous correspondent. The crawl follows every API link it is given, asks each list
with every filter value it has seen (and the hidden ones), and asks for each hidden article by id.
"""

import json
from collections import deque
from urllib.parse import urlencode, urlsplit

import pytest
from django.utils.text import slugify

from tests.public.test_leaks import BASE, NON_LIVE, forbidden_strings, marker, newsroom  # noqa: F401

pytestmark = pytest.mark.django_db

LISTS = ["/api/v1/articles", "/api/v1/regions", "/api/v1/countries", "/api/v1/programmes", "/api/v1/topics",
         "/api/v1/correspondents", "/api/v1/organisations"]  # fmt: skip
FILTERS = {"countries": "country", "programmes": "programme", "topics": "topic"}


def strings_in(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)
    elif isinstance(value, str):
        yield value


def api_path(url):
    if not url.startswith(f"{BASE}/api/v1/"):
        return None
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(get, seeds):
    seen, queue, pages = set(seeds), deque(seeds), {}
    while queue:
        path = queue.popleft()
        response = get(path)
        pages[path] = (response.status_code, response.content.decode())
        if response.status_code != 200:
            continue
        data = json.loads(response.content)
        found = {api_path(s) for s in strings_in(data)} - {None}
        for kind, param in FILTERS.items():
            if path.startswith(f"/api/v1/{kind}"):
                found |= {f"/api/v1/articles?{urlencode({param: item['slug']})}" for item in data["items"]}
        for target in found - seen:
            seen.add(target)
            queue.append(target)
    return pages


def test_api_crawl_leaks_nothing_unpublished_or_confidential(client, newsroom, partner_key):  # noqa: F811
    _, token = partner_key

    def get(path):
        return client.get(path, HTTP_AUTHORIZATION=f"Bearer {token}")

    hidden = newsroom["hidden"]
    seeds = list(LISTS)
    seeds += [f"/api/v1/articles?limit=1&sort={sort}" for sort in ("published", "modified")]
    seeds += ["/api/v1/articles?updated_since=2000-01-01T00:00:00Z&sort=modified", "/api/v1/articles?language=en"]
    seeds += [f"/api/v1/articles?topic={slugify(marker(state) + ' topic')}" for state in NON_LIVE]
    seeds += [f"/api/v1/articles/{article.pk}" for article in hidden.values()]
    seeds += [f"{path}?limit=1" for path in LISTS[1:]]

    pages = crawl(get, seeds)

    assert len(pages) > 25
    live = newsroom["live"]
    assert pages[f"/api/v1/articles/{live.pk}"][0] == 200
    for state, article in hidden.items():
        assert pages[f"/api/v1/articles/{article.pk}"][0] == (410 if state == "withdrawn" else 404), state
    broken = {path: status for path, (status, _) in pages.items() if status not in (200, 404, 410)}
    assert broken == {}
    for path, (_, body) in pages.items():
        lowered = body.lower()
        for secret in forbidden_strings():
            assert secret.lower() not in lowered, f"{secret!r} leaked on {path}"
    # The live story's confidential citation is there, by its descriptor only.
    detail = json.loads(pages[f"/api/v1/articles/{live.pk}"][1])
    assert "an official in Bishkek" in [c["label"] for c in detail["citations"]]
    assert "A correspondent in Osh" in [b["name"] for b in detail["bylines"]]
    print(f"\ncrawled {len(pages)} API answers")


def test_json_feed_leaks_nothing(client, newsroom):  # noqa: F811
    body = client.get("/feeds/json/").content.decode().lower()
    assert newsroom["live"].headline.lower() in body
    for secret in forbidden_strings():
        assert secret.lower() not in body, secret
