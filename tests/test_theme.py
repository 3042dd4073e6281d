"""The theme's HTML, parsed: plain titles, headings in order, navigation, lists, footnotes."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from tests.helpers import FIXTURE_SITE, build_into, every_page, page, words
from toolkit.settings import DEV

# What typogrify leaves behind when its output reaches plain text by mistake.
TYPOGRIFY_TRACES = ("<span", "class=", "&#", "&nbsp;", "&amp;", "&rsquo;", "&ldquo;")
VAGUE_LINK_TEXT = {"click here", "here", "read more", "more", "link", "this"}


@pytest.fixture(scope="module")
def paginated_site(tmp_path_factory) -> Path:
    """The fixture site as `invoke build` makes it, with one essay per list page."""
    tmp = tmp_path_factory.mktemp("paginated")
    result = build_into(tmp, FIXTURE_SITE / "content", {**DEV, "DEFAULT_PAGINATION": 1})
    assert not result.problems, result.report()
    return tmp / "output"


def test_visible_heading_is_typographic_and_the_title_tag_plain(published_site):
    soup = page(published_site, "essays/first-light/")
    assert soup.select_one("h1 span.amp").get_text() == "&"
    assert (
        soup.title.get_text() == 'First light: a test essay with <angle> & "quotes" · At The Roots'
    )


@pytest.mark.parametrize("site", ["published_site", "real_site"])
def test_no_typographic_markup_leaks_into_titles_or_attributes(site, request):
    for path, soup in every_page(request.getfixturevalue(site)):
        texts = [soup.title.get_text()]
        texts += [str(v) for tag in soup.find_all(True) for v in tag.attrs.values()]
        for text in texts:
            assert not any(trace in text for trace in TYPOGRIFY_TRACES), (path, text)


@pytest.mark.parametrize("site", ["dev_site", "real_site"])
def test_every_page_has_headings_in_order(site, request):
    for path, soup in every_page(request.getfixturevalue(site)):
        levels = [int(h.name[1]) for h in soup.select("h1, h2, h3, h4, h5, h6")]
        assert levels[0] == 1, path
        for before, after in pairwise(levels):
            assert after <= before + 1, (path, levels)


@pytest.mark.parametrize(
    "url_path, current",
    [
        ("", "At The Roots"),
        ("archives/", "Archive"),
        ("tags/", "Topics"),
        ("about/", "About this test site"),
        ("essays/first-light/", None),
    ],
)
def test_navigation_marks_the_current_page_only(published_site, url_path, current):
    marked = page(published_site, url_path).select(".site-header [aria-current]")
    assert [a.get_text() for a in marked] == ([current] if current else [])
    assert all(a["aria-current"] == "page" for a in marked)


@pytest.mark.parametrize("site", ["published_site", "real_site"])
def test_every_link_says_where_it_goes(site, request):
    for path, soup in every_page(request.getfixturevalue(site)):
        # Footnote back-links are the "↩" sign everyone knows, with a title saying where.
        for link in soup.select("a:not(.footnote-backref)"):
            alts = [img.get("alt", "") for img in link.select("img")]  # a photo's link says it
            text = words(" ".join([link.get_text(" ", strip=True), *alts])).lower()
            assert text and text not in VAGUE_LINK_TEXT, (path, str(link))


def test_home_card_shows_title_date_reading_time_summary_and_content_note(published_site):
    card = next(
        c for c in page(published_site, "").select(".card") if "First light" in c.get_text()
    )
    assert card.select_one("h2 a")["href"] == "https://essays.example.org/essays/first-light/"
    assert card.select_one("time")["datetime"].startswith("2024-03-05")
    assert "1 min read" in card.select_one(".card-meta").get_text()
    assert card.select_one(".card-summary em").get_text() == "short"
    assert "Mentions a hospital stay." in card.select_one(".card-note").get_text()


def test_home_card_without_summary_or_note_shows_neither(published_site):
    card = next(c for c in page(published_site, "").select(".card") if "Second" in c.get_text())
    assert card.select_one(".card-summary") is None
    assert card.select_one(".card-note") is None


def test_list_pages_link_to_older_and_newer_pages(paginated_site):
    first = page(paginated_site, "").select_one(".pagination")
    assert first.select_one('[rel="next"]')["href"] == "/page/2/"
    assert first.select_one('[rel="prev"]') is None
    second = page(paginated_site, "page/2/")
    assert second.select_one('.pagination [rel="prev"]')["href"] == "/"
    assert "page 2" in second.select_one("h1").get_text()
    assert "page 2" in second.title.get_text()
    tag = page(paginated_site, "tags/community/").select_one('.pagination [rel="next"]')
    assert tag["href"] == "/tags/community/page/2/"
    assert (
        page(paginated_site, "tags/community/page/2/")
        .title.get_text()
        .startswith("Essays about community, page 2")
    )


def test_archive_groups_essays_by_year_newest_first(dev_site):
    years = page(dev_site, "archives/").select("section.year")
    assert [y.h2.get_text() for y in years] == ["2999", "2024"]
    titles = [words(a.get_text()) for a in years[1].select("a")]
    assert titles[0] == "Up to the branches"
    assert titles[-2] == "Second step" and titles[-1].startswith("First light")


def test_topics_list_every_tag_with_its_count_and_tag_page_lists_its_essays(published_site):
    items = {
        a.get_text(): a.find_next_sibling(class_="count").get_text()
        for a in page(published_site, "tags/").select(".tag-list a")
    }
    assert items == {
        "community": "(3 essays)",
        "healing": "(1 essay)",
        "trust": "(1 essay)",
    }
    tag = page(published_site, "tags/trust/")
    assert tag.h1.get_text() == "Essays about trust"
    assert [words(a.get_text()) for a in tag.select(".card-title a")] == ["Second step"]


def test_footnote_links_and_back_links_point_at_each_other(published_site):
    body = page(published_site, "essays/reading-styles/").select_one(".essay-body")
    refs, backs = body.select("a.footnote-ref"), body.select("a.footnote-backref")
    assert len(refs) == len(backs) == 2
    for number, (ref, back) in enumerate(zip(refs, backs, strict=True), start=1):
        assert body.select_one(f"[id='{ref['href'][1:]}']").select_one(".footnote-backref") == back
        assert body.select_one(f"[id='{back['href'][1:]}'] a") == ref
        assert back["title"] == f"Back to the text of note {number}"


def test_essay_shows_date_and_byline_before_the_note_and_topics_after_the_text(published_site):
    soup = page(published_site, "essays/first-light/")
    header = soup.select_one("article.essay > header")
    assert header.select_one("time[datetime]") and header.select_one(".byline")
    assert header.sourceline < soup.select_one(".content-note").sourceline
    topics = soup.select_one("article.essay > .essay-footer .tags")
    assert [a.get_text() for a in topics.select("a")] == ["healing", "community"]
    assert topics.sourceline > soup.select_one(".essay-body").sourceline


def test_404_page_points_the_reader_home_and_to_the_archive(published_site):
    links = [a["href"] for a in page(published_site, "404.html").select("main a")]
    assert links == ["https://essays.example.org/", "https://essays.example.org/archives/"]
