"""Browser tests: Debian's Chromium driven by Playwright against a live server with demo data.

Every page a test visits is checked with axe-core (WCAG 2.1 A and AA), and the browser's
console must show no Content-Security-Policy violation or script error.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask_migrate import upgrade
from playwright.sync_api import Browser, ConsoleMessage, Locator, Page, expect, sync_playwright
from werkzeug.serving import make_server

from portal import create_app, demo
from portal.extensions import db
from tests import databases
from tests.conftest import app_config

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).with_name("vendor") / "axe-4.14.1.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Two cores shared with the rest of the suite: give the server time before an expectation fails.
expect.set_options(timeout=10_000)
PASSWORD = demo.DEMO_PASSWORD


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@dataclass
class LiveServer:
    url: str
    app: Flask

    def __call__(self, path: str) -> str:
        return self.url + path


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            "Debian's chromium is not installed: `make test` installs it (apt-get install chromium)"
        )
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield instance
        instance.close()


@contextmanager
def serve_demo(
    tmp_path_factory: pytest.TempPathFactory, smtp_server: Any, host_name: str = "127.0.0.1"
) -> Iterator[LiveServer]:
    """The portal with the demo data on a free port of 127.0.0.1, known by ``host_name``
    (``localhost`` where a passkey needs a domain name); a fresh database each time."""
    with databases.fresh_database(tmp_path_factory.mktemp("browser"), "browser") as url:
        app = create_app(
            app_config(
                url,
                smtp_server[0].port,
                WTF_CSRF_ENABLED=True,
                THROTTLE_FREE_ATTEMPTS_PER_ADDRESS=1000,
                PROPAGATE_EXCEPTIONS=False,
            )
        )
        with app.app_context():
            upgrade()
            demo.load()
        server = make_server("127.0.0.1", 0, app, threaded=True)
        address = f"http://{host_name}:{server.server_port}"
        # Links that leave the browser (the calendar-feed address) are built from it.
        app.config["PUBLIC_URL"] = address
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield LiveServer(address, app)
        finally:
            server.shutdown()
            thread.join()
            with app.app_context():
                db.engine.dispose()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory, smtp_server: Any) -> Iterator[LiveServer]:
    """The portal with the demo data, served on a free port; a fresh database per test module."""
    with serve_demo(tmp_path_factory, smtp_server) as server:
        yield server


@dataclass
class ConsoleWatch:
    problems: list[str] = field(default_factory=list)
    # Errors a test provokes on purpose (a failed request it simulates), as patterns.
    expected: list[str] = field(default_factory=list)

    def on_console(self, message: ConsoleMessage) -> None:
        # A form answered 422, or a refusal the test provokes, is expected; anything else is not.
        expected = re.match(r"Failed to load resource: .* status of 4\d\d", message.text) or any(
            re.search(pattern, message.text) for pattern in self.expected
        )
        if message.type == "error" and not expected:
            self.problems.append(message.text)

    def on_page_error(self, error: Any) -> None:
        self.problems.append(str(error))


@pytest.fixture
def expected_console_errors() -> list[str]:
    """Patterns of the browser console's errors that a test provokes on purpose."""
    return []


@pytest.fixture
def page(
    browser: Browser, live_server: LiveServer, expected_console_errors: list[str]
) -> Iterator[Page]:
    context = browser.new_context(locale="fi-FI", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    new_page = context.new_page()
    watch = ConsoleWatch(expected=expected_console_errors)
    new_page.on("console", watch.on_console)
    new_page.on("pageerror", watch.on_page_error)
    yield new_page
    context.close()
    # A blocked inline script or style would show here: the CSP must never need loosening.
    assert watch.problems == [], f"browser console errors: {watch.problems}"


@pytest.fixture
def browser_without_js(browser: Browser) -> Iterator[Page]:
    """A page with scripts switched off: the forms and searches work without them too."""
    context = browser.new_context(locale="fi-FI", java_script_enabled=False)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def check_accessibility(page: Page) -> None:
    """Run axe-core on the page as it is now; fail on any WCAG 2.1 A/AA violation."""
    page.wait_for_load_state("load")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, so the page's CSP does not block it.
        page.evaluate(AXE.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(
            node["target"][0] if isinstance(node["target"][0], str) else str(node["target"])
            for node in v["nodes"][:5]
        )
        for v in result["violations"]
    ]
    assert violations == [], f"accessibility problems on {page.url}:\n" + "\n".join(violations)


def screenshot(page: Page, name: str) -> Path:
    """Save a screenshot; `make screenshots` keeps them in docs/screenshots for the README."""
    directory = Path(
        os.environ.get("PORTAL_SCREENSHOT_DIR")
        or Path(os.environ.get("TMPDIR", "/tmp")) / "silta-screenshots"
    )
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.png"
    # caret="initial": hiding the caret would inject a style the CSP rightly refuses.
    page.screenshot(path=str(path), full_page=True, caret="initial")
    return path


def settled(page: Page) -> None:
    """Wait until htmx has finished swapping and settling, so new content has its listeners."""
    page.wait_for_function(
        "() => window.htmx"
        " && !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )


def follow(page: Page, link: Locator) -> None:
    """Follow a link and wait until the new page has loaded and htmx has set it up: a field
    typed into before then would send no search, as a user's never is."""
    href = link.get_attribute("href")
    assert href, "not a link"
    link.click()
    page.wait_for_url(f"**{href}")
    settled(page)


def sign_in(
    page: Page,
    live_server: LiveServer,
    email: str,
    password: str = PASSWORD,
    *,
    javascript: bool = True,
) -> None:
    """Sign in through the form, the e-mail address first and then the password; with
    JavaScript, wait until htmx has set up the front page."""
    page.goto(live_server("/auth/login"))
    page.get_by_label("Sähköposti").fill(email)
    page.get_by_role("button", name="Jatka", exact=True).click()
    page.get_by_label("Salasana").fill(password)
    page.get_by_role("button", name="Kirjaudu", exact=True).click()
    page.wait_for_url(live_server("/"))
    if javascript:
        settled(page)
