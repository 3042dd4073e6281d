"""Drafts and essays dated in the future: shown in the preview, absent from production."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest

from tests.helpers import FIXTURE_SITE, PUBLISH_URL, build_into, page, words
from toolkit.settings import DEV, PUBLISH

# The fixture site's published essays, and those of them tagged "community".
PUBLISHED = {
    "first-light",
    "second-step",
    "closing-tags",
    "where-the-roots-go",
    "following-the-water",
    "up-to-the-branches",
}
COMMUNITY = {"first-light", "second-step", "closing-tags"}
HELD_BACK = {
    "essays/tagged-draft.md": (
        "---\ntitle: A tagged draft\ndate: 2024-06-01\nstatus: draft\n"
        "tags: [community, only-in-drafts]\n---\n\nNot yet.\n"
    ),
    "essays/tagged-future.md": (
        "---\ntitle: A tagged future essay\ndate: 2999-06-01\n"
        "tags: [community, only-in-the-future]\n---\n\nNot yet either.\n"
    ),
}


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """The fixture site plus a tagged draft and a tagged future essay, built both ways."""
    content = tmp_path_factory.mktemp("held-back") / "content"
    shutil.copytree(FIXTURE_SITE / "content", content)
    for name, text in HELD_BACK.items():
        (content / name).write_text(text, encoding="utf-8")
    built = {}
    for name, overrides in (
        ("dev", DEV),
        ("publish", {**PUBLISH, "SITEURL": PUBLISH_URL}),
    ):
        tmp = tmp_path_factory.mktemp(name)
        result = build_into(tmp, content, overrides)
        assert not result.problems, result.report()
        built[name] = tmp / "output"
    return built


def linked_essays(output: Path, url_path: str) -> set[str]:
    """The slugs of the essays a page links to."""
    paths = (urlsplit(a["href"]).path for a in page(output, url_path).select("main a[href]"))
    return {p.split("/")[2] for p in paths if p.startswith("/essays/") and p.count("/") > 2}


def list_pages(output: Path) -> list[str]:
    """Every page that lists essays: home (all its pages), archive, topics and each topic."""
    folders = [output, output / "archives", output / "tags", *(output / "tags").rglob("*")]
    folders += (output / "page").rglob("*")
    return [
        str(folder.relative_to(output)) + "/" if folder != output else ""
        for folder in folders
        if (folder / "index.html").exists()
    ]


def test_production_lists_only_published_essays(sites):
    output = sites["publish"]
    pages = list_pages(output)
    assert {"", "archives/", "tags/", "tags/community/"} <= set(pages)
    for url_path in pages:
        assert linked_essays(output, url_path) <= PUBLISHED, url_path
    for url_path in ("", "archives/"):
        assert linked_essays(output, url_path) == PUBLISHED, url_path
    assert linked_essays(output, "tags/community/") == COMMUNITY


def test_production_has_no_topic_that_only_held_back_essays_use(sites):
    output = sites["publish"]
    topics = {a.get_text() for a in page(output, "tags/").select(".tag-list a")}
    assert "community" in topics
    assert not topics & {"only-in-drafts", "only-in-the-future"}
    assert not (output / "tags" / "only-in-drafts").exists()
    assert not (output / "tags" / "only-in-the-future").exists()


def test_production_feeds_hold_only_published_essays(sites):
    for feed in ("all.atom.xml", "all.rss.xml"):
        entries = feedparser.parse(sites["publish"] / "feeds" / feed).entries
        assert {urlsplit(e.link).path.split("/")[2] for e in entries} == PUBLISHED, feed


def test_production_writes_no_page_for_held_back_essays(sites):
    output = sites["publish"]
    assert not (output / "drafts").exists()
    for slug in ("tagged-draft", "tagged-future", "unfinished-thought", "from-the-future"):
        assert not list(output.rglob(f"*{slug}*")), slug


def test_preview_shows_the_draft_with_a_banner_at_its_drafts_address(sites):
    soup = page(sites["dev"], "drafts/tagged-draft/")
    assert "Draft" in soup.select_one(".draft-banner").get_text()
    assert words(soup.select_one("h1").get_text()) == "A tagged draft"


def test_preview_lists_the_future_essay_like_a_published_one_with_its_date_on_a_banner(sites):
    output = sites["dev"]
    assert "tagged-future" in linked_essays(output, "")
    assert "tagged-future" in linked_essays(output, "tags/community/")
    banner = page(output, "essays/tagged-future/").select_one(".draft-banner")
    assert words(banner.get_text()).startswith("Scheduled for")


def test_the_preview_lists_drafts_and_scheduled_essays_and_their_banners_link_there(dev_site):
    listing = page(dev_site, "drafts/").select(".unpublished-list li")
    entries = [words(item.get_text(" ")) for item in listing]
    assert any(e.startswith("Draft An unfinished thought") for e in entries), entries
    assert any(
        e.startswith("Scheduled for January 1, 2999 A letter from the future") for e in entries
    )
    draft = page(dev_site, "drafts/unfinished-thought/").select_one(".draft-banner")
    future = page(dev_site, "essays/from-the-future/").select_one(".draft-banner")
    assert words(draft.get_text()).startswith("Draft: not published.")
    assert words(future.get_text()).startswith("Scheduled for January 1, 2999: not published yet.")
    for banner in (draft, future):
        assert banner.a["href"] == "/drafts/"
    assert page(dev_site, "essays/first-light/").select_one(".draft-banner") is None


def test_the_published_site_has_no_list_of_drafts(published_site):
    assert not (published_site / "drafts").exists()
