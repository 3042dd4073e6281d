"""Serve a built site on 127.0.0.1 and drive Debian's Chromium at it (screenshots, tests)."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

# Playwright never downloads a browser here: it drives the distribution's package.
CHROMIUM = "chromium"
# No sandbox (CI runs as root in a container), and none of the background traffic
# (updates, sync, safe browsing) that would reach other hosts during a test.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
NO_CHROMIUM = "Chromium is not installed: apt-get install chromium (as .ci/run does)"


class StaticHandler(SimpleHTTPRequestHandler):
    """Serve files like a static host: quietly, and with the site's 404.html when missing."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve folder on a free port of 127.0.0.1 in a thread; yield its base URL, no slash.

    The folder may be built after the server starts (a build needs the URL first).
    """
    handler = partial(StaticHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def chromium_path() -> str | None:
    """Return the path of Debian's chromium, or None when it is not installed."""
    return shutil.which(CHROMIUM)


def launch(playwright) -> Any:
    """Start headless Chromium from the system package through Playwright's sync API."""
    path = chromium_path()
    if path is None:
        raise RuntimeError(NO_CHROMIUM)
    return playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)


def screenshot(browser, url: str, target: Path, width: int, scheme: str) -> bool:
    """Save a full-page PNG of url at a width and colour scheme; False if url is missing."""
    context = browser.new_context(
        viewport={"width": width, "height": 900}, color_scheme=scheme, device_scale_factor=1
    )
    try:
        page = context.new_page()
        response = page.goto(url, wait_until="load")
        if response is None or not response.ok:
            return False
        load_lazy_images(page)
        page.screenshot(path=str(target), full_page=True)
        return True
    finally:
        context.close()


def load_lazy_images(page) -> None:
    """Scroll through the page so lazy images load, wait for them, then go back to the top."""
    # "instant": the theme scrolls smoothly, and each smooth scroll would take its time.
    height = page.evaluate("document.documentElement.scrollHeight")
    for y in range(0, height, 600):
        page.evaluate(f"window.scrollTo({{top: {y}, behavior: 'instant'}})")
    # Instant scrolls may pass an image before Chromium renders a frame with it in view
    # (more likely on a loaded machine): ask any lazy image still waiting to load now.
    page.evaluate(
        "document.querySelectorAll('img[loading=lazy]')"
        ".forEach(image => { if (!image.complete) image.loading = 'eager'; })"
    )
    # Not wait_for_function: its polling evaluates a string, which the pages' own
    # Content-Security-Policy (no script, no eval) refuses. expect() polls from outside.
    from playwright.sync_api import expect

    for image in page.locator("img").all():
        expect(image).to_have_js_property("complete", True)
    page.evaluate("window.scrollTo({top: 0, behavior: 'instant'})")
