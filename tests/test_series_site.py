"""Series in the built site: part labels, part links, series pages, and bad input."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import PUBLISH_URL, build_into, page, words
from toolkit.settings import DEV, PUBLISH

PARTS = ["where-the-roots-go", "following-the-water", "up-to-the-branches"]
DRAFT = "a-knot-in-the-trunk"
SERIES_URL = "/series/roots-and-routes/"


def path_of(href: str) -> str:
    """The site path of a link, without the published site's address."""
    return "/" + href.split("://", 1)[-1].split("/", 1)[-1] if "://" in href else href


def nav(site: Path, slug: str):
    return page(site, f"essays/{slug}/").select_one("nav.series-nav")


@pytest.mark.parametrize("number, slug", list(enumerate(PARTS, 1)))
def test_each_part_says_which_part_of_three_it_is(published_site, number, slug):
    soup = page(published_site, f"essays/{slug}/")
    for where in (".essay-header", ".series-nav"):
        label = soup.select_one(f"{where} .series-position")
        assert words(label.get_text()) == f"Part {number} of 3 in Roots and Routes"
        assert path_of(label.select_one("a")["href"]) == SERIES_URL


@pytest.mark.parametrize(
    "slug, previous, next_",
    [
        ("where-the-roots-go", None, "following-the-water"),
        ("following-the-water", "where-the-roots-go", "up-to-the-branches"),
        ("up-to-the-branches", "following-the-water", None),
    ],
)
def test_previous_and_next_part_skip_the_draft(published_site, slug, previous, next_):
    series_nav = nav(published_site, slug)
    for kind, label, target in (
        ("previous", "Previous part", previous),
        ("next", "Next part", next_),
    ):
        step = series_nav.select_one(f".series-step.{kind}")
        if target is None:
            assert step is None
            continue
        assert step.span.get_text() == label
        assert path_of(step.a["href"]) == f"/essays/{target}/"
        assert words(step.a.get_text()) == words(
            page(published_site, f"essays/{target}/").h1.get_text()
        )


@pytest.mark.parametrize("slug", PARTS)
def test_list_of_parts_marks_the_current_one(published_site, slug):
    links = nav(published_site, slug).select("ol.series-parts a")
    assert [path_of(a["href"]) for a in links] == [f"/essays/{s}/" for s in PARTS]
    assert [a.get("aria-current") for a in links] == ["page" if s == slug else None for s in PARTS]


def test_series_page_lists_parts_in_order_with_summaries(published_site):
    soup = page(published_site, "series/roots-and-routes/")
    assert words(soup.h1.contents[0].get_text()) == "Roots and Routes"
    cards = soup.select("ol.series-list > li .card")
    assert [path_of(c.select_one(".card-title a")["href"]) for c in cards] == [
        f"/essays/{s}/" for s in PARTS
    ]
    assert words(cards[1].select_one(".card-summary").get_text()) == (
        "The second part of the test series."
    )


def test_series_index_lists_the_series_and_main_navigation_links_to_it(published_site):
    soup = page(published_site, "series/")
    series = soup.select(".series-index > li")
    assert [path_of(li.h2.a["href"]) for li in series] == [SERIES_URL]
    assert words(series[0].select_one(".count").get_text()).startswith("3 parts")
    menu = soup.select_one('header nav[aria-label="Main"] a[aria-current="page"]')
    assert (menu.get_text(), path_of(menu["href"])) == ("Series", "/series/")
    for essay in ("", "essays/first-light/", "about/", "404.html"):
        links = page(published_site, essay).select('header nav[aria-label="Main"] a')
        assert "Series" in [a.get_text() for a in links], essay


def test_draft_part_is_nowhere_in_the_published_site(published_site):
    assert not list(published_site.rglob(f"*{DRAFT}*"))
    for path in published_site.rglob("*"):
        if path.suffix in {".html", ".xml"}:
            text = path.read_text(encoding="utf-8")
            assert DRAFT not in text and "A knot in the" not in text, path


def test_draft_preview_shows_where_it_would_sit_without_being_a_part(dev_site):
    soup = page(dev_site, f"drafts/{DRAFT}/")
    series_nav = soup.select_one("nav.series-nav")
    assert words(series_nav.select_one(".series-position").get_text()) == (
        "A draft for the series Roots and Routes"
    )
    assert (
        series_nav.select_one(".series-step.previous a")["href"] == "/essays/following-the-water/"
    )
    assert series_nav.select_one(".series-step.next a")["href"] == "/essays/up-to-the-branches/"
    assert not series_nav.select("[aria-current]")
    for slug in PARTS:
        assert DRAFT not in str(nav(dev_site, slug))
    assert "Part 3 of 3" in nav(dev_site, "up-to-the-branches").get_text()


def test_chronological_neighbours_stay_apart_from_series_links(published_site):
    soup = page(published_site, "essays/where-the-roots-go/")
    older = soup.select_one(".neighbours .neighbour.older")
    assert older.span.get_text() == "Older essay"
    assert path_of(older.a["href"]) == "/essays/closing-tags/"
    assert nav(published_site, "where-the-roots-go").select_one(".series-step.previous") is None
    assert page(published_site, "essays/closing-tags/").select_one(".series-nav") is None


def test_site_without_a_series_has_no_series_pages_or_link(tmp_path, content_copy):
    for slug in [*PARTS, DRAFT]:
        (content_copy / "essays" / f"{slug}.md").unlink()
    result = build_into(tmp_path, content_copy, DEV)
    assert not result.problems, result.report()
    output = tmp_path / "output"
    assert not (output / "series").exists()
    links = page(output, "").select('header nav[aria-label="Main"] a')
    assert "Series" not in [a.get_text() for a in links]


def rename_series(content: Path, old: str, new: str) -> None:
    """Rewrite the series line of every part, as a writer's editor would save it."""
    for path in (content / "essays").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        if f"series: {old}\n" in text:
            path.write_text(text.replace(f"series: {old}\n", f"series: {new}\n"), "utf-8")
            stamp = path.stat().st_mtime + 5  # a later save, whatever the clock's resolution
            os.utime(path, (stamp, stamp))


def test_rebuild_in_the_same_process_after_renaming_leaves_no_stale_series(tmp_path, content_copy):
    first = build_into(tmp_path, content_copy, DEV)
    assert not first.problems, first.report()
    assert (tmp_path / "output" / "series" / "roots-and-routes" / "index.html").is_file()

    rename_series(content_copy, "Roots and Routes", "Soil and Sky")
    second = build_into(tmp_path, content_copy, DEV)

    assert not second.problems, second.report()
    output = tmp_path / "output"
    assert not (output / "series" / "roots-and-routes").exists()
    assert (output / "series" / "soil-and-sky" / "index.html").is_file()
    for path in output.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "Roots and Routes" not in text and "roots-and-routes" not in text, path
    label = page(output, "essays/following-the-water/").select_one(".series-nav .series-position")
    assert words(label.get_text()) == "Part 2 of 3 in Soil and Sky"
    index = page(output, "series/").select(".series-index > li h2 a")
    assert [a["href"] for a in index] == ["/series/soil-and-sky/"]


def edit(content: Path, slug: str, old: str, new: str) -> str:
    """Change one line of an essay; return the essay's path as messages show it."""
    path = content / "essays" / f"{slug}.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    "slug, old, new, expected",
    [
        (
            "following-the-water",
            "series_part: 2\n",
            "series_part: 1\n",
            [
                '{where-the-roots-go}:6: error: series "Roots and Routes": part 1 is also '
                "{following-the-water}",
                '{following-the-water}:6: error: series "Roots and Routes": part 1 is also '
                "{where-the-roots-go}",
            ],
        ),
        (
            "up-to-the-branches",
            "series_part: 4\n",
            "",
            [
                '{up-to-the-branches}:5: error: series "Roots and Routes": this part has no '
                "`series_part`, but other parts do",
            ],
        ),
        (
            "up-to-the-branches",
            "series: Roots and Routes\n",
            "series: Roots & Routes\n",
            [
                '{up-to-the-branches}:5: error: series "Roots & Routes" is spelled '
                '"Roots and Routes" in {where-the-roots-go}, {following-the-water}, '
                "{a-knot-in-the-trunk}",
            ],
        ),
        (
            "second-step",
            "tags: community, trust\n",
            "tags: community, trust\nseries_part: 2\n",
            ["{second-step}:5: error: `series_part` is given but no `series`"],
        ),
    ],
    ids=["duplicate-part", "mixed-numbering", "two-spellings", "part-without-series"],
)
def test_series_mistakes_fail_the_build_naming_file_and_line(
    tmp_path, content_copy, slug, old, new, expected
):
    edit(content_copy, slug, old, new)
    paths = {p.stem: str(p) for p in (content_copy / "essays").glob("*.md")}

    result = build_into(tmp_path, content_copy, {**PUBLISH, "SITEURL": PUBLISH_URL})

    assert result.failed(strict=True)
    report = result.report()
    for message in expected:
        assert message.format(**paths) in report
    assert [p.level for p in result.problems] == ["error"] * len(expected), report
    assert not (tmp_path / "output").exists()


def test_series_page_describes_itself_in_link_previews(published_site):
    soup = page(published_site, "series/roots-and-routes/")
    described = {
        soup.select_one('meta[name="description"]')["content"],
        soup.select_one('meta[property="og:description"]')["content"],
    }
    assert described == {"A series of 3 essays: Roots and Routes"}


def test_a_part_whose_next_part_is_scheduled_names_no_count(tmp_path):
    essays = tmp_path / "content" / "essays"
    essays.mkdir(parents=True)
    for part, date in ((1, "2024-03-05"), (2, "2099-06-01")):
        (essays / f"part-{part}.md").write_text(
            f"---\ntitle: Part {part}\ndate: {date}\nseries: Roots and Routes\n"
            f"series_part: {part}\n---\n\nText.\n",
            encoding="utf-8",
        )

    result = build_into(tmp_path, tmp_path / "content", {**PUBLISH, "SITEURL": PUBLISH_URL})

    assert not result.problems, result.report()
    label = nav(tmp_path / "output", "part-1").select_one(".series-position")
    assert words(label.get_text()) == "Part 1 in the series Roots and Routes"
    series = page(tmp_path / "output", "series/roots-and-routes/")
    assert words(series.h1.get_text()) == "Roots and Routes"
    assert words(series.select_one(".page-subtitle").get_text()) == "A series: one part so far"
