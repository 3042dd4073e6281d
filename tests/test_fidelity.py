"""The reference essay, converted faithfully: every sentence, in order."""

from __future__ import annotations

import re
from pathlib import Path

from tests.helpers import page, words

# A copy of ../shared/reference, exactly as the organisation gave it.
REFERENCE = Path(__file__).resolve().parent / "fixtures" / "reference"
ESSAY = "where-values-meet-reality"
# The old site's navigation after the last sentence is not part of the essay.
TRAILER = "\nNext\nNext"


def reference_sentences() -> list[str]:
    text = (REFERENCE / f"{ESSAY}.txt").read_text(encoding="utf-8")
    _title, body = text.split("\n", 1)
    body = body.split(TRAILER)[0]
    return [s for s in re.split(r"(?<=[.!?:”)])\s+", words(body)) if s]


def test_every_sentence_appears_in_order(real_site):
    soup = page(real_site, f"essays/{ESSAY}/")
    text = words(soup.select_one(".essay-body").get_text())
    position = 0
    for sentence in reference_sentences():
        found = text.find(sentence, position)
        assert found >= 0, f"missing or out of order: {sentence!r}"
        position = found + len(sentence)


def test_title_is_the_reference_title(real_site):
    soup = page(real_site, f"essays/{ESSAY}/")
    title = (REFERENCE / f"{ESSAY}.txt").read_text(encoding="utf-8").split("\n", 1)[0]
    assert words(soup.select_one("h1").get_text()) == words(title)


def test_old_site_navigation_is_not_part_of_the_essay(real_site):
    text = page(real_site, f"essays/{ESSAY}/").select_one(".essay-body").get_text()
    assert "How to Feel Alive Without Burning Everything Down" not in text


def test_listed_lines_keep_one_line_each(real_site):
    body = page(real_site, f"essays/{ESSAY}/").select_one(".essay-body")
    clear = next(p for p in body.select("p") if "I still believe in accountability" in p.text)
    assert len(clear.select("br")) == 4
    not_because = next(p for p in body.select("p") if "Not because the system" in p.text)
    assert len(not_because.select("br")) == 2


def test_opening_note_is_an_aside(real_site):
    aside = page(real_site, f"essays/{ESSAY}/").select_one(".essay-body > aside")
    assert "A Note for Fellow Peer Workers" in aside.get_text()
    assert "It’s not a roadmap" in aside.get_text()


def test_both_photos_are_captioned_placeholders(real_site):
    figures = page(real_site, f"essays/{ESSAY}/").select(".essay-body figure")
    captions = [words(f.figcaption.get_text()) for f in figures]
    assert captions == [
        "Neverbee, obviously being the best dancer ever.",
        "Exhibit A: Lacie, our Community Engagement Coordinator, clearly winning.",
    ]
    for figure, name in zip(figures, ("Neverbee", "Lacie"), strict=True):
        assert figure.img["alt"].startswith("Placeholder") and name in figure.img["alt"]
        assert (real_site / figure.img["src"].split("essays.example.org/")[1]).is_file()
