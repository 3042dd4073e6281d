"""The series model: order, positions, neighbours and the writer's mistakes."""

from __future__ import annotations

from datetime import datetime

import pytest

from essays.series.model import Part, collect, place
from tests.helpers import slug

SERIES = "Roots and Routes"


def part(
    slug: str,
    day: int,
    number: int | None = None,
    status: str = "published",
    name: str = SERIES,
) -> Part:
    """An essay of the series as the receiver would describe it."""
    return Part(
        path=f"content/essays/{slug}.md",
        title=slug.title(),
        slug=slug,
        date=datetime(2024, 6, day),
        name=name,
        number=number,
        status=status,
        line=4,
        number_line=5 if number is not None else 0,
    )


def places(parts: list[Part]) -> dict[str, tuple[int | None, str | None, str | None]]:
    """Each part's (position, previous slug, next slug), by slug."""
    (series,), problems = collect(parts, slug)
    assert problems == []
    return {
        path.split("/")[-1].removesuffix(".md"): (
            p.part,
            p.previous.slug if p.previous else None,
            p.next.slug if p.next else None,
        )
        for path, p in place(series).items()
    }


@pytest.mark.parametrize(
    "parts, expected",
    [
        pytest.param(
            [part("a", 1, 1), part("b", 2, 2), part("c", 3, 3)],
            {"a": (1, None, "b"), "b": (2, "a", "c"), "c": (3, "b", None)},
            id="first-middle-last",
        ),
        pytest.param(
            [part("a", 1, 1), part("b", 2, 2, "draft"), part("c", 3, 3)],
            {"a": (1, None, "c"), "b": (None, "a", "c"), "c": (2, "a", None)},
            id="draft-in-the-middle",
        ),
        pytest.param(
            [part("a", 1, 1, "draft"), part("b", 2, 2), part("c", 3, 3, "hidden")],
            {"a": (None, None, "b"), "b": (1, None, None), "c": (None, "b", None)},
            id="draft-first-hidden-last",
        ),
        pytest.param([part("a", 1)], {"a": (1, None, None)}, id="series-of-one"),
        pytest.param(
            [part("a", 1, 2), part("b", 9, 1)],
            {"b": (1, None, "a"), "a": (2, "b", None)},
            id="part-number-beats-date",
        ),
        pytest.param(
            [part("c", 3), part("b", 1), part("a", 1)],
            {"a": (1, None, "b"), "b": (2, "a", "c"), "c": (3, "b", None)},
            id="unnumbered-by-date-then-slug",
        ),
    ],
)
def test_parts_know_their_position_and_published_neighbours(parts, expected):
    result = places(parts)
    assert result == expected
    assert list(result) == list(expected)  # reading order


def test_drafts_and_hidden_essays_are_not_published_parts():
    parts = [part("a", 1, 1), part("b", 2, 2, "draft"), part("c", 3, 3, "hidden"), part("d", 4, 4)]
    (series,), _ = collect(parts, slug)
    assert [p.slug for p in series.published] == ["a", "d"]
    assert [p.slug for p in series.members] == ["a", "b", "c", "d"]


def test_parts_of_different_series_stay_apart():
    found, problems = collect([part("a", 1, name="One"), part("b", 2, name="Two")], slug)
    assert [(s.name, s.slug, len(s.members)) for s in found] == [
        ("One", "one", 1),
        ("Two", "two", 1),
    ]
    assert problems == []


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Roots and Routes", "roots-and-routes"),
        ("Roots & Routes", "roots-and-routes"),
        ("  roots AND routes!", "roots-and-routes"),
        ("Café notes", "cafe-notes"),
        ("???", ""),
    ],
)
def test_series_address_follows_the_site_slug_rule(name, expected):
    found, problems = collect([part("a", 1, name=name)], slug)
    assert [series.slug for series in found] == ([expected] if expected else [])
    assert len(problems) == (0 if expected else 1)  # no letters: the writer is told


@pytest.mark.parametrize(
    "parts, expected",
    [
        pytest.param(
            [part("a", 1, 1), part("b", 2, 2), part("c", 3, 2)],
            [
                ("b.md", 5, 'series "Roots and Routes": part 2 is also content/essays/c.md'),
                ("c.md", 5, 'series "Roots and Routes": part 2 is also content/essays/b.md'),
            ],
            id="duplicate-part",
        ),
        pytest.param(
            [part("a", 1, 1), part("b", 2), part("c", 3, 2), part("d", 4)],
            [
                ("b.md", 4, "this part has no `series_part`, but other parts do"),
                ("d.md", 4, "this part has no `series_part`, but other parts do"),
            ],
            id="mixed-numbering",
        ),
        pytest.param(
            [part("a", 1), part("b", 2, name="Roots & Routes"), part("c", 3)],
            [
                (
                    "b.md",
                    4,
                    'series "Roots & Routes" is spelled "Roots and Routes" in '
                    "content/essays/a.md, content/essays/c.md",
                ),
            ],
            id="two-spellings",
        ),
        pytest.param(
            [part("a", 1, name="roots and routes"), part("b", 2)],
            [("b.md", 4, 'series "Roots and Routes" is spelled "roots and routes" in ')],
            id="two-spellings-tie-goes-to-the-first-part",
        ),
        pytest.param(
            [part("a", 1, 1, name="")],
            [("a.md", 5, "`series_part` is given but no `series`")],
            id="part-without-series",
        ),
        pytest.param(
            [part("a", 1, name="???")],
            [("a.md", 4, 'series "???" has no letters or digits for its web address')],
            id="name-without-letters",
        ),
    ],
)
def test_mistakes_name_the_file_and_line(parts, expected):
    _, problems = collect(parts, slug)
    assert [(p.path.split("/")[-1], p.line, p.level) for p in problems] == [
        (name, line, "error") for name, line, _ in expected
    ]
    for problem, (_, _, message) in zip(problems, expected, strict=True):
        assert message in problem.message
        assert problem.hint


def test_mixed_numbering_hint_lists_the_numbers_in_use():
    _, problems = collect([part("a", 1, 3), part("b", 2), part("c", 3, 1)], slug)
    assert "(the other parts use 1, 3)" in problems[0].hint


def test_a_series_with_mistakes_still_has_every_part():
    (series,), problems = collect([part("a", 1, 1), part("b", 2), part("c", 3, 1)], slug)
    assert len(problems) == 3
    assert [p.slug for p in series.members] == ["a", "b", "c"]
