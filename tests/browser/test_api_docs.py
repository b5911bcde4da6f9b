"""The partner API's docs page in real Chromium: it renders, under the site's CSP, from this site alone."""

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_api_docs_page_renders_with_no_third_party_request_and_no_csp_error(page, live_server):
    requests, problems = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    response = page.goto(f"{live_server.url}/api/v1/docs")

    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.locator(".swagger-ui .info .title").wait_for()
    assert "partner API" in page.locator(".swagger-ui .info .title").inner_text()
    page.locator(".opblock-summary-path", has_text="/api/v1/articles/{article_id}").wait_for()
    assert page.locator(".opblock").count() == 8
    page.wait_for_load_state("networkidle")
    hosts = {urlsplit(url).netloc for url in requests if not url.startswith("data:")}
    assert hosts == {urlsplit(live_server.url).netloc}, requests
    assert any(url.endswith("/api/v1/openapi.json") for url in requests)
    assert problems == []
