"""Related essays: chosen at build time by shared topics and series, shown after the essay."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest

from essays.related import Subjects, choose_related, related_to
from tests.helpers import PUBLISH_URL, build_into, page
from toolkit.settings import PUBLISH

DAY0 = datetime(2024, 1, 1)


def essay(slug: str, day: int, *names: str) -> Subjects:
    return Subjects(slug, DAY0 + timedelta(days=day), frozenset(names))


@pytest.mark.parametrize(
    "others, expected",
    [
        pytest.param([essay("b", 5, "tag:x")], ["b"], id="one-shared-topic"),
        pytest.param([essay("b", 5, "tag:y")], [], id="nothing-shared-nothing-related"),
        pytest.param([essay("a", 0, "tag:x")], [], id="never-its-own"),
        pytest.param(
            [essay("near", 3, "tag:x"), essay("most", 90, "tag:x", "series:s")],
            ["most", "near"],
            id="most-shared-first",
        ),
        pytest.param(
            [essay("far", 40, "tag:x"), essay("near", -2, "tag:x"), essay("mid", 9, "tag:x")],
            ["near", "mid", "far"],
            id="then-closest-in-date",
        ),
        pytest.param(
            [essay("older", -4, "tag:x"), essay("newer", 4, "tag:x")],
            ["newer", "older"],
            id="equally-close-newer-first",
        ),
        pytest.param(
            [essay(f"e{i}", i, "tag:x") for i in range(1, 6)],
            ["e1", "e2", "e3"],
            id="three-at-most",
        ),
        pytest.param(
            [essay("part", 30, "series:s"), essay("topic", 1, "tag:z")],
            ["part"],
            id="series-counts-as-a-subject",
        ),
    ],
)
def test_related_essays_are_the_closest_by_subject(others, expected):
    me = essay("a", 0, "tag:x", "series:s")
    assert related_to(me, others) == expected


@pytest.mark.parametrize("seed", range(20))
def test_ranking_only_the_best_shares_chooses_as_ranking_every_essay_would(seed):
    """Random sites of many essays on few topics: the same three as the plain rule."""
    rng = random.Random(seed)
    topics = [f"tag:{n}" for n in range(rng.randint(1, 8))]
    others = [
        essay(f"e{i}", rng.randint(-50, 50), *rng.sample(topics, rng.randint(0, len(topics))))
        for i in range(rng.randint(0, 60))
    ]
    me = essay("me", rng.randint(-50, 50), *rng.sample(topics, rng.randint(1, len(topics))))
    plain = sorted(
        (-len(me.names & o.names), abs(me.seconds - o.seconds), -o.seconds, o.slug)
        for o in others
        if me.names & o.names
    )

    assert related_to(me, others) == [entry[-1] for entry in plain[:3]]


def test_the_answer_kept_from_the_last_build_is_used_only_for_the_same_subjects():
    """The preview's build process relates the essays again after every save."""
    first = (essay("a", 0, "tag:x"), essay("b", 1, "tag:x"), essay("c", 2, "tag:y"))
    retagged = (*first[:2], essay("c", 2, "tag:x"))
    redated = (first[0], essay("b", 9, "tag:x"), retagged[2])
    for essays in (first, first, retagged, retagged, redated, first):
        expected = tuple(tuple(related_to(me, essays)) for me in essays)
        assert choose_related(essays, essays) == expected


def write(folder, slug: str, date: str, extra: str = "") -> None:
    text = f"---\ntitle: Essay {slug}\ndate: {date}\n{extra}---\n\nText of {slug}.\n"
    (folder / f"{slug}.md").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def related_site(tmp_path_factory):
    """Three essays on grief with unrelated essays dated between them, and a draft on grief."""
    tmp = tmp_path_factory.mktemp("related")
    essays = tmp / "content" / "essays"
    essays.mkdir(parents=True)
    write(essays, "grief-one", "2024-01-01", "tags: [grief]\n")
    write(essays, "other-a", "2024-01-02", "tags: [work]\n")
    write(essays, "grief-two", "2024-01-03", "tags: [grief, hope]\n")
    write(essays, "other-b", "2024-01-04")
    write(essays, "grief-three", "2024-01-05", "tags: [grief]\n")
    write(essays, "grief-draft", "2024-01-06", "tags: [grief]\nstatus: draft\n")
    result = build_into(tmp, tmp / "content", {**PUBLISH, "SITEURL": PUBLISH_URL})
    assert not result.problems, result.report()
    return tmp / "output"


def related_links(output, slug: str) -> list[str]:
    return [a["href"] for a in page(output, f"essays/{slug}/").select(".related a")]


@pytest.mark.parametrize(
    "slug, others",
    [
        ("grief-one", ["grief-two", "grief-three"]),
        ("grief-two", ["grief-three", "grief-one"]),  # as close: the newer first
        ("grief-three", ["grief-two", "grief-one"]),
    ],
)
def test_essays_sharing_a_topic_link_each_other_and_no_draft(related_site, slug, others):
    assert related_links(related_site, slug) == [f"{PUBLISH_URL}/essays/{o}/" for o in others]


def test_essay_sharing_nothing_has_no_related_section(related_site):
    soup = page(related_site, "essays/other-a/")
    assert soup.select_one(".related") is None
    assert soup.select_one(".neighbours") is not None


def test_related_section_comes_after_the_essay_with_a_heading(published_site):
    soup = page(published_site, "essays/first-light/")
    related = soup.select_one("nav.related")
    assert related.select_one("h2").get_text() == "Related essays"
    assert soup.select_one(".essay-body").sourceline < related.sourceline
    assert 1 <= len(related.select("li a")) <= 3


def test_a_draft_part_is_never_offered_as_related(dev_site):
    links = related_links(dev_site, "where-the-roots-go")
    assert "/essays/following-the-water/" in links
    assert not any("a-knot-in-the-trunk" in link for link in links)
