"""axe-core on every page of both sites, in light and dark colour schemes."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]}
# Each page type the fixture site must have, so a broken build cannot pass by having none.
FIXTURE_PAGE_TYPES = [
    "/",
    "/page/2/",
    "/essays/first-light/",
    "/essays/reading-styles/",
    "/drafts/unfinished-thought/",
    "/about/",
    "/support/",
    "/subscribe/",
    "/archives/",
    "/tags/",
    "/tags/community/",
    "/tags/community/page/2/",
    "/404.html",
]


def violations(tab, url: str, scheme: str) -> list[str]:
    """Return one line per axe violation on the page at url in the given colour scheme."""
    tab.emulate_media(color_scheme=scheme)
    tab.goto(url)
    results = Axe().run(tab, options=AXE_OPTIONS)
    return [
        f"{url} ({scheme}): {v['id']}: {v['help']}: {node['target']}"
        for v in results.response["violations"]
        for node in v["nodes"]
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_fixture_page_passes_axe(tab, fixture_site, scheme):
    pages = fixture_site.pages()
    assert set(FIXTURE_PAGE_TYPES) <= set(pages)
    found = [line for path in pages for line in violations(tab, fixture_site.url + path, scheme)]
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_real_page_passes_axe(tab, real_site_served, scheme):
    pages = real_site_served.pages()
    assert "/essays/where-values-meet-reality/" in pages
    found = [
        line for path in pages for line in violations(tab, real_site_served.url + path, scheme)
    ]
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_missing_address_shows_the_404_page_without_violations(tab, fixture_site, scheme):
    response = tab.goto(fixture_site.url + "/no/such/essay/")
    assert response.status == 404
    assert tab.locator("h1").inner_text() == "Page not found"
    assert violations(tab, fixture_site.url + "/no/such/essay/", scheme) == []


@pytest.mark.parametrize("width", [390, 1400])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_long_read_with_contents_and_sidenotes_passes_axe(tab, long_read_served, scheme, width):
    tab.set_viewport_size({"width": width, "height": 900})
    found = violations(tab, long_read_served.url + "/essays/long-read/", scheme)
    assert found == [], "\n".join(found)
