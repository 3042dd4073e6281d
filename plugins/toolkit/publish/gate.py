"""The quality gate on a built site: every page checked, every problem listed at once."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
from bs4 import BeautifulSoup, Tag
from pelican.settings import read_settings

from essays.problems import Problem
from toolkit.publish import hostile_html, html_validator, image_privacy, page_weight
from toolkit.settings import CONF

# (tag, attribute) pairs whose URL the browser loads by itself, so it must be ours.
LOADED = {("video", "poster")} | {
    (tag, "src")
    for tag in ("img", "source", "script", "iframe", "embed", "audio", "video", "track", "input")
}
SRCSET = ("img", "source")
LOADED_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "apple-touch-icon"}
FEED_TYPES = {"application/atom+xml", "application/rss+xml"}
DATA_SCRIPT = "application/ld+json"  # structured data: never run, so the CSP allows it
HINTS = {
    "link": "fix the link in the essay or template, or publish the page it points at",
    "image": "check the image's file name in the essay, and that the file is in content/images/",
    "fragment": "link to an id that exists on that page (figures are #fig-<file name>)",
    "host": "copy the file into content/images/ and link to it there",
    "script": "the site runs no scripts: remove it (its Content-Security-Policy would block it)",
    "page-script": "this page may load the site's own script files, nothing more: "
    'move the code into theme/static/js/ and load it with <script type="module" src=...>',
    "style": "move the styling into theme/static/css/main.css (the CSP blocks inline styles)",
    "draft": "drafts never go online: publish with `invoke publish`, which leaves them out",
}


@dataclass
class Site:
    """A built site: its folder, its address, and every HTML page parsed once."""

    root: Path
    url: str
    script_pages: frozenset[str] = frozenset()  # pages whose policy lets the site's scripts run
    pages: dict[str, BeautifulSoup] = field(default_factory=dict)
    feeds: set[str] = field(default_factory=set)
    known_ids: dict[str, set[str]] = field(default_factory=dict)

    def ids(self, path: str) -> set[str]:
        """The ids a #fragment can point at on a page (and old-style <a name>)."""
        if path not in self.known_ids:
            soup = self.pages.get(path) or BeautifulSoup("", "html.parser")
            named = soup.find_all("a", attrs={"name": True})
            self.known_ids[path] = {t["id"] for t in soup.find_all(id=True)} | {
                t["name"] for t in named
            }
        return self.known_ids[path]


def check(
    folder: Path,
    site_url: str,
    html_checker: Callable[[Path], list[Problem]] = html_validator.check_html,
    script_pages: frozenset[str] | None = None,
) -> list[Problem]:
    """Return every problem of the site in folder, sorted by page and line.

    script_pages may load the site's own script files (the search page); every other
    page runs none. By default they are the pages CSP_EXCEPTIONS lets run scripts.
    """
    site = load(folder.resolve(), site_url.rstrip("/"))
    site.script_pages = pages_with_scripts() if script_pages is None else script_pages
    problems = [p for path, soup in site.pages.items() for p in page_problems(site, path, soup)]
    problems += draft_folders(site.root) + feed_problems(site) + html_checker(site.root)
    problems += image_privacy.check(site.root)  # photo metadata: a second lock
    problems += hostile_html.check(
        site.root, site.pages, lambda p, u: resolve(site, p, u), site.feeds
    )
    return sorted(set(problems))


def pages_with_scripts(conf: Path = CONF) -> frozenset[str]:
    """The pages pelican.conf.py's CSP_EXCEPTIONS lets run the site's own scripts."""
    exceptions = read_settings(str(conf)).get("CSP_EXCEPTIONS", {})
    return frozenset(
        page
        for page, directives in exceptions.items()
        if "'self'" in directives.get("script-src", "").split()
    )


def load(root: Path, url: str) -> Site:
    site = Site(root, url)
    for path in sorted(root.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        site.pages[path.relative_to(root).as_posix()] = BeautifulSoup(text, "html.parser")
    site.feeds = {p.relative_to(root).as_posix() for p in root.glob("feeds/**/*.xml")}
    return site


def page_problems(site: Site, path: str, soup: BeautifulSoup) -> list[Problem]:
    """Check one page's links, loaded files, scripts, styles, draft marks and weight."""
    problems = []
    scripts = path in site.script_pages
    for tag in soup.find_all(True):
        found = [*tag_problems(tag, scripts)]
        found += [url_problem(site, path, tag, a, u) for a, u in urls(tag)]
        problems += [Problem(path, tag.sourceline or 0, m, HINTS[k]) for k, m in found if m]
    return problems + page_weight.check_page(
        site.root, path, soup, lambda u: resolve(site, path, u)
    )


def tag_problems(tag: Tag, scripts: bool = False) -> list[tuple[str, str]]:
    """What one element must not be; scripts: the page may load the site's script files."""
    found = []
    kind = tag.get("type", "").strip().lower()
    if tag.name == "script" and kind != DATA_SCRIPT:
        if not scripts:
            found.append(("script", "has a <script>"))
        elif kind not in ("", "module") or not own_file(tag.get("src", "")) or tag.get_text():
            found.append(("page-script", "has a <script> that is not one of the site's files"))
    found += [("script", f"has an inline script: {a}=") for a in tag.attrs if a.startswith("on")]
    if tag.name == "style" or tag.has_attr("style"):
        found.append(("style", f"has an inline style on <{tag.name}>"))
    if "draft-banner" in tag.get("class", []):
        found.append(("draft", "is marked as a draft"))
    return found


def own_file(src: str) -> bool:
    """A script address that can be one of the site's files (gate.check then finds it)."""
    return bool(src.strip()) and urlsplit(src.strip()).scheme.lower() in ("", "http", "https")


def urls(tag: Tag) -> list[tuple[str, str]]:
    """The (attribute, URL) pairs of a tag, one per srcset entry."""
    found = [(a, tag[a].strip()) for a in ("href", "src", "poster") if tag.get(a)]
    if tag.name in SRCSET and tag.get("srcset"):
        found += [("srcset", e.split()[0]) for e in tag["srcset"].split(",") if e.strip()]
    return found


def url_problem(site: Site, path: str, tag: Tag, attr: str, url: str) -> tuple[str, str]:
    loaded = attr == "srcset" or (tag.name, attr) in LOADED
    rels = set(tag.get("rel", [])) if tag.name == "link" else set()
    loaded = loaded or bool(rels & LOADED_RELS)
    scheme = urlsplit(url).scheme.lower()
    if scheme == "javascript":
        return "script", f"has a javascript: URL in {attr}"
    if scheme in ("data", "mailto", "tel"):
        return "", ""
    target = resolve(site, path, url)
    if target is None:
        return ("host", f"loads a file from another site: {url}") if loaded else ("", "")
    if "alternate" in rels and tag.get("type") in FEED_TYPES:
        site.feeds.add(target[0])
    return target_problem(site, url, *target, image=tag.name in SRCSET)


def target_problem(site: Site, url: str, file: str, fragment: str, image: bool) -> tuple[str, str]:
    if not (site.root / file).is_file():
        return ("image", f"image not found: {url}") if image else ("link", f"broken link: {url}")
    anchored = fragment and fragment.lower() != "top" and file.endswith(".html")
    if anchored and fragment not in site.ids(file):
        return "fragment", f"no element with id {fragment!r} on {file}: {url}"
    return "", ""


def resolve(site: Site, page: str, url: str) -> tuple[str, str] | None:
    """Map a URL on a page to (file in the output, fragment); None when it is another site's."""
    parts, base = urlsplit(url), urlsplit(site.url)
    prefix = base.path.rstrip("/")
    if parts.scheme or parts.netloc:
        ours = (parts.scheme or base.scheme, parts.netloc.lower()) == (
            base.scheme,
            base.netloc.lower(),
        )
        if not ours or not (parts.path + "/").startswith(prefix + "/"):
            return None
        path = parts.path[len(prefix) :]
    elif parts.path.startswith("/"):
        path = parts.path
    else:  # relative to the page's folder; a bare #fragment points into the page itself
        path = posixpath.join("/" + posixpath.dirname(page), parts.path) if parts.path else page
    return site_file(site.root, unquote(path)), unquote(parts.fragment)


def site_file(root: Path, path: str) -> str:
    """The file a static host serves for a URL path: folders serve their index.html."""
    clean = posixpath.normpath("/" + path).lstrip("/")
    if path.endswith("/") or not clean or (root / clean).is_dir():
        clean = posixpath.join(clean, "index.html")
    return clean


def draft_folders(root: Path) -> list[Problem]:
    """Development builds write drafts under drafts/ (DRAFT_SAVE_AS in tasks.py)."""
    if not (root / "drafts").exists():
        return []
    return [Problem("drafts", 0, "a draft folder is published", HINTS["draft"])]


def feed_problems(site: Site) -> list[Problem]:
    """Parse every feed the pages announce or the feeds/ folder holds."""
    problems = []
    for path in sorted(site.feeds):
        parsed = feedparser.parse((site.root / path).read_bytes())
        if parsed.bozo or not parsed.version:
            reason = parsed.get("bozo_exception") or "not a feed"
            problems.append(
                Problem(path, 0, f"the feed does not parse: {reason}", "tell a developer")
            )
    return problems
