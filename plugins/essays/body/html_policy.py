"""What raw HTML an essay may hold: an allowlist of elements, attributes and URL schemes.

The rule is data here, and the decision is made twice over the writer's HTML:
once on the elements Python's html.parser sees (which also gives the line), and
once on what nh3 (html5ever, the parser browsers follow) sees, by asking nh3 to
clean it with this allowlist and comparing with what it keeps when allowed
everything. A trick that only one parser falls for is caught by the other.
Nothing is ever stripped: every difference is a refusal the writer reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import nh3

if TYPE_CHECKING:  # bs4 is imported when an essay is read: see parsed()
    from bs4 import BeautifulSoup, Tag


def names(text: str) -> frozenset[str]:
    """A set of names written as words, one line of the policy at a time."""
    return frozenset(text.split())


TAGS = (
    names("a abbr b bdi bdo blockquote br caption cite code col colgroup data dd del details")
    | names("dfn div dl dt em figcaption figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark")
    | names("ol p picture pre q rp rt ruby s samp small source span strong sub summary sup")
    | names("table tbody td tfoot th thead time tr u ul var wbr audio video track")
    | names("aside section address")
)
EVERYWHERE = frozenset({"id", "class", "title", "lang", "dir", "role", "aria-label"})
ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "hreflang", "rel"}),
    "img": frozenset({"src", "alt", "width", "height", "srcset", "sizes", "loading", "decoding"}),
    "source": frozenset({"src", "srcset", "type", "media", "sizes", "width", "height"}),
    "audio": frozenset({"src", "controls", "preload", "loop", "muted"}),
    "video": frozenset({"src", "controls", "preload", "loop", "muted", "poster", "width"})
    | {"height", "playsinline"},
    "track": frozenset({"src", "kind", "srclang", "label", "default"}),
    "td": frozenset({"colspan", "rowspan", "headers"}),
    "th": frozenset({"colspan", "rowspan", "headers", "scope", "abbr"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "data": frozenset({"value"}),
    "time": frozenset({"datetime"}),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
    "details": frozenset({"open"}),
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Attributes whose URL a browser fetches by itself: these must stay on this site.
LOADED = frozenset({"src", "poster", "srcset"})
URL_ATTRIBUTES = frozenset({"href", "src", "poster", "cite"})
# What nh3 keeps when told to keep everything a browser could act on, so that its
# view of the HTML (the browser's) can be compared with what the allowlist keeps.
ANY_TAG = (
    TAGS
    | names("script style iframe frame frameset object embed applet param svg math image use")
    | names("form input button textarea select option base link meta noscript template")
    | names("portal marquee animate set foreignobject feimage area map body head html")
)
ANY_SCHEME = URL_SCHEMES | names("javascript vbscript data file blob filesystem about ftp")
SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
INVISIBLE = re.compile(r"[\x00-\x20]")  # what URL parsers drop or trim

HINT = "the raw HTML an essay may use is listed in the README, under `Raw HTML in essays`"
SCRIPT_HINT = "the site runs no scripts: remove it"
EMBED_HINT = "link to the page on the other site instead of embedding it"
HOST_HINT = (
    "put the file in content/images/ and point at it there: the site promises readers "
    "that it makes no request to another site"
)
STYLE_HINT = "use Markdown for emphasis; the look of the site lives in theme/static/css/main.css"
DRAWING_HINT = (
    "save the drawing as a file in content/images/ (SVG or PNG) and show it like a photo: "
    "![what it shows](../images/drawing.svg)"
)
HINTS = {
    "script": SCRIPT_HINT,
    "noscript": SCRIPT_HINT,
    "style": STYLE_HINT,
    "svg": DRAWING_HINT,
    "image": DRAWING_HINT,
    "math": DRAWING_HINT,
}
SCHEME_HINT = "link with https:, http:, mailto: or tel:, or to a page of this site"
EMBEDS = {"iframe", "frame", "frameset", "object", "embed", "applet", "portal"}


@dataclass(frozen=True, order=True)
class Refusal:
    """One thing outside the policy: where in the fragment (from 0), what, what to do."""

    offset: int
    message: str
    hint: str
    key: tuple[str, str | None] = field(default=("", None), compare=False)


def refusals(fragment: str) -> list[Refusal]:
    """Return everything in an HTML fragment that the policy refuses, in order, once each."""
    written = parsed(fragment).find_all(True)
    found = {r for tag in written for r in judge(tag, fragment)}
    # What only the browser's reading shows (a parser trick) counts on lines where
    # Python's reading found nothing: elsewhere it would repeat a refusal in other words.
    lines = {line_of(fragment, r.offset) for r in found}
    seen_by_browser = browser_view(fragment)
    extra = {r for tag in seen_by_browser.find_all(True) for r in judge(tag, fragment)}
    # nh3 has the last word: what it would strip and no rule above named is refused too.
    named = {r.key for r in found | extra}
    kept = items(parsed(strict_clean(fragment)))
    for name, attr, value in items(seen_by_browser) - kept:
        if (name, attr) not in named and (name, None) not in named:
            what = f"<{name}>" if attr is None else f"{attr}={value!r} on <{name}>"
            where = locate(fragment, name, attr)
            extra.add(Refusal(where, f"{what} is not allowed in an essay", HINT, (name, attr)))
    found |= {r for r in extra if line_of(fragment, r.offset) not in lines}
    first: dict[str, Refusal] = {}
    for refusal in sorted(found):
        first.setdefault(refusal.message, refusal)
    return sorted(first.values())


def line_of(fragment: str, offset: int) -> int:
    return fragment.count("\n", 0, offset)


def judge(tag: Tag, fragment: str) -> Iterator[Refusal]:
    """The refusals of one parsed element, placed where it is written in the fragment."""
    for attr, message, hint in element_problems(tag.name.lower(), tag.attrs):
        yield Refusal(locate(fragment, tag.name.lower(), attr), message, hint, (tag.name, attr))


def element_problems(name: str, attrs: Mapping[str, object]) -> list[tuple[str | None, str, str]]:
    """(attribute or None, message, hint) for each thing of one element the policy refuses."""
    if name not in TAGS:
        hint = HINTS.get(name, EMBED_HINT if name in EMBEDS else HINT)
        return [(None, f"<{name}> is not allowed in an essay", hint)]
    found = []
    for attr, value in attrs.items():
        message = attribute_problem(name, attr.lower(), value)
        if message:
            hint = SCRIPT_HINT if attr.lower().startswith("on") else HINTS.get(attr, HINT)
            hint = HOST_HINT if "another site" in message else hint
            found.append((attr, message, SCHEME_HINT if "address type" in message else hint))
    return found


def attribute_problem(tag: str, attr: str, value: object) -> str:
    """Why an attribute of an allowed tag is refused; empty when it is fine."""
    if attr not in EVERYWHERE | ATTRIBUTES.get(tag, frozenset()):
        return f"{attr}= is not allowed on <{tag}> in an essay"
    text = " ".join(value) if isinstance(value, list) else str(value or "")
    urls = [e.split()[0] for e in text.split(",") if e.split()] if attr == "srcset" else [text]
    for url in urls if attr in URL_ATTRIBUTES | {"srcset"} else []:
        problem = url_problem(url, loaded=attr in LOADED)
        if problem:
            return f"{attr}= on <{tag}> {problem}"
    return ""


def url_problem(url: str, loaded: bool) -> str:
    """Why a URL is refused: a scheme outside the list, or a file fetched from elsewhere."""
    clean = INVISIBLE.sub("", url).replace("\\", "/").lower()
    scheme = SCHEME.match(clean)
    if scheme and scheme.group(1) not in URL_SCHEMES:
        return f"uses an address type that is not allowed: {scheme.group(1)}:"
    if loaded and (scheme or clean.startswith("//")):
        return f"loads a file from another site: {url.strip()}"
    return ""


def browser_view(fragment: str) -> BeautifulSoup:
    """The fragment as html5ever (a browser's parser) reads it, re-serialised by nh3."""
    cleaned = nh3.clean(
        fragment,
        tags=set(ANY_TAG),
        clean_content_tags=set(),
        generic_attribute_prefixes={""},
        link_rel=None,
        url_schemes=set(ANY_SCHEME),
    )
    return parsed(cleaned)


def parsed(fragment: str) -> BeautifulSoup:
    """The fragment as Python's HTML parser reads it.

    bs4 is imported here, not at the top: with soupsieve it takes about 0.15 s to
    import, and a build that reads no essay (all cached) never needs it.
    """
    from bs4 import BeautifulSoup

    return BeautifulSoup(fragment, "html.parser")


def strict_clean(fragment: str) -> str:
    """What nh3 keeps of the fragment under the policy."""
    return nh3.clean(
        fragment,
        tags=set(TAGS),
        attributes={"*": set(EVERYWHERE), **{t: set(a) for t, a in ATTRIBUTES.items()}},
        link_rel=None,
        url_schemes=set(URL_SCHEMES),
    )


def items(soup: BeautifulSoup) -> set[tuple[str, str | None, str | None]]:
    """Every element and every attribute with its value, as comparable tuples."""
    found: set[tuple[str, str | None, str | None]] = set()
    for tag in soup.find_all(True):
        found.add((tag.name, None, None))
        for attr, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value or "")
            found.add((tag.name, attr, text))
    return found


def locate(fragment: str, tag: str, attr: str | None) -> int:
    """Where in the fragment a tag (and its attribute) is written; 0 when it cannot be told."""
    lower = fragment.lower()
    start = lower.find("<" + tag)
    if attr is not None:
        at = lower.find(attr.lower(), max(start, 0))
        start = at if at >= 0 else start
    return max(start, 0)
