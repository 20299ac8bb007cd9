"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright against a live server."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote, urlsplit

import pytest
from django.conf import settings
from django.db import connection

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SCRIPT = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = settings.BASE_DIR / "screenshots"
VIEWPORTS = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1366, "height": 900},
}


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        share_sqlite_with_workers(items)
        return
    skip = pytest.mark.skip(
        reason=f"browser tests need Chromium at {CHROMIUM}: apt-get install chromium"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def share_sqlite_with_workers(items):
    """A test with a task worker (the `task_worker` fixture) shares the live server's database
    with another process. SQLite's test database is in this process's memory unless it is named:
    for such a session it is a file instead (read before any database is set up)."""
    if not any("task_worker" in item.fixturenames for item in items):
        return
    database = settings.DATABASES["default"]
    test = database.setdefault("TEST", {})
    if database["ENGINE"] == "django.db.backends.sqlite3" and not test.get("NAME"):
        folder = tempfile.mkdtemp(prefix="clinic-blog-test-db-")
        test["NAME"] = str(Path(folder) / "test.sqlite3")


@pytest.fixture
def task_worker(live_server, settings, tmp_path):
    """A real `manage.py db_worker` on the live server's database, running the tasks the live
    server queues (the test settings would otherwise run them at once, in the request)."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    log = tmp_path / "db_worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.browser.worker_settings",
        "PYTHONPATH": os.pathsep.join([str(settings.BASE_DIR), str(settings.BASE_DIR / "site")]),
        "DATABASE_URL": database_url(connection.settings_dict),
        "WORKER_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "WORKER_UPLOAD_ROOT": str(settings.IMPORTER_UPLOAD_ROOT),
    }
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2"]
    with log.open("w") as output:
        worker = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        yield SimpleNamespace(process=worker, log=log)
    finally:
        # Stopped before the test's data is emptied; a task still running is let finish.
        worker.terminate()
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def database_url(database):
    """The DATABASE_URL of the database `database` (a connection's settings) is on."""
    if database["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{database['NAME']}"
    user = quote(database["USER"] or "", safe="")
    password = f":{quote(database['PASSWORD'], safe='')}" if database["PASSWORD"] else ""
    host = database["HOST"] or "localhost"
    port = f":{database['PORT']}" if database["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{database['NAME']}"


@pytest.fixture
def browser(live_server):
    """A fresh Chromium for each test, started after the test's database is ready and stopped
    before it is emptied.

    Playwright's sync API runs an asyncio loop in this thread while it is started. While a loop
    runs, Django (through asgiref) hands this thread a different database connection, and it
    refuses database calls outright, fearing they come from async code. So Playwright must not
    be running while pytest-django sets up or rolls back the test's data (it would do so on the
    wrong connection), which a per-test browser guarantees; and during the test the database
    calls come from the test's own synchronous code, so the async check is lifted for exactly
    that long. Starting Chromium takes well under a second.
    """
    from django.db import connections
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
            # Close the connections Django opened for this thread while the loop ran, so none
            # is left holding the test database open.
            connections.close_all()


class Visit:
    """A browser tab that remembers what went wrong while it was open: console errors, uncaught
    exceptions, dialogs, failed responses, and requests to any host but the site's own."""

    def __init__(self, context, base_url):
        self.context = context
        self.base_url = base_url
        self.page = context.new_page()
        # Local pages answer in milliseconds; fail in seconds rather than Playwright's 30.
        self.page.set_default_timeout(10_000)
        self.console_errors = []
        self.page_errors = []
        self.dialogs = []
        self.failed_responses = []
        self.foreign_requests = []
        self.page.on(
            "console",
            lambda message: message.type == "error" and self.console_errors.append(message.text),
        )
        self.page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        self.page.on("dialog", self._on_dialog)
        self.page.on(
            "response",
            lambda response: (
                response.status >= 400
                and self.failed_responses.append(f"{response.status} {response.url}")
            ),
        )
        own_host = urlsplit(base_url).netloc
        # Nothing may load from another host; anything that tries is recorded and refused.
        self.page.route(
            lambda url: (
                urlsplit(url).netloc != own_host and urlsplit(url).scheme in ("http", "https")
            ),
            self._refuse,
        )

    def _on_dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _refuse(self, route):
        self.foreign_requests.append(route.request.url)
        route.abort()

    def goto(self, path):
        response = self.page.goto(self.base_url + path)
        assert response.status == 200, f"{path} answered {response.status}"
        return response

    def load_every_image(self):
        """Scroll to the end so lazy pictures load, then wait until every <img> has finished."""
        self.page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        # A function, not an expression: Playwright polls an expression with eval(), which the
        # site's Content-Security-Policy refuses.
        self.page.wait_for_function(
            "() => Array.from(document.images).every(img => img.complete)", timeout=10_000
        )
        self.page.evaluate("window.scrollTo(0, 0)")

    def broken_images(self):
        return self.page.evaluate(
            "Array.from(document.images)"
            ".filter(img => !img.complete || img.naturalWidth === 0)"
            ".map(img => img.currentSrc || img.src)"
        )

    def horizontal_overflow(self):
        """How many pixels the page is wider than the window (0 means no sideways scrolling)."""
        return self.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )

    def assert_healthy(self):
        assert self.console_errors == []
        assert self.page_errors == []
        assert self.dialogs == []
        assert self.failed_responses == []
        assert self.foreign_requests == []

    def screenshot(self, name):
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def visit(browser, live_server):
    """`visit("phone")` opens a tab sized like a phone (or "desktop") on the live server."""
    contexts = []

    def open_tab(viewport="desktop", **context_options):
        options = {"viewport": VIEWPORTS[viewport], **context_options}
        if viewport == "phone":
            options.update(is_mobile=True, has_touch=True, device_scale_factor=2)
        context = browser.new_context(**options)
        contexts.append(context)
        return Visit(context, live_server.url)

    yield open_tab
    # Let every request the browser started finish before the test's data is rolled back: a
    # picture still being rendered on the live server would otherwise write into the database
    # while it is being emptied (with SQLite the two threads even share one connection).
    for context in contexts:
        for page in context.pages:
            page.wait_for_load_state("networkidle")
        context.close()


@pytest.fixture
def axe():
    """Runs axe-core on a page and returns its serious and critical violations."""
    if not AXE_SCRIPT.exists():
        pytest.skip(f"axe-core is not installed at {AXE_SCRIPT}: run `npm ci` (make test does)")
    source = AXE_SCRIPT.read_text()

    def run(page):
        # Evaluated through the browser's DevTools connection, which the site's
        # Content-Security-Policy doesn't govern; an inline <script> tag would be refused by it.
        page.evaluate(source)
        results = page.evaluate("async () => await axe.run(document)")
        return [
            {
                "id": violation["id"],
                "impact": violation["impact"],
                "help": violation["help"],
                "targets": [node["target"] for node in violation["nodes"]],
            }
            for violation in results["violations"]
            if violation["impact"] in ("serious", "critical")
        ]

    return run
