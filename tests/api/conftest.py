import pytest

from api import keys
from tests.factories import SuperuserFactory


@pytest.fixture
def partner_key(db):
    """A fresh partner key: (row, the key as handed over)."""
    return keys.issue(partner="Eurasia Wire", rate_limit=1000, by=SuperuserFactory())


@pytest.fixture
def api(client, partner_key):
    """GET the API with a valid key: ``api("/articles")`` or a full URL from a ``next`` link."""
    _, token = partner_key

    def get(path, **params):
        if path.startswith("http"):
            path = path.split("://", 1)[1].split("/", 1)[1]
            path = "/" + path
        elif not path.startswith("/api/"):
            path = f"/api/v1{path}"
        return client.get(path, params or None, HTTP_AUTHORIZATION=f"Bearer {token}")

    return get
