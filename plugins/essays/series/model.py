"""Series of essays: group the parts, order them, and check what the writers wrote."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from essays.problems import Problem


@dataclass(frozen=True)
class Part:
    """One essay that names a series (or a part number) in its front matter."""

    path: str  # the essay's file, as messages show it; also its key
    title: str
    slug: str
    date: datetime
    name: str = ""  # the series name as written; "" when only series_part is given
    number: int | None = None  # series_part
    status: str = "published"  # published, draft or hidden
    line: int = 0  # line of `series:`
    number_line: int = 0  # line of `series_part:`


@dataclass(frozen=True)
class Series:
    """A series: its name, its slug and every part in reading order, drafts included."""

    name: str
    slug: str
    members: tuple[Part, ...]

    @property
    def published(self) -> tuple[Part, ...]:
        return tuple(p for p in self.members if p.status == "published")


@dataclass(frozen=True)
class Place:
    """Where one part sits: its position among published parts and its neighbours."""

    part: int | None  # 1, 2, 3 ... among published parts; None for a draft or hidden essay
    previous: Part | None
    next: Part | None


def collect(
    parts: Iterable[Part], slug: Callable[[str], str]
) -> tuple[list[Series], list[Problem]]:
    """Group parts by the slug of their series name, in reading order; say what is wrong."""
    problems: list[Problem] = []
    groups: dict[str, list[Part]] = defaultdict(list)
    for part in parts:
        if not part.name:
            problems.append(_no_series(part))
        elif not slug(part.name):
            problems.append(_no_slug(part))
        else:
            groups[slug(part.name)].append(part)
    found = []
    for slug, members in sorted(groups.items()):
        name, spelling_problems = _spelling(members)
        ordered, order_problems = _order(name, members)
        problems += spelling_problems + order_problems
        found.append(Series(name, slug, tuple(ordered)))
    return found, sorted(problems)


def place(series: Series) -> dict[str, Place]:
    """Map each part's path to its place; drafts and hidden essays are never a neighbour."""
    published = series.published
    places = {}
    for index, part in enumerate(series.members):
        before = [p for p in series.members[:index] if p in published]
        after = [p for p in series.members[index + 1 :] if p in published]
        number = published.index(part) + 1 if part in published else None
        places[part.path] = Place(number, before[-1] if before else None, next(iter(after), None))
    return places


def _by_date(part: Part) -> tuple[datetime, str, str]:
    return (part.date, part.slug, part.path)


def _order(name: str, members: list[Part]) -> tuple[list[Part], list[Problem]]:
    """Order by part number when every part has one, else by date then slug."""
    by_date = sorted(members, key=_by_date)
    numbered = [p for p in by_date if p.number is not None]
    if len(numbered) == len(members):
        return sorted(by_date, key=lambda p: p.number), _duplicates(name, numbered)
    if not numbered:
        return by_date, []
    used = ", ".join(str(n) for n in sorted({p.number for p in numbered}))
    return by_date, [
        Problem(
            p.path,
            p.line,
            f'series "{name}": this part has no `series_part`, but other parts do',
            f"add a line `series_part: ...` (the other parts use {used}), "
            "or remove `series_part` from every part to order them by date",
        )
        for p in by_date
        if p.number is None
    ] + _duplicates(name, numbered)


def _duplicates(name: str, numbered: list[Part]) -> list[Problem]:
    """Name every file whose part number another file of the series also uses."""
    holders: dict[int, list[Part]] = defaultdict(list)
    for part in numbered:
        holders[part.number].append(part)
    return [
        Problem(
            part.path,
            part.number_line,
            f'series "{name}": part {number} is also '
            + ", ".join(other.path for other in same if other is not part),
            "give each part of a series its own number",
        )
        for number, same in holders.items()
        if len(same) > 1
        for part in same
    ]


def _spelling(members: list[Part]) -> tuple[str, list[Problem]]:
    """Pick the most used spelling of the name; flag every part that writes it otherwise."""
    by_date = sorted(members, key=_by_date)
    counts = Counter(p.name for p in by_date)  # ties go to the spelling of the earliest part
    name = max(counts, key=lambda n: (counts[n], -[p.name for p in by_date].index(n)))
    holders = ", ".join(p.path for p in by_date if p.name == name)
    return name, [
        Problem(
            p.path,
            p.line,
            f'series "{p.name}" is spelled "{name}" in {holders}',
            f"write the series name the same way in every part: series: {name}",
        )
        for p in by_date
        if p.name != name
    ]


def _no_series(part: Part) -> Problem:
    return Problem(
        part.path,
        part.number_line,
        "`series_part` is given but no `series`",
        "add a line `series: <name of the series>`, or remove `series_part`",
    )


def _no_slug(part: Part) -> Problem:
    return Problem(
        part.path,
        part.line,
        f'series "{part.name}" has no letters or digits for its web address',
        "give the series a name with words in it",
    )
