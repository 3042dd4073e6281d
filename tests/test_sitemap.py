"""sitemap.xml and robots.txt: what search engines are told to crawl."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from pathlib import Path

from tests.helpers import FIXTURE_SITE, PUBLISH_URL

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
HIDDEN = "essays/quiet-note/"


def sitemap(output: Path) -> dict[str, str | None]:
    """Map each listed URL to its lastmod."""
    root = etree.parse(output / "sitemap.xml").getroot()
    return {
        url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
        for url in root.findall("s:url", NS)
    }


def html_pages(output: Path) -> set[str]:
    """The address of every HTML page in the output."""
    pages = set()
    for path in output.rglob("*.html"):
        relative = path.relative_to(output).as_posix()
        pages.add(f"{PUBLISH_URL}/{relative.removesuffix('index.html')}")
    return pages


def test_sitemap_lists_every_published_page(published_site):
    # Every fixture essay with `status: hidden` is written but must not be listed.
    hidden = {
        f"{PUBLISH_URL}/essays/{p.stem}/"
        for p in (FIXTURE_SITE / "content" / "essays").glob("*.md")
        if "\nstatus: hidden\n" in p.read_text(encoding="utf-8")
    }
    assert f"{PUBLISH_URL}/{HIDDEN}" in hidden
    expected = html_pages(published_site) - {f"{PUBLISH_URL}/404.html"} - hidden
    assert set(sitemap(published_site)) == expected
    assert f"{PUBLISH_URL}/essays/second-step/" in expected  # the set is not empty by accident


def test_hidden_essay_is_written_but_not_listed(published_site):
    assert (published_site / HIDDEN / "index.html").exists()
    assert f"{PUBLISH_URL}/{HIDDEN}" not in sitemap(published_site)


def test_essays_and_lists_carry_lastmod(published_site):
    listed = sitemap(published_site)
    assert listed[f"{PUBLISH_URL}/essays/closing-tags/"] == "2024-06-01T09:15:00-05:00"
    assert listed[f"{PUBLISH_URL}/essays/first-light/"] == "2024-03-05T00:00:00-06:00"
    assert listed[f"{PUBLISH_URL}/tags/healing/"] == "2024-03-05T00:00:00-06:00"
    # The home page changes with its newest essay: the last part of the fixture series.
    assert listed[f"{PUBLISH_URL}/"] == "2024-06-17T00:00:00-05:00"


def test_robots_txt_points_to_the_sitemap(published_site):
    lines = (published_site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert f"Sitemap: {PUBLISH_URL}/sitemap.xml" in lines
    assert "Disallow: /" not in lines


def test_development_build_writes_no_feeds_or_sitemap(dev_site):
    for name in ("sitemap.xml", "robots.txt", "feed.json", "feeds"):
        assert not (dev_site / name).exists(), name
