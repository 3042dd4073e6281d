"""Typesetting: curly quotes and real dashes, through smartypants and typogrify.

Dashes, one rule everywhere: a hyphen typed with a space on each side (" - ") and
a double hyphen ("--") become an en dash, spaced as the writer spaced it (a spaced
hyphen's dash keeps a no-break space before it, so no line starts with it); a triple
hyphen ("---") is an em dash. That is smartypants' "D" attribute for "--" and
"---"; smartypants has no option for a spaced single hyphen, so a Markdown inline
pattern turns it into the same en dash (never inside code, which Markdown has
already set aside), and plain text (a title) gets it from `plain_dashes`.
"""

from __future__ import annotations

import html
import re

import smartypants
from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

EN_DASH = "\u2013"
# A spaced dash keeps a no-break space before it, so no line starts with a dash.
SPACED_EN_DASH = "\u00a0\u2013"
# q: "curly quotes", b: ``backticks'', D: -- en dash, --- em dash, e: ... ellipsis
ATTR = smartypants.Attr
SMARTYPANTS_ATTRS = ATTR.q | ATTR.b | ATTR.D | ATTR.e
# A hyphen standing alone after a space, before a space or a line break.
SPACED_HYPHEN = r" -(?=\s)"


class SpacedHyphen(InlineProcessor):
    def handleMatch(self, m: re.Match[str], data: str) -> tuple[str, int, int]:
        return SPACED_EN_DASH, m.start(0), m.end(0)


class DashExtension(Extension):
    """Turn a spaced hyphen in running text into an en dash."""

    def extendMarkdown(self, md: Markdown) -> None:
        # Lower than `backtick` (190) and `html` (90): code and raw HTML are set aside first.
        md.inlinePatterns.register(SpacedHyphen(SPACED_HYPHEN, md), "spaced_hyphen", 5)


def typeset(markup: str) -> str:
    """Return rendered HTML with curly quotes, dashes, and typogrify's other touches."""
    from typogrify.filters import typogrify

    return typogrify(smartypants.smartypants(markup, SMARTYPANTS_ATTRS), smartypants=False)


def plain_dashes(text: str) -> str:
    """Return plain text (not HTML) with its dashes typeset by the same rule as the body."""
    spaced = text.replace(" - ", f"{SPACED_EN_DASH} ")  # plain text: no markup or code to avoid
    dashed = smartypants.smartypants(html.escape(spaced, quote=False), smartypants.Attr.D)
    return html.unescape(dashed)


def plain_typeset(text: str) -> str:
    """Return plain text with curly quotes and dashes, still plain text (for pictures)."""
    spaced = text.replace(" - ", f"{SPACED_EN_DASH} ")
    typeset_text = smartypants.smartypants(html.escape(spaced, quote=False), SMARTYPANTS_ATTRS)
    return html.unescape(typeset_text)
