"""Real-browser fixtures: Debian's Chromium driven by Playwright against a live server.

Every page a test visits goes through ``Browser.audit``: axe-core checks it for WCAG 2.1
A and AA problems (serious or critical ones fail the test), and every request the browser
made must have stayed on the local server.
"""

import hashlib
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright
from werkzeug.serving import make_server

from tamkeen import PROJECT_ROOT

from ..factories import PASSWORD, totp_code

CHROMIUM = "/usr/bin/chromium"
AXE = PROJECT_ROOT / ".cache" / "axe-core" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Nothing leaves this machine: every address but the loopback goes to a closed port.
    "--proxy-server=http://127.0.0.1:9",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Only the violations are read: axe gathers every node of those alone (the passes and the
# rest, which nothing here reads, stop at one node per rule).
AXE_VIOLATIONS = (
    "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags},"
    " resultTypes: ['violations']})).violations"
)
# Pages axe-core found clean in this run, by what decides its verdict: the document, its
# path, and how it is seen (size, theme, motion). axe reads nothing else, so the same page
# seen again (a journey's second visit, the same form for another person) needs no second
# audit. A session's CSRF token is the only part of a page that differs between two people
# seeing the same thing; it is left out of the key.
_CLEAN_PAGES: set[str] = set()
_SESSION_TOKEN = re.compile(r'<input[^>]*name="csrf_token"[^>]*>')


def pytest_collection_modifyitems(items):
    for item in items:
        if "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    assert Path(CHROMIUM).exists(), "Debian's chromium is not installed: run `make test`"
    assert AXE.exists(), "axe-core is missing: run `make test` (tools/axe-core.sh)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        _CHECKERS.clear()
        browser.close()


@contextmanager
def serving(app) -> Iterator[str]:
    """The app behind a real HTTP server on a free local port; its address."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.port}"
    server.shutdown()
    thread.join()


@pytest.fixture
def live_server(app) -> Iterator[str]:
    with serving(app) as base_url:
        yield base_url


def _weather(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
    return [b"<!doctype html><title>Weather</title><p>Sunny"]


@pytest.fixture
def neutral_site(app) -> Iterator[str]:
    """A neutral site of its own, for the quick exit to lead to: the browser follows the
    app's redirect there itself (Playwright's routes never see a redirect's target)."""
    with serving(_weather) as address:
        app.config["QUICK_EXIT_URL"] = address + "/"
        yield address + "/"


# Any page of a test's live server but its static files (the stylesheet, scripts, fonts).
_APP_PAGES = re.compile(r"^http://127\.0\.0\.1:\d+/(?!static/)")


class _Checker:
    """A JavaScript-enabled context with axe-core, which replays a person's document at
    its own URL and audits it. One per way of seeing a page (size, theme, motion) for the
    whole run: it never signs in or stores anything, and making a context and its page for
    each person cost a third of a second. axe-core (half a megabyte) is sent once, as a
    script every page of the context runs, and one page replays every document (a new page
    per audit cost twice the audit itself)."""

    def __init__(self, chromium, seen: dict):
        self.context = chromium.new_context(java_script_enabled=True, **seen)
        self.context.add_init_script(path=AXE)
        self.replayed: tuple[str, str] = ("", "")
        self.page = self.context.new_page()
        # Only the app's pages come here; the static files go straight to the server.
        self.page.route(_APP_PAGES, self._replay)

    def audit(self, url: str, html: str) -> list[dict]:
        """axe-core's violations on ``html`` seen at ``url``."""
        self.replayed = (url, html)
        self.page.goto(url)
        return self.page.evaluate(AXE_VIOLATIONS, AXE_TAGS)

    def _replay(self, route) -> None:
        url, html = self.replayed
        request = route.request
        if request.is_navigation_request() and request.url == url:
            route.fulfill(body=html, content_type="text/html; charset=utf-8")
        else:
            route.continue_()


_CHECKERS: dict[str, _Checker] = {}


def _checker(chromium, seen_as: str, seen: dict) -> _Checker:
    if seen_as not in _CHECKERS:
        _CHECKERS[seen_as] = _Checker(chromium, seen)
    return _CHECKERS[seen_as]


class Browser:
    """A browser context for one person, with the checks every page must pass."""

    def __init__(
        self, chromium, base_url: str, *, locale: str = "en", javascript: bool = True, **options
    ):
        """``options`` go to Playwright's new_context (e.g. ``bypass_csp=True``)."""
        self.base_url = base_url
        self.chromium = chromium
        self.foreign_requests: list[str] = []
        self.page_errors: list[str] = []
        self.audited: list[str] = []
        self.context = chromium.new_context(
            base_url=base_url, locale=locale, java_script_enabled=javascript, **options
        )
        # Watched, not routed: a route turns the browser's cache off and sends every
        # request through this process; Chromium itself refuses anything off this machine.
        self.context.on("request", self._only_local)
        self.page: Page = self.context.new_page()
        # A request the CSP blocks never reaches the router: catch it in the console.
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        # The twin sees the page as the person does: same theme, motion setting and size.
        same = {
            k: v for k, v in options.items() if k in ("color_scheme", "reduced_motion", "viewport")
        }
        self._seen_as = json.dumps(same, sort_keys=True)
        self._checker = _checker(chromium, self._seen_as, same)

    def _only_local(self, request):
        """Remember every request for another host. A redirect's target is left out, as
        a route never saw it (the quick exit's neutral site is one)."""
        url = request.url
        if request.redirected_from is not None or url.startswith(("data:", "blob:")):
            return
        if not (url.startswith(self.base_url + "/") or url == self.base_url):
            self.foreign_requests.append(url)

    def _on_console(self, message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.page_errors.append(message.text)

    def goto(self, path: str) -> Page:
        self.page.goto(path)
        self.audit()
        return self.page

    def click(self, selector: str, **kwargs) -> Page:
        """Click something that loads a new page, then audit that page."""
        with self.page.expect_navigation():
            self.page.click(selector, **kwargs)
        self.audit()
        return self.page

    def sign_in(self, username: str, password: str = PASSWORD, *, audit: bool = True) -> Page:
        """Sign in through the form, and through the second step when it asks for one
        (the factory's staff have two-step sign-in on)."""
        if audit:
            self.goto("/sign-in")
        else:
            self.page.goto("/sign-in")
        self._submit({"#username": username, "#password": password}, audit)
        if self.page.url.endswith("/sign-in/code"):
            self._submit({"#code": totp_code(self.app, username)}, audit)
        return self.page

    def _submit(self, fields: dict[str, str], audit: bool) -> None:
        for selector, value in fields.items():
            self.page.fill(selector, value)
        if audit:
            self.click("main [type=submit]")
        else:
            with self.page.expect_navigation():
                self.page.click("main [type=submit]")

    def audit(self) -> None:
        """Run axe-core on the page as it is now, in a JavaScript-enabled twin.

        The page under test may have JavaScript off; its HTML is replayed at the same URL
        in a second context, so styles and relative links resolve exactly as for the user.
        """
        html, url = self.page.content(), self.page.url
        key = self._audit_key(html, url)
        if key in _CLEAN_PAGES:
            self.audited.append(url)
            return
        result = self._checker.audit(url, html)
        serious = [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == [], f"axe-core on {url}:\n{json.dumps(serious, indent=1)}"
        _CLEAN_PAGES.add(key)
        self.audited.append(url)

    def _audit_key(self, html: str, url: str) -> str:
        document = _SESSION_TOKEN.sub('<input name="csrf_token">', html)
        document = document.replace(self.base_url, "")
        path = url[len(self.base_url) :] if url.startswith(self.base_url) else url
        return hashlib.sha256("\0".join((document, path, self._seen_as)).encode()).hexdigest()

    def close(self) -> None:
        self.context.close()
        assert self.foreign_requests == [], (
            f"requests left the local server: {self.foreign_requests}"
        )
        assert self.page_errors == [], f"errors in the page: {self.page_errors}"


FAILURE_PICTURES = PROJECT_ROOT / ".cache" / "browser-failures"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Remember whether the test itself failed, for the ``browser`` fixture's teardown."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.failed_in_call = report.failed


def _picture_the_failure(request, opened: list["Browser"]) -> None:
    """A failed test leaves a screenshot of each person's page, as they saw it, in
    ``.cache/browser-failures/`` (the folder CI keeps with its logs)."""
    if not getattr(request.node, "failed_in_call", False):
        return
    FAILURE_PICTURES.mkdir(parents=True, exist_ok=True)
    name = "".join(c if c.isalnum() or c in "-_" else "_" for c in request.node.name)
    for number, each in enumerate(opened, 1):
        try:
            each.page.screenshot(path=FAILURE_PICTURES / f"{name}-{number}.png", full_page=True)
        except Exception:  # noqa: BLE001  (a closed or crashed page: nothing to picture)
            continue


@pytest.fixture
def browser(request, app, chromium, live_server):
    """``browser()`` opens a fresh browser for one person; all are checked at the end."""
    opened: list[Browser] = []

    def open_browser(**options) -> Browser:
        opened.append(Browser(chromium, live_server, **options))
        opened[-1].app = app
        return opened[-1]

    yield open_browser
    _picture_the_failure(request, opened)
    for each in opened:
        each.close()
