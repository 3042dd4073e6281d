"""Search: Pagefind indexes published essays only; one page runs its script, no other page."""

from __future__ import annotations

import pytest

from essays.assets import joined_sources
from tests.helpers import PUBLISH_URL, every_page, page, search_entries, words
from toolkit.publish import gate, search_index

SEARCH_PAGE = "search/index.html"


def listed_essays(output) -> list[str]:
    """The essays the archive lists, as site paths: what a reader can find by browsing."""
    links = page(output, "archives/").select(".archive-list a")
    return [a["href"].removeprefix(PUBLISH_URL) for a in links]


def script_policy(soup) -> list[str]:
    meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    return next(d.split()[1:] for d in meta["content"].split(";") if "script-src" in d)


def test_the_index_holds_every_published_essay_and_nothing_else(searchable_site):
    assert sorted(search_entries(searchable_site)) == sorted(listed_essays(searchable_site))


@pytest.mark.parametrize(
    "url, field, expected",
    [
        pytest.param("/essays/first-light/", "content", "The first paragraph", id="body"),
        pytest.param("/essays/first-light/", "title", "First light", id="title"),
        pytest.param("/essays/first-light/", "content", "healing. community.", id="topics"),
        pytest.param("/essays/following-the-water/", "content", "Roots and Routes", id="series"),
    ],
)
def test_the_index_holds_an_essays_title_body_topics_and_series(
    searchable_site, url, field, expected
):
    entry = search_entries(searchable_site)[url]
    held = {"content": entry["content"], **entry["meta"]}
    assert expected in words(held[field])


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("min read", id="byline"),
        pytest.param("Share this essay", id="share-links"),
        pytest.param("Up to the branches", id="series-nav-lists-other-parts"),
        pytest.param("Skip to main content", id="page-around-the-essay"),
    ],
)
def test_what_surrounds_an_essay_is_not_indexed(searchable_site, text):
    entry = search_entries(searchable_site)["/essays/following-the-water/"]
    assert text not in words(entry["content"])


def test_search_page_lists_every_published_essay_with_date_and_topics(published_site):
    soup = page(published_site, "search/")
    items = soup.select(".search-all li")
    assert [li.a["href"].removeprefix(PUBLISH_URL) for li in items] == listed_essays(published_site)
    first_light = next(li for li in items if "first-light" in li.a["href"])
    assert first_light.time["datetime"].startswith("2024-03-05")
    assert "healing" in first_light.get_text() and "community" in first_light.get_text()
    assert "needs JavaScript" in soup.select_one("[data-search-fallback]").get_text()
    assert soup.select_one("label[for=search-input]") and soup.select_one("#search-input")


def test_every_page_links_to_search_in_its_header(published_site):
    for path, soup in every_page(published_site):
        links = soup.select('nav[aria-label="Main"] a')
        assert f"{PUBLISH_URL}/search/" in [a["href"] for a in links], path


def test_only_the_search_page_has_a_script_and_a_policy_that_lets_it_run(published_site):
    for path, soup in every_page(published_site):
        scripts = [s for s in soup.find_all("script") if s.get("type") != "application/ld+json"]
        if path == SEARCH_PAGE:
            assert [s["src"].startswith(f"{PUBLISH_URL}/theme/js/") for s in scripts] == [True]
            assert script_policy(soup) == ["'self'", "'wasm-unsafe-eval'"]
        else:
            assert scripts == [], path
            assert script_policy(soup) == ["'none'"], path


def test_the_gate_lets_only_the_pages_named_in_the_policy_exceptions_run_scripts():
    assert gate.pages_with_scripts() == {SEARCH_PAGE}


def test_the_published_search_page_passes_the_gate_with_its_index(searchable_site):
    problems = gate.check(searchable_site, PUBLISH_URL, html_checker=lambda root: [])
    assert problems == []
    assert (searchable_site / "pagefind" / "pagefind.js").is_file()
    assert not (searchable_site / "pagefind" / "pagefind-ui.js").exists()  # nothing loads it


def test_a_site_with_no_published_essay_gets_no_index(tmp_path):
    (tmp_path / "pagefind").mkdir()  # left by an older build
    (tmp_path / "pagefind" / "pagefind.js").write_text("old", encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="en"><head><title>x</title></head>'
        "<body><main><p>The about page, not an essay.</p></main></body></html>",
        encoding="utf-8",
    )
    assert search_index.index_site(tmp_path) == []
    assert not (tmp_path / "pagefind").exists()


def test_publishing_without_pagefind_installed_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setattr(search_index, "pagefind_command", lambda site: None)
    (problem,) = search_index.index_site(tmp_path)
    assert "Pagefind is not installed" in problem.message
    assert "pip install" in problem.hint


@pytest.mark.parametrize(
    "exceptions, expected",
    [
        pytest.param(
            [{"script-src": "'self' 'sha256-x'"}, {"script-src": "'self' 'wasm-unsafe-eval'"}],
            {"script-src": "'self' 'sha256-x' 'wasm-unsafe-eval'"},
            id="preview-and-search-page-both-allowed",
        ),
        pytest.param([{}, {"script-src": "'self'"}], {"script-src": "'self'"}, id="one"),
        pytest.param([{"img-src": "'self'"}, {}], {"img-src": "'self'"}, id="other-directive"),
    ],
)
def test_preview_and_page_exceptions_add_up(exceptions, expected):
    assert joined_sources(*exceptions) == expected
