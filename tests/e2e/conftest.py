"""Browser fixtures: Debian's chromium driven by Playwright, a live server per test, axe-core.

Playwright cannot download its own browser here, so the tests launch /usr/bin/chromium.
Each test gets a fresh database (the `app` and `demo` fixtures from tests/conftest.py, so
SQLite or, with DATABASE_URL, PostgreSQL), served by a real HTTP server with CSRF on.
"""
import re
import threading
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect, sync_playwright
from werkzeug.serving import make_server

from portal.demo import DEMO_PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
E2E_DIR = Path(__file__).parent
# axe-core rules report an impact; these two fail a test, "minor" and "moderate" do not.
BLOCKING_IMPACTS = ("serious", "critical")


def log_in(page, base_url, email="employer@example.com", password=DEMO_PASSWORD, lang=None, lands_on="/dashboard/"):
    """Log in through the form, as a person would (the browser tests' one way; tests/conftest.py's
    login() is the test client's). lang: the language chosen first, else the page's; lands_on: the
    page expected next (None: no expectation, e.g. for a wrong password)."""
    page.goto(f"{base_url}/login" + (f"?lang={lang}" if lang else ""))
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("form:has(#password) [type=submit]").click()
    if lands_on:
        expect(page).to_have_url(re.compile(re.escape(lands_on)))


def pytest_collection_modifyitems(items):
    for item in items:
        if E2E_DIR in item.path.parents:
            item.add_marker(pytest.mark.e2e)


# One browser per module, not per session: Playwright's sync API keeps an asyncio loop running
# in the main thread while it is started, and the non-browser tests that come after (pyHanko
# calls asyncio.run) must find none.
@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium)")
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def live_server(app):
    """The app on a free local port, with CSRF on: a real browser must send real tokens."""
    app.config["WTF_CSRF_ENABLED"] = True
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # A short poll interval makes shutdown() quick (the default waits up to half a second).
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="live-server", daemon=True
    )
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def demo_server(live_server, demo):
    """The live server with the demo accounts loaded."""
    return live_server


@pytest.fixture
def new_page(browser):
    """Open pages in fresh browser contexts (own cookies); all are closed after the test."""
    contexts = []

    def open_page(locale="sv-SE", width=1280, height=800):
        context = browser.new_context(locale=locale, viewport={"width": width, "height": height})
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A page in Swedish (the browser says sv-SE), 1280 × 800."""
    return new_page()


@pytest.fixture(scope="session")
def axe():
    """axe(page): run axe-core on the current page; fail listing every serious or critical violation.

    The script is put in through Playwright's evaluate (the DevTools protocol), which the
    page's Content-Security-Policy (script-src 'self') does not block, so no bypass_csp.
    """
    engine = Axe()

    def check(page):
        results = engine.run(page)
        blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
        if blocking:
            lines = [f"axe-core: {len(blocking)} serious or critical violation(s) on {page.url}"]
            for violation in blocking:
                lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
                for node in violation["nodes"]:
                    lines.append(f"    {', '.join(map(str, node['target']))}: {node['html']}")
                    if node.get("failureSummary"):
                        lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
            pytest.fail("\n".join(lines), pytrace=False)
        return results

    return check
