"""The essay page, second round: contents, section links, sidenotes, dashes, photos, cards."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from markdown import Markdown
from PIL import Image

from essays.body import headings
from essays.reading.reader import EssayReader
from tests.helpers import (
    FIXTURE_SITE,
    LONG_READ,
    PUBLISH_URL,
    ROOT,
    SECTIONS,
    add_long_read,
    build_into,
    page,
    words,
)
from toolkit.settings import PUBLISH, load_settings

ESSAY = f"essays/{LONG_READ}/"


@pytest.fixture(scope="module")
def long_site(tmp_path_factory) -> Path:
    """The fixture site with a long essay added, published."""
    tmp = tmp_path_factory.mktemp("long-read")
    content = tmp / "content"
    shutil.copytree(FIXTURE_SITE / "content", content)
    add_long_read(content)
    result = build_into(tmp, content, {**PUBLISH, "SITEURL": PUBLISH_URL})
    assert not result.problems, result.report()
    return tmp / "output"


def test_contents_list_links_every_section_in_a_labelled_nav(long_site):
    soup = page(long_site, ESSAY)
    nav = soup.select_one("article nav.contents")
    label = soup.find(id=nav["aria-labelledby"])
    assert label.get_text() == "Contents"
    assert nav.select_one("details[open] > summary")
    links = nav.select("a")
    assert [words(a.get_text()) for a in links] == list(SECTIONS)
    for link in links:
        heading = soup.select_one(f".essay-body h2#{link['href'][1:]}")
        assert heading is not None, link["href"]


def test_every_heading_links_to_itself_with_a_label_screen_readers_hear(long_site):
    headings = page(long_site, ESSAY).select(".essay-body h2")
    assert len(headings) == len(SECTIONS)
    for heading, name in zip(headings, SECTIONS, strict=True):
        link = heading.select_one("a.headerlink")
        assert link["href"] == f"#{heading['id']}"
        assert link.get_text().strip(), "the link is visible"
        assert name in link["aria-label"]
        assert not link.find_parent(attrs={"aria-hidden": True}) and "aria-hidden" not in link.attrs


@pytest.mark.parametrize("essay", [pytest.param("essays/first-light/", id="one-paragraph-essay")])
def test_a_short_essay_has_no_contents_list(published_site, essay):
    assert page(published_site, essay).select_one("nav.contents") is None


def test_each_note_sits_beside_its_paragraph_and_in_the_list_once(long_site):
    body = page(long_site, ESSAY).select_one(".essay-body")
    sidenotes = body.select("aside.sidenote")
    assert len(sidenotes) == 3
    for number, aside in enumerate(sidenotes, 1):
        assert aside["aria-hidden"] == "true", "screen readers read the list at the end"
        assert f"The text of note {number}" in aside.get_text()
        assert aside.find_next_sibling("p").select_one(f'a[href="#fn:{number}"]')
        assert all(a["tabindex"] == "-1" for a in aside.select("a"))
        assert not aside.select("[id]"), "no id twice on the page"
    notes = body.select(".footnote li")
    assert [n["id"] for n in notes] == ["fn:1", "fn:2", "fn:3"]
    for note in notes:
        assert body.select_one(
            f"#{note.select_one('.footnote-backref')['href'][1:]}".replace(":", "\\:")
        )


def test_feeds_carry_the_notes_once_as_endnotes(long_site):
    feed = (long_site / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert "sidenote" not in feed
    assert feed.count("The text of note 1") == 1


@pytest.mark.parametrize(
    "typed, shown",
    [
        pytest.param("isn’t for everyone - and it", "isn’t for everyone \u2013 and it", id="body"),
        pytest.param("It’s not a roadmap - it’s", "It’s not a roadmap \u2013 it’s", id="body-2"),
    ],
)
def test_the_reference_essay_shows_dashes_where_the_author_typed_hyphens(real_site, typed, shown):
    text = " ".join(
        page(real_site, "essays/where-values-meet-reality/")
        .select_one(".essay-body")
        .get_text()
        .split()
    )
    source = (ROOT / "content" / "essays" / "where-values-meet-reality.md").read_text()
    assert typed in source
    assert shown in text.replace("\xa0", " ")


def test_titles_and_summaries_get_the_same_dashes(long_site):
    soup = page(long_site, ESSAY)
    assert (
        soup.select_one("h1").get_text().replace("\xa0", " ") == "A long read \u2013 in four parts"
    )
    title = soup.select_one("title").get_text().replace("\xa0", " ")
    assert title.startswith("A long read \u2013 in four parts")
    description = soup.select_one('meta[name="description"]')["content"]
    assert description == "Four sections \u2013 and three notes."


def test_hyphens_in_code_stay_hyphens(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE / "content", content)
    (content / "essays" / "code.md").write_text(
        "---\ntitle: Code\ndate: 2024-01-01\n---\n\nRun `ls - l` then:\n\n    a - b\n",
        encoding="utf-8",
    )
    result = build_into(tmp_path, content, PUBLISH | {"SITEURL": PUBLISH_URL})
    assert not result.problems, result.report()
    codes = page(tmp_path / "output", "essays/code/").select(".essay-body code")
    assert [c.get_text() for c in codes] == ["ls - l", "a - b\n"]


def test_each_photo_opens_its_cleaned_full_size_copy(long_site):
    figure = page(long_site, ESSAY).select_one(".essay-body figure")
    link = figure.select_one("a.full-size")
    assert link.select_one("img")
    assert link["href"].startswith(f"{PUBLISH_URL}/images/_v/")
    with Image.open(long_site / link["href"].removeprefix(PUBLISH_URL + "/")) as full:
        assert full.size == (1000, 2000)
        assert not full.getexif() and "xmp" not in full.info


def share_card(site: Path, essay: str) -> tuple[str, str, Path]:
    soup = page(site, essay)
    url = soup.select_one('meta[property="og:image"]')["content"]
    assert soup.select_one('meta[name="twitter:image"]')["content"] == url
    alt = soup.select_one('meta[property="og:image:alt"]')["content"]
    return url, alt, site / url.removeprefix(PUBLISH_URL + "/")


def test_two_essays_without_photos_have_their_own_cards(published_site):
    cards = [share_card(published_site, f"essays/{e}/") for e in ("closing-tags", "quiet-note")]
    assert cards[0][0] != cards[1][0]
    for url, alt, path in cards:
        assert "/images/_v/share-" in url and alt
        with Image.open(path) as card:
            assert (card.format, card.size) == ("PNG", (1200, 630))
            assert not card.info and not card.getexif(), "a card carries no metadata"
    assert len({path.read_bytes() for _, _, path in cards}) == 2


def test_an_essay_with_a_photo_keeps_its_photo_as_card(published_site):
    url, _, _ = share_card(published_site, "essays/first-light/")
    assert "/images/_v/river-" in url


def test_a_card_is_drawn_once_and_again_only_when_the_title_changes(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_SITE / "content", content)
    settings = PUBLISH | {"SITEURL": PUBLISH_URL}
    build_into(tmp_path, content, settings)
    first, _, _ = share_card(tmp_path / "output", "essays/quiet-note/")
    cached = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "cache").rglob("share-cards/*")}
    assert len(cached) >= 2
    build_into(tmp_path, content, settings)
    again = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "cache").rglob("share-cards/*")}
    assert again == cached
    essay = content / "essays" / "quiet-note.md"
    essay.write_text(essay.read_text().replace("title:", "title: New", 1), encoding="utf-8")
    build_into(tmp_path, content, settings)
    changed, _, _ = share_card(tmp_path / "output", "essays/quiet-note/")
    assert changed != first


def test_reference_essay_html_and_css_fit_in_14_kb_compressed(real_site, capsys):
    html = (real_site / "essays" / "where-values-meet-reality" / "index.html").read_bytes()
    css = b"".join(p.read_bytes() for p in (real_site / "theme" / "css").glob("main.*.css"))
    sizes = {name: len(gzip.compress(data, 9)) for name, data in (("html", html), ("css", css))}
    with capsys.disabled():
        print(f"\nreference essay, gzip -9: HTML {sizes['html']} B + CSS {sizes['css']} B")
    assert sizes["html"] + sizes["css"] <= 14 * 1000


@pytest.mark.parametrize(
    "heading, section_id",
    [
        pytest.param("Where it starts", "where-it-starts", id="plain"),
        pytest.param("Main", "section-main", id="the-skip-link-target"),
        pytest.param("Share title", "section-share-title", id="a-page-label"),
    ],
)
def test_a_heading_never_takes_an_id_the_page_uses(heading, section_id):
    md = Markdown(
        extensions=["toc", headings.SectionLinksExtension()],
        extension_configs={"toc": {"permalink": "#"}},
    )
    soup = BeautifulSoup(md.convert(f"## {heading}\n\ntext"), "html.parser")
    assert soup.h2["id"] == section_id
    assert soup.h2.a["href"] == f"#{section_id}"


@pytest.mark.parametrize(
    "heading",
    [
        pytest.param("Where it starts", id="plain"),
        pytest.param("What the FBI and CIT taught me", id="capitals-typogrify-wraps"),
        pytest.param("Tom & Jerry", id="an-ampersand-typogrify-wraps"),
        pytest.param("A 'single' and \"double\" quote", id="quotes"),
        pytest.param("When 1 < 2 > 0", id="angle-brackets"),
    ],
)
def test_a_section_link_is_labelled_with_its_heading_as_plain_text(tmp_path, heading):
    essay = tmp_path / "essays" / "labelled.md"
    essay.parent.mkdir()
    essay.write_text(f"---\ntitle: Labelled\ndate: 2024-01-01\n---\n\n## {heading}\n\nText.\n")
    settings = {**load_settings(PUBLISH), "PATH": str(tmp_path), "CACHE_PATH": str(tmp_path)}

    body, _ = EssayReader(settings).read(str(essay))

    link = BeautifulSoup(body, "html.parser").select_one("h2 a.headerlink")
    assert sorted(link.attrs) == ["aria-label", "class", "href"]  # no attribute torn apart
    assert link["aria-label"] == f"Link to the section “{heading}”"
