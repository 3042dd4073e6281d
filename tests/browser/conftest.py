"""Browser fixtures: the fixture site and the real site, each built for and served on 127.0.0.1.

Each site is built after its server has its port, with SITEURL pointing at it, so
every absolute link a page makes stays on the local server.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import FIXTURE_SITE, ROOT, add_long_read, build_into
from toolkit import browser
from toolkit.publish import search_index
from toolkit.settings import DEV, PUBLISH


@dataclass(frozen=True)
class Site:
    """A built site and the address it is served at."""

    output: Path
    url: str

    def pages(self) -> list[str]:
        """Every page's path on the server: '/', '/essays/x/', '/404.html' ..."""
        paths = []
        for file in sorted(self.output.rglob("*.html")):
            path = "/" + file.relative_to(self.output).as_posix()
            paths.append(path.removesuffix("index.html"))
        return paths


@pytest.fixture(scope="session")
def playwright_browser():
    """Debian's Chromium through Playwright; the tests skip when it is not installed."""
    if browser.chromium_path() is None:
        pytest.skip(browser.NO_CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = browser.launch(playwright)
        yield chromium
        chromium.close()


def served_build(tmp: Path, content: Path, overrides: dict) -> Iterator[Site]:
    with browser.serve_folder(tmp / "output") as url:
        result = build_into(tmp, content, {**overrides, "SITEURL": url})
        assert not result.problems, result.report()
        yield Site(tmp / "output", url)


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Iterator[Site]:
    """The fixture site as `invoke build` makes it (drafts shown), one essay per list page."""
    tmp = tmp_path_factory.mktemp("browser-fixture")
    yield from served_build(tmp, FIXTURE_SITE / "content", {**DEV, "DEFAULT_PAGINATION": 1})


@pytest.fixture(scope="session")
def real_site_served(tmp_path_factory) -> Iterator[Site]:
    """The organisation's real content, published as `invoke publish` makes it."""
    tmp = tmp_path_factory.mktemp("browser-real")
    yield from served_build(tmp, ROOT / "content", PUBLISH)


@pytest.fixture(scope="session")
def long_read_served(tmp_path_factory) -> Iterator[Site]:
    """The fixture site with a long essay (helpers.add_long_read), published."""
    tmp = tmp_path_factory.mktemp("browser-long-read")
    shutil.copytree(FIXTURE_SITE / "content", tmp / "content")
    add_long_read(tmp / "content")
    yield from served_build(tmp, tmp / "content", PUBLISH)


@pytest.fixture(scope="session")
def searchable_real_site(tmp_path_factory) -> Iterator[Site]:
    """The real content as `invoke publish` makes it, search index included."""
    tmp = tmp_path_factory.mktemp("browser-search")
    for site in served_build(tmp, ROOT / "content", PUBLISH):
        assert search_index.index_site(site.output) == []
        yield site


@pytest.fixture
def context(playwright_browser):
    """A fresh browser context (desktop width), closed after the test."""
    context = playwright_browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def tab(context):
    """A fresh page (tab) in its own context."""
    return context.new_page()
