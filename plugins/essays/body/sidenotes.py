"""Sidenotes: a copy of each footnote beside its paragraph, for wide screens (CSS only).

The endnote list that Markdown's footnotes make stays as it is: narrow screens,
print, feeds and screen readers use it. The copies are added only on the essay's
own page (article.html calls `with_sidenotes`), hidden from screen readers so no
note is read twice, and their links are kept out of the keyboard's path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag

FOOTNOTES = "footnote"  # the class of Markdown's endnote list


def with_sidenotes(content: str) -> Markup:
    """Return the essay's HTML with a sidenote before each paragraph that cites a note."""
    if f'class="{FOOTNOTES}"' not in content:
        return Markup(content)
    from bs4 import BeautifulSoup  # a tenth of a second to import: only for essays with notes

    soup = BeautifulSoup(content, "html.parser")
    notes = soup.find("div", class_=FOOTNOTES)
    if notes is None:
        return Markup(content)
    done: set[str] = set()
    for ref in soup.select('sup[id^="fnref"] > a[href^="#fn"]'):
        note = notes.find("li", id=ref["href"][1:])
        block = top_block(ref, soup)
        if note is None or block is None or block is notes or note["id"] in done:
            continue
        done.add(note["id"])
        block.insert_before(sidenote(soup, ref.get_text(), note))
    return Markup(soup.decode(formatter="html5"))


def top_block(element: Tag, soup: BeautifulSoup) -> Tag | None:
    """The element at the top level of the essay's body that holds element."""
    for parent in [element, *element.parents]:
        if parent.parent is soup:
            return parent
    return None


def sidenote(soup: BeautifulSoup, number: str, note: Tag) -> Tag:
    """A copy of the note, numbered, without its back-link, ids or keyboard stops."""
    from bs4 import BeautifulSoup

    copy = BeautifulSoup(note.decode_contents(), "html.parser")
    for backlink in copy.select(".footnote-backref"):
        backlink.decompose()
    for element in copy.find_all(True):
        element.attrs.pop("id", None)
        if element.name == "a" and element.has_attr("href"):
            element["tabindex"] = "-1"
    aside = soup.new_tag("aside", attrs={"class": "sidenote", "aria-hidden": "true"})
    label = soup.new_tag("span", attrs={"class": "sidenote-number"})
    label.string = number
    first = copy.find("p")
    (first or copy).insert(0, label)
    aside.append(copy)
    return aside
