"""Hold an essay's HTML to the policy in html_policy.py, and say where each refusal is written.

Two kinds of HTML reach a page: what the writer typed as HTML (Python-Markdown keeps
it aside, verbatim, in `md.htmlStash`) and what Markdown made (links, images,
`{: attr=...}` lists, `<div markdown>` blocks), which sits in the element tree.
Both are checked; nothing is stripped, every refusal is an error at its line.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor, UnescapeTreeprocessor

from essays.body import html_policy
from essays.body.local_links import find_nth
from essays.problems import Problem

# Markdown's tables align columns with this style attribute: Markdown's doing, not the
# writer's, so it is left to the publishing gate like every other template matter.
TABLE_ALIGN = re.compile(r"^text-align: (?:left|right|center);$")


def placer(text: str, first_line: int) -> Callable[[int], int]:
    """Map an offset in text to its line in the file, text starting at first_line."""
    return lambda offset: first_line + text.count("\n", 0, max(offset, 0))


def stash_problems(md: Markdown, text: str, first_line: int, path: str) -> list[Problem]:
    """Check every piece of raw HTML Markdown set aside while converting text."""
    text = text.expandtabs(md.tab_length)  # as Markdown stashed it; lines stay the same
    line_of, seen, problems = placer(text, first_line), {}, []
    for block in md.htmlStash.rawHtmlBlocks:
        if not isinstance(block, str) or "<" not in block:
            continue  # entities, or elements Markdown parsed itself (checked in the tree)
        written = block.strip()
        nth = seen.get(written, 0)
        seen[written] = nth + 1
        start = find_nth(text, written, nth)
        for refusal in html_policy.refusals(written):
            offset = start + refusal.offset if start >= 0 else -1
            problems.append(Problem(path, line_of(offset), refusal.message, refusal.hint))
    return problems


def text_problems(text: str, line: int, path: str, field_name: str) -> list[Problem]:
    """A plain-text field (content_note) shows HTML as typed: refuse any element in it."""
    if not html_policy.items(html_policy.browser_view(text)):
        return []
    return [
        Problem(
            path,
            line,
            f"`{field_name}` is plain text: HTML in it would show as typed",
            "write it as plain words, without < > tags",
        )
    ]


class TreeCheck(Treeprocessor):
    """Check the elements Markdown made, before figures and local links change them."""

    def __init__(self, md, text: str, line_of: Callable[[int], int], path: str, found: list):
        super().__init__(md)
        self.text, self.line_of, self.path, self.found = text.lower(), line_of, path, found
        self.unescape = UnescapeTreeprocessor(md).unescape

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue  # comments and processing instructions
            written = {k: self.unescape(v) for k, v in element.attrib.items()}
            # Markdown keeps entities in URLs as written, and browsers decode them:
            # [x](jav&#x61;script:...) is a javascript: link, so judge it decoded.
            attrs = {k: html.unescape(v) for k, v in written.items()}
            if element.tag in ("th", "td") and TABLE_ALIGN.match(attrs.get("style", "")):
                del attrs["style"]
            for attr, message, hint in html_policy.element_problems(element.tag, attrs):
                offset = self.where(element.tag, attr, written.get(attr, "") if attr else "")
                self.found.append(Problem(self.path, self.line_of(offset), message, hint))

    def where(self, tag: str, attr: str | None, value: str) -> int:
        """Find how the element was written: the value, the attribute, else the tag."""
        needles = [value, f"{attr}=", attr] if attr else []
        for needle in [*needles, f"<{tag}"]:
            if needle and (at := self.text.find(needle.lower())) >= 0:
                return at
        return -1


class StashCheck(Postprocessor):
    """Check the raw HTML as the writer typed it, before raw_images.py rewrites its photos."""

    def __init__(self, md, text: str, first_line: int, path: str, found: list):
        super().__init__(md)
        self.text, self.first_line, self.path, self.found = text, first_line, path, found

    def run(self, text: str) -> str:
        self.found += stash_problems(self.md, self.text, self.first_line, self.path)
        return text


class RawHtmlExtension(Extension):
    def __init__(self, text: str, first_line: int, path: str, found: list[Problem]):
        super().__init__()
        self.args = (text, placer(text, first_line), path, found)
        self.stash_args = (text, first_line, path, found)

    def extendMarkdown(self, md) -> None:
        # Priority 7: after inline parsing (20) and attr_list (8), before figures (5).
        md.treeprocessors.register(TreeCheck(md, *self.args), "essay_raw_html", 7)
        # Priority 40: before raw_images.py (35) gives written <img> absolute addresses.
        md.postprocessors.register(StashCheck(md, *self.stash_args), "essay_raw_html", 40)
