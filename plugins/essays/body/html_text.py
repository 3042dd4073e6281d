"""Read rendered HTML with a real parser: make its URLs absolute, or take its plain text."""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser
from urllib.parse import urljoin

URL_ATTRIBUTES = frozenset({"href", "src", "poster", "cite", "action", "formaction"})
SRCSET_ATTRIBUTES = frozenset({"srcset", "imagesrcset"})
# Elements that separate words when their tags are dropped ("<p>a</p><p>b</p>" -> "a b").
BLOCKS = frozenset(
    {"address", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure"}
    | {"footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre"}
    | {"section", "table", "td", "th", "tr", "ul"}
)
UNREAD = frozenset({"script", "style", "template"})
RAW_TEXT = frozenset({"script", "style"})  # what HTMLParser reads without parsing


def absolute_urls(html: str, base: str) -> str:
    """Return html with every link, image and srcset URL resolved against base."""
    rewriter = UrlRewriter(base)
    rewriter.feed(html)
    rewriter.close()
    return "".join(rewriter.out)


def plain_text(html: str) -> str:
    """Return the text a reader sees in html, entities decoded and whitespace collapsed."""
    reader = TextReader()
    reader.feed(html)
    reader.close()
    return " ".join("".join(reader.out).split())


def absolute_srcset(value: str, base: str) -> str:
    """Resolve each candidate URL of a srcset, keeping its width or density descriptor."""
    candidates = []
    for url, descriptor in srcset_candidates(value):
        candidates.append(f"{urljoin(base, url)} {descriptor}".rstrip())
    return ", ".join(candidates)


def srcset_candidates(value: str) -> list[tuple[str, str]]:
    """Split a srcset into (url, descriptor) pairs as the HTML standard reads them.

    A URL runs to the next whitespace (so a data: URL may hold commas); a comma
    straight after it, or the first comma after its descriptor, ends the candidate.
    """
    pairs, position = [], 0
    while position < len(value):
        while position < len(value) and (value[position].isspace() or value[position] == ","):
            position += 1
        start = position
        while position < len(value) and not value[position].isspace():
            position += 1
        url = value[start:position]
        if not url:
            break
        if url.endswith(","):
            pairs.append((url.rstrip(","), ""))
            continue
        end = value.find(",", position)
        end = len(value) if end < 0 else end
        pairs.append((url, value[position:end].strip()))
        position = end + 1
    return pairs


class UrlRewriter(HTMLParser):
    """Copy HTML token by token, rewriting only the URL attributes of each tag."""

    def __init__(self, base: str) -> None:
        # Text arrives decoded and is escaped again on the way out: the same text, and
        # a bare "AT&T" in raw HTML cannot turn into the entity "&T;".
        super().__init__(convert_charrefs=True)
        self.base = base
        self.out: list[str] = []
        self.raw_text: str | None = None  # inside <script> or <style>: copy as it is

    def rewrite(self, tag: str, attrs: list[tuple[str, str | None]], close: str) -> None:
        changed = [(name, self.absolute(name, value)) for name, value in attrs]
        if changed == attrs:
            self.out.append(self.get_starttag_text() or "")
            return
        text = "".join(
            f" {name}" if value is None else f' {name}="{escape(value)}"' for name, value in changed
        )
        self.out.append(f"<{tag}{text}{close}>")

    def absolute(self, name: str, value: str | None) -> str | None:
        if value is None:
            return None
        if name in URL_ATTRIBUTES:
            return urljoin(self.base, value.strip())
        if name in SRCSET_ATTRIBUTES:
            return absolute_srcset(value, self.base)
        return value

    def handle_starttag(self, tag, attrs) -> None:
        self.rewrite(tag, attrs, "")
        if tag in RAW_TEXT:
            self.raw_text = tag

    def handle_startendtag(self, tag, attrs) -> None:
        self.rewrite(tag, attrs, " /")

    def handle_endtag(self, tag) -> None:
        self.out.append(f"</{tag}>")
        if tag == self.raw_text:
            self.raw_text = None

    def handle_data(self, data) -> None:
        self.out.append(data if self.raw_text else escape(data, quote=False))

    def handle_comment(self, data) -> None:
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl) -> None:
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data) -> None:
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data) -> None:
        self.out.append(f"<![{data}]>")


class TextReader(HTMLParser):
    """Collect the visible text of HTML, with a space where a block starts or ends."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs) -> None:
        self.skipping += tag in UNREAD
        if tag in BLOCKS:
            self.out.append(" ")

    def handle_endtag(self, tag) -> None:
        self.skipping -= tag in UNREAD and self.skipping > 0
        if tag in BLOCKS:
            self.out.append(" ")

    def handle_data(self, data) -> None:
        if not self.skipping:
            self.out.append(data)
