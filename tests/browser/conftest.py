"""Real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright.

Playwright never downloads a browser here: we launch the system Chromium by
path. Without it the browser tests skip with a reason, unless
``NEWSROOM_REQUIRE_BROWSER=1`` (set by CI), where a missing browser fails.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("NEWSROOM_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made
# by the test itself (fixtures, assertions) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _require(path, what):
    if not Path(path).exists():
        if os.environ.get("NEWSROOM_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{what} not found at {path} (CI requires it)")
        pytest.skip(f"{what} not found at {path}; run `make browser-deps` to install it")


@pytest.fixture(scope="session")
def browser():
    _require(CHROMIUM, "Chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.newsroom_call_failed = report.failed
    return report


@pytest.fixture
def page(context, request):
    page = context.new_page()
    yield page
    # A failed browser test leaves a screenshot of what the reader saw, for CI logs to point at.
    if getattr(request.node, "newsroom_call_failed", False) and not page.is_closed():
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{request.node.name[:150]}.png"
        page.screenshot(path=path, full_page=True)
        print(f"screenshot of the failed page: {path}")


@pytest.fixture
def artifacts_dir():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def axe_script():
    """Source of axe-core (installed from npm by `make browser-deps` / CI) to inject into a page."""
    path = NODE_MODULES / "axe-core" / "axe.min.js"
    _require(path, "axe-core")
    return path.read_text()


@pytest.fixture(scope="session")
def vnu_jar():
    """Path to the Nu HTML checker jar (npm vnu-jar); needs `java` on PATH."""
    path = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
    _require(path, "vnu.jar")
    if not shutil.which("java"):
        _require("/nonexistent/java", "java")
    return path


def login(page, live_server, username, password="correct-horse-battery"):
    """Log in through the admin's own login form."""
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def click_that_closes(window, locator):
    """Click something whose handler closes its own window, and wait for the window to go.

    The window may close before Chromium acknowledges the click; Playwright then reports
    the closed target, which here is the outcome the test expects, not an error."""
    from playwright.sync_api import Error as PlaywrightError

    with window.expect_event("close"):
        try:
            locator.click()
        except PlaywrightError:
            if not window.is_closed():
                raise
