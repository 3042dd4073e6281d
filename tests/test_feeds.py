"""Feeds as a feed reader gets them: full essays, absolute URLs, ids that never move."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup

from essays.syndication.feed_groups import ALL, Group, grouped, series_groups
from essays.syndication.feeds import entry_id, feed_path
from tests.helpers import FIXTURE_SITE, PUBLISH_URL, build_into, page
from toolkit.settings import PUBLISH

TITLE = 'Closing tags </script> & <b>bold</b> "claims"'
FIRST = 'First light: a test essay with <angle> & "quotes"'
SERIES_PARTS = {"Where the roots go", "Following the water", "Up to the branches"}
PUBLISHED = {TITLE, "Second step", FIRST} | SERIES_PARTS
REFERENCE = "Where Values Meet Reality: Peer Support and Police Partnership"
FEEDS = ("feeds/all.atom.xml", "feeds/all.rss.xml")


def parse(output: Path, path: str, **options):
    """Parse a feed as it is written: no URL fixing or cleaning by feedparser."""
    options = {"resolve_relative_uris": False, "sanitize_html": False, **options}
    return feedparser.parse((output / path).read_bytes(), **options)


def body(entry) -> BeautifulSoup:
    """The HTML an entry carries: Atom's content, or RSS's description."""
    html = entry.content[0].value if "content" in entry else entry.summary
    return BeautifulSoup(html, "html.parser")


def urls(soup: BeautifulSoup) -> list[str]:
    found = [tag[a] for a in ("href", "src") for tag in soup.select(f"[{a}]")]
    for tag in soup.select("[srcset]"):
        found += [candidate.split()[0] for candidate in tag["srcset"].split(", ")]
    return found


def json_feed(output: Path) -> dict:
    return json.loads((output / "feed.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", FEEDS)
def test_feed_parses_and_lists_only_published_essays(published_site, path):
    feed = parse(published_site, path)
    assert not feed.bozo, feed.get("bozo_exception")
    assert {e.title for e in feed.entries} == PUBLISHED  # no draft, future or hidden essay


@pytest.mark.parametrize("path", FEEDS)
def test_entries_carry_the_whole_essay_with_its_captioned_figure(published_site, path):
    entry = next(e for e in parse(published_site, path).entries if e.title.startswith("First"))
    soup = body(entry)
    assert soup.find().get_text().startswith("Content note: Mentions a hospital stay.")
    assert "seen from the bridge" in soup.select_one("figure > figcaption").get_text()
    assert soup.select_one("figure img")["alt"] == "A river at dawn"
    assert "The footnote text." in soup.get_text()


@pytest.mark.parametrize("path", FEEDS)
def test_every_url_in_an_entry_is_absolute(published_site, path):
    for entry in parse(published_site, path).entries:
        for url in urls(body(entry)):
            assert urlsplit(url).scheme == "https" and urlsplit(url).netloc, (entry.title, url)
    closing = next(e for e in parse(published_site, path).entries if e.title == TITLE)
    assert f"{PUBLISH_URL}/about/" in urls(body(closing))
    assert f"{PUBLISH_URL}/archives/" in urls(body(closing))
    # The photo written as HTML shows its cleaned copy, never the original file.
    assert any(u.startswith(f"{PUBLISH_URL}/images/_v/small-") for u in urls(body(closing)))


def test_atom_entry_is_updated_when_the_essay_was_modified(published_site):
    entry = next(e for e in parse(published_site, FEEDS[0]).entries if e.title == TITLE)
    assert entry.published == "2024-04-20T00:00:00-05:00"
    assert entry.updated == "2024-06-01T09:15:00-05:00"


def test_json_feed_has_the_required_fields_and_the_same_items(published_site):
    feed = json_feed(published_site)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] == "At The Roots"
    assert feed["feed_url"] == f"{PUBLISH_URL}/feed.json"
    assert {i["title"] for i in feed["items"]} == PUBLISHED
    atom_ids = {e.id for e in parse(published_site, FEEDS[0]).entries}
    assert {i["id"] for i in feed["items"]} == atom_ids
    for item in feed["items"]:
        assert isinstance(item["id"], str) and item["content_html"]
        assert item["url"].startswith(f"{PUBLISH_URL}/essays/")
    closing = next(i for i in feed["items"] if i["title"] == TITLE)
    assert "</script><script>alert(1)</script>" in closing["summary"]
    assert closing["date_modified"] == "2024-06-01T09:15:00-05:00"


def test_entry_ids_stay_when_the_site_moves(published_site, tmp_path):
    moved = build_into(
        tmp_path, FIXTURE_SITE / "content", {**PUBLISH, "SITEURL": "https://example.org/blog"}
    )
    assert not moved.problems, moved.report()
    before = {e.title: e.id for e in parse(published_site, FEEDS[0]).entries}
    after = {e.title: e.id for e in parse(tmp_path / "output", FEEDS[0]).entries}
    assert after == before
    assert all(i["id"] in before.values() for i in json_feed(tmp_path / "output")["items"])


def test_entry_id_changes_only_with_slug_or_day():
    namespace = "bee0c313-84d5-42f5-8fb2-e3be668dfd0a"
    morning, evening = datetime(2024, 3, 5, 9), datetime(2024, 3, 5, 18, 30)
    assert entry_id(namespace, "a", morning) == entry_id(namespace, "a", evening)
    assert entry_id(namespace, "a", morning) != entry_id(namespace, "b", morning)
    assert entry_id(namespace, "a", morning) != entry_id(namespace, "a", datetime(2024, 3, 6))


def test_tag_feed_holds_the_tags_essays(published_site):
    feed = parse(published_site, "feeds/tags/healing.atom.xml")
    assert not feed.bozo
    assert [e.title for e in feed.entries] == ['First light: a test essay with <angle> & "quotes"']
    assert feed.feed.title == "At The Roots: essays about healing"


@pytest.mark.parametrize(
    "group, kind, expected",
    [
        (ALL, "atom", "feeds/all.atom.xml"),
        (ALL, "json", "feed.json"),
        (Group("tags", "peer-support"), "rss", "feeds/tags/peer-support.rss.xml"),
        (Group("series", "first-steps"), "atom", "feeds/series/first-steps.atom.xml"),
    ],
)
def test_feed_paths(group, kind, expected):
    assert feed_path(group, kind) == expected


def test_each_series_essay_belongs_to_its_series_feed_and_others_to_none():
    info = SimpleNamespace(name="First Steps", slug="first-steps", url="series/first-steps/")
    part, other = SimpleNamespace(series=info), SimpleNamespace(series=None)
    assert series_groups(part) == [Group("series", "first-steps")]
    assert series_groups(part)[0].page_url == "series/first-steps/"
    assert series_groups(other) == []
    assert grouped([part, other, part], series_groups) == {
        Group("series", "first-steps"): [part, part]
    }


def test_series_feed_is_written_and_linked_from_its_essays(tmp_path, content_copy):
    for name, part in (("first-light", 1), ("second-step", 2)):
        path = content_copy / "essays" / f"{name}.md"
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace("---\n", f"---\nseries: A test series\nseries_part: {part}\n", 1),
            encoding="utf-8",
        )
    result = build_into(tmp_path, content_copy, {**PUBLISH, "SITEURL": PUBLISH_URL})
    assert not result.problems, result.report()
    output = tmp_path / "output"
    feed = parse(output, "feeds/series/a-test-series.atom.xml")
    assert {e.title for e in feed.entries} == {"Second step", FIRST}
    essay = BeautifulSoup((output / "essays/second-step/index.html").read_text(), "html.parser")
    links = [link["href"] for link in essay.select('link[rel="alternate"]')]
    assert f"{PUBLISH_URL}/feeds/series/a-test-series.atom.xml" in links


def test_publishing_without_a_full_address_is_an_error(tmp_path):
    result = build_into(
        tmp_path, FIXTURE_SITE / "content", {**PUBLISH, "SITEURL": "essays.example.org"}
    )
    assert any("full address" in p.message for p in result.problems), result.report()
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize("path", (*FEEDS, "feed.json"))
def test_reference_essay_entry_shows_both_captioned_photos(real_site, path):
    if path == "feed.json":
        items = json_feed(real_site)["items"]
        html = next(i["content_html"] for i in items if i["title"] == REFERENCE)
        soup = BeautifulSoup(html, "html.parser")
    else:
        feed = parse(real_site, path)
        assert not feed.bozo
        soup = body(next(e for e in feed.entries if e.title == REFERENCE))
    figures = soup.select("figure")
    assert [f.select_one("figcaption").get_text()[:9] for f in figures] == [
        "Neverbee,",
        "Exhibit A",
    ]
    for figure in figures:
        img = figure.select_one("img")
        assert img["src"].startswith(f"{PUBLISH_URL}/images/")
        assert all(url.startswith(f"{PUBLISH_URL}/images/") for url in urls(figure))
    assert soup.find().get_text().startswith("Content note:")


def test_fixture_series_feed_lists_its_published_parts_and_not_the_draft(published_site):
    feed = parse(published_site, "feeds/series/roots-and-routes.atom.xml")
    assert not feed.bozo
    assert {e.title for e in feed.entries} == SERIES_PARTS


def test_series_page_links_its_own_feed_and_names_itself_in_link_previews(published_site):
    soup = page(published_site, "series/roots-and-routes/")
    feeds = [link["href"] for link in soup.select('link[rel="alternate"]')]
    assert f"{PUBLISH_URL}/feeds/series/roots-and-routes.atom.xml" in feeds
    assert soup.select_one('meta[property="og:title"]')["content"] == "Roots and Routes"
