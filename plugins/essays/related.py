"""Related essays: up to three others that share the most topics (a shared series counts as one)."""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from essays.addresses import slug_for
from essays.content_files import every_item

LIMIT = 3


@dataclass(frozen=True)
class Subjects:
    """What relating an essay needs: its address, date, topics and series."""

    slug: str
    date: datetime
    names: frozenset[str]  # "tag:<slug>" and "series:<slug>"
    seconds: float = field(init=False, compare=False)  # the date as a number: fast to compare

    def __post_init__(self) -> None:
        epoch = datetime(1970, 1, 1, tzinfo=UTC if self.date.tzinfo else None)
        object.__setattr__(self, "seconds", (self.date - epoch).total_seconds())


def related_to(essay: Subjects, others: Sequence[Subjects], limit: int = LIMIT) -> list[str]:
    """Return the slugs of the others that share most of the essay's subjects.

    Among equals: the closest in date first, then the newer, then by slug; an
    essay sharing nothing is never related, and an essay is never its own.
    """
    by_slug = {other.slug: other for other in others}
    shared = Counter({other.slug: len(essay.names & other.names) for other in others})
    return best(essay, shared, by_slug, limit)


def best(
    essay: Subjects, shared: Counter[str], by_slug: dict[str, Subjects], limit: int = LIMIT
) -> list[str]:
    """The `limit` others sharing most with the essay (counts by slug), in order.

    Only the essays in the best few counts are ranked by date: with 500 essays on a
    dozen topics, most share one topic and would never be chosen anyway.
    """
    by_count: dict[int, list[Subjects]] = defaultdict(list)
    for slug, count in shared.items():
        if count and slug != essay.slug:
            by_count[count].append(by_slug[slug])
    chosen: list[tuple[int, Subjects]] = []
    for count in sorted(by_count, reverse=True):
        if len(chosen) >= limit:
            break
        chosen += [(count, other) for other in by_count[count]]
    scored = [
        (-count, abs(essay.seconds - other.seconds), -other.seconds, other.slug)
        for count, other in chosen
    ]
    return [entry[-1] for entry in heapq.nsmallest(limit, scored)]


def subjects(item: Any, settings: dict) -> Subjects:
    """Describe an essay by its topics' slugs and its series' slug."""
    names = {f"tag:{tag.slug}" for tag in getattr(item, "tags", [])}
    series = item.metadata.get("series")  # the front matter's name: no order with link_series
    if isinstance(series, str) and series.strip():
        names.add(f"series:{slug_for(series, settings)}")
    return Subjects(item.slug, item.date, frozenset(names))


def link_related(generator) -> None:
    """Give every essay `related_essays`, chosen from published essays only (never a draft)."""
    published = {item.slug: item for item in generator.articles}
    by_slug = {slug: subjects(item, generator.settings) for slug, item in published.items()}
    items = list(every_item(generator))
    settings = generator.settings
    essays = tuple(
        by_slug[item.slug] if published.get(item.slug) is item else subjects(item, settings)
        for item in items
    )
    for item, slugs in zip(items, choose_related(tuple(by_slug.values()), essays), strict=True):
        item.related_essays = [published[slug] for slug in slugs]


def choose_related(
    published: tuple[Subjects, ...], essays: tuple[Subjects, ...]
) -> tuple[tuple[str, ...], ...]:
    """The slugs related to each essay; the last answer again if nothing it depends on changed.

    The preview's build process relates the same essays after nearly every save
    (a change of body leaves every essay's subjects as they were): 0.02 s of each
    rebuild of 500 essays.
    """
    if LAST.key == (published, essays):
        return LAST.answer
    by_slug = {essay.slug: essay for essay in published}
    sharing = sharing_by_name(published)
    answer = []
    for essay in essays:
        # How many subjects each other essay shares with this one: one count per topic.
        shared = Counter(other.slug for name in essay.names for other in sharing[name])
        answer.append(tuple(best(essay, shared, by_slug)))
    LAST.key, LAST.answer = (published, essays), tuple(answer)
    return LAST.answer


@dataclass
class Answer:
    key: tuple = ()
    answer: tuple = ()


LAST = Answer()  # one per process: the preview's build process keeps it between saves


def sharing_by_name(others: Sequence[Subjects]) -> dict[str, list[Subjects]]:
    """The essays of each topic and series: only those can be related to an essay in it."""
    sharing: dict[str, list[Subjects]] = defaultdict(list)
    for other in others:
        for name in other.names:
            sharing[name].append(other)
    return sharing
