"""Section headings: a labelled link to each, and the contents list of a long essay.

Python-Markdown's `toc` extension (configured in MARKDOWN, pelican.conf.py) gives
every heading its id and a "#" link to itself; this labels that link for screen
readers with the heading's words, and `contents` decides when an essay lists them.
"""

from __future__ import annotations

import html
import secrets
from collections.abc import Callable
from html import escape
from typing import Any
from xml.etree import ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

# An essay with at least this many sections gets a contents list.
MIN_SECTIONS = 3
LINK_CLASS = "headerlink"
# Ids the essay page itself uses (theme/templates): a heading must not take one.
PAGE_IDS = frozenset({"main", "contents-title", "essay-topics", "related-title", "share-title"})


class SectionLinks(Treeprocessor):
    """Give each heading's "#" link a label to be filled in once the body is typeset.

    typogrify's `amp` reads a tag whose attribute is named with a hyphen as text: it
    would wrap the "&" of "Tom & Jerry" in a heading's label in a <span>, tearing the
    tag apart. So the link gets a placeholder of lowercase letters and digits that no
    typesetting step changes, and `label_links` puts the label in its place after.
    """

    def run(self, root: etree.Element) -> None:
        labels: dict[str, str] = {}
        self.md.section_labels = labels
        nonce = secrets.token_hex(8)  # a writer cannot type it by chance
        tokens = {t["id"]: t for t in flatten(getattr(self.md, "toc_tokens", []))}
        for heading in root.iter():
            link = heading[-1] if len(heading) else None
            if link is None or link.get("class") != LINK_CLASS:
                continue
            token = tokens.get(heading.get("id", ""))
            if token is None:
                continue
            if token["id"] in PAGE_IDS:  # "## Main" would break the skip link's target
                token["id"] = f"section-{token['id']}"
                heading.set("id", token["id"])
                link.set("href", f"#{token['id']}")
            placeholder = f"sectionlabel{nonce}n{len(labels)}"
            labels[placeholder] = f"Link to the section “{html.unescape(token['name'])}”"
            link.set("aria-label", placeholder)
            link.attrib.pop("title", None)


def label_links(body: str, labels: dict[str, str]) -> str:
    """Put each section link's label in place of its placeholder (SectionLinks)."""
    for placeholder, label in labels.items():
        body = body.replace(f'aria-label="{placeholder}"', f'aria-label="{escape(label)}"')
    return body


class SectionLinksExtension(Extension):
    """Label each heading's link to itself with the heading (after `toc`, priority 5)."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(SectionLinks(md), "section_links", 4)


def flatten(tokens: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return every heading token, children after their parent."""
    return [t for token in tokens for t in [token, *flatten(token.get("children", []))]]


def contents(
    tokens: list[dict[str, Any]], typeset: Callable[[str], str] = escape
) -> list[dict[str, Any]]:
    """Return the sections to list (id, HTML of the name, subsections); [] for a short essay.

    The essay's sections are its highest headings (normally `##`), listed with their
    subsections (`###`); deeper headings keep their links but stay out of the list.
    """
    if len(tokens) == 1 and tokens[0]["level"] == 1:  # one `#` heading above the sections
        tokens = tokens[0]["children"]
    if len(tokens) < MIN_SECTIONS:
        return []
    return [section(t, typeset, depth=2) for t in tokens]


def section(token: dict[str, Any], typeset: Callable[[str], str], depth: int) -> dict[str, Any]:
    """A section and, down to depth levels in all, its subsections."""
    children = token.get("children", []) if depth > 1 else []
    return {
        "id": token["id"],
        "html": typeset(escape(html.unescape(token["name"]), quote=False)),
        "children": [section(t, typeset, depth - 1) for t in children],
    }
