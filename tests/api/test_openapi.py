"""The OpenAPI document and the docs page: public, valid, and served from this site alone."""

import json
import re

import pytest

pytestmark = pytest.mark.django_db

PATHS = ["/api/v1/articles", "/api/v1/articles/{article_id}", "/api/v1/regions", "/api/v1/countries",
         "/api/v1/programmes", "/api/v1/topics", "/api/v1/correspondents", "/api/v1/organisations"]  # fmt: skip


def test_openapi_document_is_valid_json_with_every_path_and_the_bearer_scheme(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    spec = json.loads(response.content)
    assert spec["openapi"].startswith("3.")
    assert sorted(spec["paths"]) == sorted(PATHS)
    params = {p["name"] for p in spec["paths"]["/api/v1/articles"]["get"]["parameters"]}
    assert {"updated_since", "country", "programme", "language", "topic", "cursor", "limit", "sort"} <= params
    assert any(scheme.get("scheme") == "bearer" for scheme in spec["components"]["securitySchemes"].values())
    validator = pytest.importorskip("openapi_spec_validator")
    validator.validate(spec)


def test_docs_page_loads_its_assets_from_this_site_only(client):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert url.startswith("/"), url
    assert '"validatorUrl": null' in html
    assert "script-src 'self'" in response["Content-Security-Policy"]
