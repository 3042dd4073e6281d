"""sitemap.xml and robots.txt, from the pages a production build actually wrote.

Each page already says what a crawler needs in its <head> (partials/meta.html):
its canonical address, `noindex` for drafts, hidden essays and the 404 page, and
when it last changed. Reading that back after every page is written lists pages
from any generator (series, tags, pagination) without a second set of rules.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from essays.syndication.feeds import feeds_enabled

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
UPDATED = ("article:modified_time", "og:updated_time")


@dataclass(frozen=True, order=True)
class Listed:
    url: str
    lastmod: str | None


class Head(HTMLParser):
    """Read a page's canonical link, robots rule and last-change date."""

    def __init__(self) -> None:
        super().__init__()
        self.canonical: str | None = None
        self.robots = ""
        self.updated: str | None = None

    def handle_starttag(self, tag, attrs) -> None:
        values = dict(attrs)
        if tag == "link" and values.get("rel") == "canonical":
            self.canonical = values.get("href")
        elif tag == "meta" and values.get("name") == "robots":
            self.robots = values.get("content") or ""
        elif tag == "meta" and values.get("property") in UPDATED:
            self.updated = values.get("content")


def read_head(path: Path) -> Head:
    """Parse the head of an HTML file (the rest cannot change what a crawler is told)."""
    text = path.read_text(encoding="utf-8")
    end = text.find("</head>")
    head = Head()
    head.feed(text if end < 0 else text[:end])
    head.close()
    return head


def listed_pages(output: Path) -> list[Listed]:
    """Every HTML page in output that names a canonical address and allows indexing."""
    pages = []
    for path in sorted(output.rglob("*.html")):
        head = read_head(path)
        if head.canonical and "noindex" not in head.robots:
            pages.append(Listed(head.canonical, head.updated))
    return sorted(set(pages))


def sitemap_xml(pages: list[Listed]) -> bytes:
    """Return the sitemap (https://www.sitemaps.org/protocol.html) of the pages."""
    urlset = etree.Element("urlset", xmlns=NAMESPACE)
    for page in pages:
        url = etree.SubElement(urlset, "url")
        etree.SubElement(url, "loc").text = page.url
        if page.lastmod:
            etree.SubElement(url, "lastmod").text = page.lastmod
    etree.indent(urlset)
    return etree.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"


def robots_txt(sitemap_url: str) -> str:
    """Allow every crawler everywhere, and say where the sitemap is."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n"


def write_sitemap(pelican) -> None:
    """After a production build has written its pages, list them for search engines."""
    settings = pelican.settings
    if not feeds_enabled(settings):
        return
    output = Path(pelican.output_path)
    (output / "sitemap.xml").write_bytes(sitemap_xml(listed_pages(output)))
    robots = robots_txt(f"{settings['SITEURL']}/sitemap.xml")
    (output / "robots.txt").write_text(robots, encoding="utf-8")
