"""The built site as a reader meets it: pages, links, drafts and the 404."""

from __future__ import annotations

from tests.helpers import page, words


def test_essay_page_shows_title_date_byline_and_reading_time(dev_site):
    soup = page(dev_site, "essays/first-light/")
    assert "First light" in soup.select_one("h1").get_text()
    time = soup.select_one(".byline time")
    assert time["datetime"].startswith("2024-03-05T00:00:00-06:00")
    assert time.get_text() == "March 5, 2024"
    assert "By At The Roots" in soup.select_one(".byline").get_text()
    assert "min read" in soup.select_one(".byline").get_text()


def test_title_with_markup_characters_is_escaped_in_title_tag(dev_site):
    soup = page(dev_site, "essays/first-light/")
    assert soup.title.get_text().startswith('First light: a test essay with <angle> & "quotes"')
    assert soup.select_one("h1 angle") is None


def test_image_with_italic_line_under_it_becomes_captioned_figure(dev_site):
    figure = page(dev_site, "essays/first-light/").select_one(".essay-body figure")
    assert figure.img["alt"] == "A river at dawn"
    caption = figure.select_one("figcaption")
    assert "seen from the bridge" in caption.get_text(" ", strip=True).replace("  ", " ")
    assert caption.select_one("a")["href"] == "https://example.org/river"
    assert caption.select_one("strong").get_text() == "bridge"


def test_content_note_comes_before_the_essay_body(dev_site):
    soup = page(dev_site, "essays/first-light/")
    note = soup.select_one(".content-note")
    assert "Mentions a hospital stay." in note.get_text()
    body = soup.select_one(".essay-body")
    assert note.sourceline < body.sourceline


def test_link_to_another_essay_file_points_at_its_page(dev_site):
    link = page(dev_site, "essays/second-step/").select_one(".essay-body a")
    assert link["href"] == "/essays/first-light/"


def test_essays_link_to_older_and_newer_neighbours(dev_site):
    older = page(dev_site, "essays/second-step/").select_one(".neighbour.older a")
    assert older["href"] == "/essays/first-light/"
    newer = page(dev_site, "essays/first-light/").select_one(".neighbour.newer a")
    assert newer["href"] == "/essays/second-step/"
    assert page(dev_site, "essays/first-light/").select_one(".neighbour.older") is None


def test_home_lists_published_essays_newest_first(published_site):
    titles = [words(a.get_text()) for a in page(published_site, "").select(".card-title a")]
    assert titles[:3] == ["Up to the branches", "Following the water", "Where the roots go"]
    assert titles[3].startswith("Closing tags")
    assert titles[4] == "Second step"
    assert titles[5].startswith("First light")
    assert len(titles) == 6


def test_draft_shows_in_development_with_a_banner(dev_site):
    soup = page(dev_site, "drafts/unfinished-thought/")
    assert "Draft" in soup.select_one(".draft-banner").get_text()


def test_production_build_has_no_trace_of_drafts_or_future_essays(published_site):
    for path in published_site.rglob("*"):
        assert "unfinished-thought" not in str(path)
        assert "from-the-future" not in str(path)
        if path.suffix in {".html", ".xml"}:
            text = path.read_text(encoding="utf-8")
            assert "An unfinished thought" not in text, path
            assert "A letter from the future" not in text, path


def test_pages_have_pretty_urls_and_a_root_404(published_site):
    assert (published_site / "about" / "index.html").exists()
    assert (published_site / "archives" / "index.html").exists()
    assert (published_site / "tags" / "community" / "index.html").exists()
    not_found = page(published_site, "404.html")
    assert "Page not found" in not_found.select_one("h1").get_text()
    assert not_found.select_one('link[rel="stylesheet"]')["href"].startswith("https://")


def test_no_page_but_search_has_a_script(published_site):
    # JSON-LD is data for search engines, never run: the one <script> type allowed. The
    # search page's own script: tests/test_search.py.
    for path in published_site.rglob("*.html"):
        if path.relative_to(published_site).as_posix() == "search/index.html":
            continue
        soup = page(published_site, str(path.relative_to(published_site)))
        assert soup.select('script:not([type="application/ld+json"])') == [], path


def test_every_page_has_skip_link_landmarks_and_one_h1(published_site):
    for path in published_site.rglob("*.html"):
        soup = page(published_site, str(path.relative_to(published_site)))
        assert soup.select_one("a.skip-link")["href"] == "#main", path
        assert (
            soup.select_one("main#main") and soup.select_one("header") and soup.select_one("footer")
        ), path
        assert len(soup.select("h1")) == 1, path
