"""Typesetting: curly quotes and real dashes, through smartypants and typogrify.

Dashes, one rule everywhere: a hyphen typed with a space on each side (" - ") and
a double hyphen ("--") become an en dash, spaced as the writer spaced it (a spaced
hyphen's dash keeps a no-break space before it, so no line starts with it); a triple
hyphen ("---") is an em dash. That is smartypants' "D" attribute for "--" and
"---"; smartypants has no option for a spaced single hyphen, so a Markdown inline
pattern turns it into the same en dash (never inside code, which Markdown has
already set aside), and plain text (a title) gets it from `plain_dashes`.

Speed: reading an essay spends most of its time here, so `typeset` skips each step
that provably cannot change a piece of text (a piece with no quote has no quote to
curl); what it returns is exactly what smartypants and typogrify return.
"""

from __future__ import annotations

import html
import re
import sys
from itertools import accumulate

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


# Something every match of typogrify's `amp` and `caps` patterns contains: where the
# whole HTML has none, the filter changes nothing and is not run.
AMP = re.compile(r"&(?:amp;|\#38;)?(?:\s|&nbsp;)")  # an ampersand before a space
CAPS = re.compile(r"[A-Z]\d*[A-Z]|[A-Z]\.\s?[A-Z]")  # two capitals, or "A.B"
# smartypants leaves alone what is inside these elements (<pre>, <code> ...).
SKIPPED_TAG = smartypants._tags_to_skip_regex()
# A quote alone between two tags, as smartypants curls it: (opening, closing).
LONE_QUOTE = {"'": ("&#8216;", "&#8217;"), '"': ("&#8220;", "&#8221;")}


def typeset(markup: str) -> str:
    """Return rendered HTML with curly quotes, dashes, and typogrify's other touches."""
    from typogrify import filters

    curled = smarten(markup)
    amp, caps = AMP.search(curled) is not None, CAPS.search(curled) is not None
    # typogrify(curled, smartypants=False), its filters in its order, run where they can act.
    typeset_html = []
    for section, outside_code in filters.process_ignores(curled):
        if outside_code:
            section = filters.amp(section) if amp else section
            section = filters.caps(section) if caps else section
            section = widont(filters.initial_quotes(section))
        typeset_html.append(section)
    return "".join(typeset_html)


def smarten(markup: str) -> str:
    """Return `smartypants.smartypants(markup, SMARTYPANTS_ATTRS)`, only sooner.

    The same walk over tags and text as smartypants' own, calling its own steps,
    but only on text that has the characters a step changes.
    """
    skipped: list[str] = []  # the open elements whose text stays as written
    result: list[str] = []
    previous = ""  # the last character of the text before, for a lone quote
    for kind, token in smartypants._tokenize(markup):
        if kind == "tag":
            result.append(token)
            if found := SKIPPED_TAG.match(token):
                closing, name = found.group(1), found.group(2).lower()
                if not closing:
                    skipped.append(name)
                elif skipped and skipped[-1] == name:
                    skipped.pop()
        else:
            result.append(token if skipped else smarten_text(token, previous))
            previous = token[-1:]
    return "".join(result)


def smarten_text(text: str, previous: str) -> str:
    """Curl the quotes and set the dashes and ellipses of one piece of text between tags."""
    if "\\" in text:
        text = smartypants.process_escapes(text)
    if "--" in text:
        text = smartypants.convert_dashes_oldschool(text)
    if "..." in text or ". . ." in text:
        text = smartypants.convert_ellipses(text)
    if "``" in text or "''" in text:
        text = smartypants.convert_backticks(text)
    if text in LONE_QUOTE:  # closing after a character that is not a space, else opening
        return LONE_QUOTE[text][re.match(r"\S", previous) is not None]
    if "'" in text or '"' in text:
        text = curl_quotes(text)
    return text


# smartypants' quote rules read at most 8 characters before a quote (an entity such as
# "&#x2013;") and 3 after it, and change nothing else: text farther than QUOTE_REACH
# from every quote is left as it is, so only the stretches around quotes are curled.
QUOTE_REACH = 16
QUOTE_CLUSTER = re.compile(rf"""['"](?:[^'"]{{0,{2 * QUOTE_REACH}}}['"])*""")


def curl_quotes(text: str) -> str:
    """Return `smartypants.convert_quotes(text)`, run only around the quotes."""
    pieces, done = [], 0
    for cluster in QUOTE_CLUSTER.finditer(text):
        start = max(0, cluster.start() - QUOTE_REACH)  # 0 keeps the rules for a first quote
        end = cluster.end() + QUOTE_REACH
        pieces += [text[done:start], smartypants.convert_quotes(text[start:end])]
        done = end
    return "".join([*pieces, text[done:]])


# typogrify's widont: the space before the last word of a paragraph, heading or list
# item becomes a no-break space. Its pattern (verbatim below) is tried at every
# character; every match ends at a block's closing tag (or the end), so `widont`
# tries it only from the earliest place a match ending there could start.
WIDONT = re.compile(
    r"((?:</?(?:a|em|span|strong|i|b)[^>]*>)|[^<>\s])\s+"
    r"([^<>\s]+\s*(</(a|em|span|strong|i|b)>\s*)*((</(p|h[1-6]|li|dt|dd)>)|$))"
)
BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|dt|dd)>")
INLINE_ENDS = ("</a>", "</em>", "</span>", "</strong>", "</i>", "</b>")
NEVER = sys.maxsize  # no match can end at this block's end


def widont(html_text: str) -> str:
    """Return `typogrify.filters.widont(html_text)`, only sooner."""
    ends = [(m.end(), widont_start(html_text, m.start())) for m in BLOCK_END.finditer(html_text)]
    ends.append((len(html_text), widont_start(html_text, len(html_text))))
    # earliest[k]: the earliest a match ending at the k-th end or a later one can start
    # (a later one can start sooner: an inline tag left open runs over a block's end).
    # No match starts between `done` and there, so the search from there finds the
    # match the search from `done` would.
    earliest = list(accumulate((start for _, start in reversed(ends)), min))[::-1]
    kept, done, k = [], 0, 0
    while True:
        while k < len(ends) and ends[k][0] <= done:
            k += 1
        if k == len(ends) or earliest[k] == NEVER:
            break
        found = WIDONT.search(html_text, max(done, earliest[k]))
        if found is None:
            break
        kept += [html_text[done : found.start()], found.expand(r"\1&nbsp;\2")]
        done = found.end()
    return "".join([*kept, html_text[done:]])


def widont_start(html_text: str, end: int) -> int:
    """Return the earliest a widont match ending at `end` can start, else NEVER.

    Such a match is: a character or an inline tag, spaces, the last word, then only
    spaces and closing inline tags up to `end`.
    """
    word_end = end
    # Back over the spaces and closing inline tags before `end`: they end in different
    # letters, so there is one way back, and the last word ends where it stops.
    while True:
        if word_end and html_text[word_end - 1].isspace():  # str.isspace is regex's \s
            word_end -= 1
        elif closing := next((t for t in INLINE_ENDS if html_text.endswith(t, 0, word_end)), ""):
            word_end -= len(closing)
        else:
            break
    word = word_end
    while word and html_text[word - 1] not in "<>" and not html_text[word - 1].isspace():
        word -= 1
    space = word
    while space and html_text[space - 1].isspace():
        space -= 1
    if word == word_end or space == word or space == 0 or html_text[space - 1] == "<":
        return NEVER
    if html_text[space - 1] == ">":  # an inline tag, starting after the `>` before it
        return html_text.rfind(">", 0, space - 1) + 1
    return space - 1


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
