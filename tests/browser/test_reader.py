"""A reader in real Chromium: the journey through the site, accessibility, validity, screenshots."""

import json
import shutil
import subprocess

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import re_path
from django.views.static import serve

from newsroom.urls import handler404, handler500
from newsroom.urls import urlpatterns as site_urlpatterns
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    CitationFactory,
    ConfidentialSourceFactory,
    CorrectionFactory,
    CorrespondentFactory,
    CountryFactory,
    ImageFactory,
    OrganisationFactory,
    ProgrammeFactory,
    RegionFactory,
    SourceFactory,
    png_bytes,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def serve_media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


# The site's URLs plus uploaded media, which production serves from storage or a CDN.
urlpatterns = [*site_urlpatterns, re_path(r"^media/(?P<path>.*)$", serve_media)]
# Django looks for the error handlers in the active URLconf.
__all__ = ["handler404", "handler500", "urlpatterns"]


@pytest.fixture
def site(settings):
    settings.ROOT_URLCONF = __name__
    region = RegionFactory(
        name="Central Asia", description="Five former Soviet republics between the Caspian and China."
    )
    country = CountryFactory(name="Kyrgyzstan", region=region)
    programme = ProgrammeFactory(name="Global Voices", description="Reporting by local writers.")
    organisation = OrganisationFactory(
        name="Adilet Legal Clinic", acronym="ALC", aliases="Adilet\nАдилет", description="A legal-aid NGO in Bishkek."
    )
    writer = CorrespondentFactory(
        name="Real Name Hidden", byline_name="Aruuke Pen", is_pseudonym=True, bio="Covers courts and land."
    )
    lead = ArticleFactory(
        live=True,
        headline="Kyrgyzstan: Land Disputes Fill the Osh Courts",
        standfirst="Farmers say new registry rules let officials redraw plots without notice.",
        body=(
            "<p>The queue outside the district court in Osh starts before dawn. Most of the people in it are "
            "farmers whose plots were redrawn on the new land registry.</p>"
            "<p>“We are not against the registry,” said Cholpon Asanova, director of the Adilet Legal Clinic. "
            "“We are against changes nobody is told about.”</p>"
            "<h2>A registry without notice</h2><p>A local official who asked not to be named said the "
            "surveyors had been told to finish by the end of the year.</p>"
        ),
        countries=[country],
        programme=programme,
        tags=["land", "courts"],
        lead_image=ImageFactory(
            file=ContentFile(png_bytes((1400, 800), (120, 140, 90)), name="x.png"),
            caption="Farmers queue outside the district court in Osh.",
            credit="Photo: a Newsroom correspondent",
        ),
    )
    BylineFactory(article=lead, correspondent=writer, author_line="Aruuke Pen is a pseudonym of a writer in Osh.")
    CitationFactory(article=lead, organisation=organisation)
    CitationFactory(
        article=lead, source=SourceFactory(name="Cholpon Asanova"), organisation=organisation, role="director"
    )
    CitationFactory(article=lead, source=ConfidentialSourceFactory(), organisation=None)
    CorrectionFactory(article=lead, note="An earlier version gave the wrong district.")
    for i in range(4):
        other = ArticleFactory(
            live=True, headline=f"Kyrgyzstan: Osh Market Traders Story {i}", countries=[country], programme=programme
        )
        BylineFactory(article=other, correspondent=writer)
    return {"lead": lead, "organisation": organisation, "writer": writer, "country": country}


def test_reader_goes_from_home_to_article_organisation_correspondent_search_and_feed(page, live_server, site):
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Kyrgyzstan: Land Disputes Fill the Osh Courts").first.click()
    assert page.locator("h1").inner_text() == "Kyrgyzstan: Land Disputes Fill the Osh Courts"
    assert page.locator(".lead-image img").evaluate("img => img.complete && img.naturalWidth > 0")

    page.locator(".panel").get_by_role("link", name="Adilet Legal Clinic").first.click()
    assert "Adilet Legal Clinic" in page.locator("h1").inner_text()
    assert "Also known as: Adilet; Адилет" in page.content()
    page.get_by_role("link", name="Kyrgyzstan: Land Disputes Fill the Osh Courts").click()

    page.locator(".byline").get_by_role("link", name="Aruuke Pen").click()
    assert page.locator("h1").inner_text() == "Aruuke Pen"

    page.get_by_role("searchbox", name="Search stories").fill("registry")
    page.get_by_role("searchbox", name="Search stories").press("Enter")
    page.wait_for_url("**/search/?q=registry")
    assert page.locator("mark").first.inner_text().lower() == "registry"
    assert "1 story matches" in page.locator("#results-heading").inner_text() or "1 story match" in page.content()

    feed_href = page.locator("footer").get_by_role("link", name="RSS feed").get_attribute("href")
    feed = page.request.get(f"{live_server.url}{feed_href}")
    assert feed.ok and "application/rss+xml" in feed.headers["content-type"]
    assert "Land Disputes Fill the Osh Courts" in feed.text()
    # The JSON-LD block and everything else load under the site's CSP without a single console error.
    assert problems == []


@pytest.fixture
def axe_page(browser):
    """A page that may run axe-core: the site's CSP rightly refuses injected scripts, so bypass it here only."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    yield context.new_page()
    context.close()


def test_pages_have_no_serious_accessibility_issues_valid_html_and_screenshots(
    axe_page, live_server, site, axe_script, vnu_jar, artifacts_dir, tmp_path
):
    page = axe_page
    pages = {
        "home": "/",
        "article": site["lead"].get_absolute_url(),
        "list": site["country"].get_absolute_url(),
        "search": "/search/?q=osh",
        "not-found": "/no-such-story/",
    }
    html_files, violations = [], {}
    for name, path in pages.items():
        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 900})
            response = page.goto(f"{live_server.url}{path}")
            page.screenshot(path=artifacts_dir / f"reader-{name}-{width}.png", full_page=True)
        html = tmp_path / f"{name}.html"
        html.write_text(response.text())
        html_files.append(str(html))
        page.set_viewport_size({"width": 1280, "height": 900})
        page.add_script_tag(content=axe_script)
        result = page.evaluate("axe.run()")
        serious = [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")]
        if serious:
            violations[name] = serious
    assert violations == {}

    checked = subprocess.run(  # noqa: S603 (fixed arguments: our jar and our files)
        [shutil.which("java"), "-jar", str(vnu_jar), "--errors-only", "--format", "json", *html_files],
        capture_output=True,
        text=True,
        timeout=120,
    )
    messages = json.loads(checked.stderr or checked.stdout)["messages"]
    assert [(m.get("url", "").rsplit("/", 1)[-1], m["message"]) for m in messages] == []
