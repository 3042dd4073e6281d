"""What the gate checks beyond links: nothing a browser renders runs a script or calls elsewhere.

The essay reader refuses hostile raw HTML at its source; this is the last look at
everything published: every file a browser may render (.html, .htm, .xhtml, .svg),
the HTML inside the feeds, and the stylesheets, for every element and attribute
that can run a script or make a request. It also holds each page to carrying the
Content-Security-Policy <meta>, and every link of the sitemap and the feeds to a
published page. gate.py already checks <script>, on...= handlers, inline styles and
the src/srcset/poster/<link> loads of .html pages; for those pages this adds the rest.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterator
from pathlib import Path

import tinycss2
from bs4 import BeautifulSoup, Tag

from essays.problems import Problem
from essays.syndication.feeds import JSON_FEED

# (page, url) -> (file, fragment) on this site, or None for another site's URL.
Resolve = Callable[[str, str], "tuple[str, str] | None"]
RENDERED = (".htm", ".xhtml", ".svg")  # .html pages come parsed from gate.py
EMBEDS = {"iframe", "frame", "frameset", "object", "embed", "applet", "portal"}
# Attributes whose URL the browser requests by itself (or on a click, for ping/action).
REQUESTS = {"data", "ping", "action", "formaction", "background", "xlink:href"}
FETCHED_HREF = {"image", "use", "feimage", "script"}  # SVG elements that load their href
ANIMATIONS = {"animate", "set", "animatemotion", "animatetransform"}
NOT_FETCHED_RELS = {"canonical", "alternate", "author", "license", "me", "next", "prev"}
# What gate.py's page checks already cover for .html pages (kept out of their report).
PAGE_COVERED = {"script", "handler", "style", "src", "srcset", "poster", "covered-script"}
BAD_SCHEMES = {"javascript", "vbscript", "data"}
SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
INVISIBLE = re.compile(r"[\x00-\x20]")
REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\"]*)", re.IGNORECASE)
CSP_META = "Content-Security-Policy"
FEED_HTML = {"content", "summary", "description"}  # Atom and RSS elements that hold HTML
FEED_LINKS = {"link", "loc"}

HINTS = {
    "script": "the site runs no scripts: remove it",
    "handler": "the site runs no scripts: remove the on...= attribute",
    "style": "move the styling into theme/static/css/main.css",
    "embed": "link to the other page instead of embedding it",
    "request": "copy the file into the site (content/images/) and point at it there",
    "csp": "every page must include partials/security.html first in its <head> "
    "(base.html does): copy that into this page, or make it from a template",
    "feed-link": "the feed or sitemap points at a page the build did not publish: tell a developer",
    "svg": "export the SVG again as a plain drawing (no scripts, no links to other sites), "
    "or use a PNG",
}


def check(
    root: Path, pages: dict[str, BeautifulSoup], resolve: Resolve, feeds: set[str]
) -> list[Problem]:
    """Return every hostile thing in the built site at root."""
    problems = [p for path, soup in pages.items() for p in page_problems(path, soup, resolve)]
    for file in sorted(f for f in root.rglob("*") if f.suffix.lower() in RENDERED):
        path = file.relative_to(root).as_posix()
        soup = BeautifulSoup(file.read_text(encoding="utf-8", errors="replace"), "html.parser")
        problems += markup_problems(path, soup, resolve, full=True)
    for css in sorted(root.rglob("*.css")):
        text = css.read_text(encoding="utf-8", errors="replace")
        problems += css_problems(css.relative_to(root).as_posix(), 0, text, resolve)
    sitemap = {"sitemap.xml"} if (root / "sitemap.xml").is_file() else set()
    for feed in sorted(feeds | sitemap):
        problems += feed_problems(root, feed, resolve)
    if (root / JSON_FEED).is_file():
        problems += json_feed_problems(root, JSON_FEED, resolve)
    return problems


def page_problems(path: str, soup: BeautifulSoup, resolve: Resolve) -> list[Problem]:
    """An .html page: what gate.py does not check, and its policy <meta>."""
    problems = markup_problems(path, soup, resolve, full=False)
    head = soup.head
    metas = head.find_all("meta", attrs={"http-equiv": re.compile(CSP_META, re.I)}) if head else []
    if not metas:
        problems.append(
            Problem(path, 1, "has no Content-Security-Policy <meta> in its <head>", HINTS["csp"])
        )
    return problems


def markup_problems(path: str, soup: BeautifulSoup, resolve: Resolve, full: bool) -> list[Problem]:
    """Every element of a page, SVG or HTML fragment; full when gate.py has not seen it."""
    found = []
    for tag in soup.find_all(True):
        for kind, message in tag_problems(tag, lambda url: resolve(path, url)):
            if full or kind not in PAGE_COVERED:
                hint = HINTS["svg"] if path.lower().endswith(".svg") else HINTS[hint_for(kind)]
                found.append(Problem(path, tag.sourceline or 0, message, hint))
        if full and tag.name == "style":
            found += css_problems(path, tag.sourceline or 0, tag.get_text(), resolve)
        if full and tag.has_attr("style"):
            found += css_problems(path, tag.sourceline or 0, tag["style"], resolve, inline=True)
    return found


def hint_for(kind: str) -> str:
    return "script" if "script" in kind else kind if kind in HINTS else "request"


def tag_problems(tag: Tag, resolve: Callable[[str], object]) -> Iterator[tuple[str, str]]:
    """(kind, message) for each way one element could run a script or call another site."""
    name = tag.name.lower()
    if name == "script" and tag.get("type", "").strip().lower() != "application/ld+json":
        yield "script", "has a <script>"
    if name in EMBEDS:
        yield "embed", f"has an <{name}>: embeds run another site's page inside this one"
    if name in ANIMATIONS and tag.get("attributename", "").lower() in ("href", "xlink:href"):
        yield "script", f"has an <{name}> that changes a link, a way to make it a script"
    if name == "base":
        yield "request", "has a <base>, which would send every link of the page elsewhere"
    if name == "meta" and tag.get("http-equiv", "").strip().lower() == "refresh":
        target = REFRESH_URL.search(tag.get("content", ""))
        if target and leaves_site(target.group(1), resolve):
            yield "request", f"sends readers to another site by itself: {target.group(1)}"
    for attr, value in tag.attrs.items():
        attr = attr.lower()
        if attr.startswith("on"):
            yield "handler", f"has an inline script: {attr}="
        elif attr == "srcdoc":
            yield "embed", "has a srcdoc= page inside it"
        yield from url_problems(name, attr, value, tag, resolve)


def url_problems(name: str, attr: str, value, tag: Tag, resolve) -> Iterator[tuple[str, str]]:
    """The URL attributes of an element: a script scheme, or a request to another site."""
    text = " ".join(value) if isinstance(value, list) else str(value or "")
    if attr == "srcset" or (attr == "src" and name in ("img", "source")):
        urls = [e.split()[0] for e in text.split(",") if e.split()] if attr == "srcset" else [text]
        kind = attr
    elif attr in ("src", "poster"):
        urls, kind = [text], attr
    elif attr in REQUESTS or (attr == "href" and fetched_href(name, tag)):
        urls, kind = [text], "request"
    elif attr in ("href", "xlink:href"):
        urls, kind = [text], "link"
    else:
        return
    for url in urls:
        scheme = SCHEME.match(INVISIBLE.sub("", url).lower())
        if scheme and scheme.group(1) in BAD_SCHEMES and not image_data(name, attr, url):
            covered = scheme.group(1) == "javascript" and attr in ("href", "src", "poster")
            yield (
                "covered-script" if covered else "scheme-script",
                (f"has a {scheme.group(1)}: URL in {attr}="),
            )
        elif kind != "link" and leaves_site(url, resolve):
            yield kind, f"makes a request to another site: {attr}={url.strip()}"


def fetched_href(name: str, tag: Tag) -> bool:
    if name == "link":
        return not set(r.lower() for r in tag.get("rel", [])) <= NOT_FETCHED_RELS
    return name in FETCHED_HREF


def image_data(name: str, attr: str, url: str) -> bool:
    """A data: image in an <img> (or an SVG's <image>) is a picture, not a page: allowed."""
    pictures = {"img", "source", "image"}
    return (
        name in pictures
        and attr in ("src", "srcset", "href", "xlink:href")
        and (
            INVISIBLE.sub("", url).lower().startswith("data:image/")
            and not url.lower().startswith("data:image/svg")
        )
    )


def leaves_site(url: str, resolve: Callable[[str], object]) -> bool:
    clean = INVISIBLE.sub("", url).replace("\\", "/")
    if not clean or clean.lower().startswith(("mailto:", "tel:", "data:", "#")):
        return False
    return resolve(clean) is None


def css_problems(
    path: str, line: int, css: str, resolve: Resolve, inline: bool = False
) -> list[Problem]:
    """url() and @import in a stylesheet (or a style= attribute) that fetch from elsewhere."""
    found = []
    nodes = tinycss2.parse_blocks_contents(css) if inline else tinycss2.parse_stylesheet(css)
    for url in css_urls(nodes):
        if leaves_site(url, lambda u: resolve(path, u)):
            message = f"its CSS loads a file from another site: {url}"
            found.append(Problem(path, line, message, HINTS["request"]))
    return found


def css_urls(nodes: list) -> Iterator[str]:
    """Every URL that parsed CSS (tinycss2's nodes) may fetch: url(), src(), @import."""
    stack = list(nodes)
    while stack:
        node = stack.pop()
        if node.type == "url":
            yield node.value
        elif node.type == "function" and node.lower_name in ("url", "src"):
            yield from (a.value for a in node.arguments if a.type == "string")
        elif node.type == "at-rule" and node.lower_at_keyword == "import":
            yield from (t.value for t in node.prelude if t.type in ("string", "url"))
        for child in ("prelude", "content", "value", "arguments"):
            nested = getattr(node, child, None)
            stack += [t for t in nested if hasattr(t, "type")] if isinstance(nested, list) else []


def feed_problems(root: Path, path: str, resolve: Resolve) -> list[Problem]:
    """The HTML inside a feed's entries, and where its links (and the sitemap's) lead."""
    try:
        tree = etree.parse(root / path)
    except etree.ParseError:
        return []  # gate.py reports a feed that does not parse
    found = []
    for element in tree.iter():
        name = element.tag.rsplit("}", 1)[-1]
        if name in FEED_HTML and element.text and "<" in element.text:
            fragment = BeautifulSoup(element.text, "html.parser")
            found += markup_problems(path, fragment, resolve, full=True)
        if name in FEED_LINKS:
            url = element.get("href") if name == "link" and element.get("href") else element.text
            found += link_problem(root, path, (url or "").strip(), resolve)
    return found


def json_feed_problems(root: Path, path: str, resolve: Resolve) -> list[Problem]:
    """The JSON Feed: the HTML of its items, and where its addresses lead."""
    try:
        feed = json.loads((root / path).read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        return [Problem(path, 0, f"the feed does not parse: {error}", HINTS["feed-link"])]
    found = []
    for item in feed.get("items", []):
        fragment = BeautifulSoup(item.get("content_html", ""), "html.parser")
        found += markup_problems(path, fragment, resolve, full=True)
    urls = [feed.get("home_page_url"), feed.get("feed_url")]
    for url in [*urls, *(item.get("url") for item in feed.get("items", []))]:
        found += link_problem(root, path, url, resolve) if url else []
    return found


def link_problem(root: Path, path: str, url: str, resolve: Resolve) -> list[Problem]:
    target = resolve(path, url) if url else None
    if target is not None and (root / target[0]).is_file():
        return []
    return [Problem(path, 0, f"links to a page that is not published: {url}", HINTS["feed-link"])]
