"""Which feeds an essay belongs to: the site's, its tags', its series'."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Group:
    """Essays that share a feed: all of them, one tag's, or one series'."""

    kind: str  # "all", "tags" or "series"; with slug, it names the feed's file
    slug: str = ""
    label: str = field(default="", compare=False)  # e.g. "essays about healing"
    page_url: str = field(default="", compare=False)  # the page listing the same essays


ALL = Group("all")


def grouped(articles: Iterable[Any], key: Callable[[Any], list[Group]]) -> dict[Group, list]:
    """Map each group that key finds to its essays, in the order given."""
    found: dict[Group, list] = {}
    for article in articles:
        for group in key(article):
            found.setdefault(group, []).append(article)
    return found


def tag_groups(article: Any) -> list[Group]:
    """The feeds of an essay's tags."""
    return [tag_group(tag) for tag in getattr(article, "tags", [])]


def tag_group(tag: Any) -> Group:
    return Group("tags", tag.slug, f"essays about {tag}", tag.url)


def series_groups(article: Any) -> list[Group]:
    """The feed of an essay's series (its SeriesInfo from series/linking.py), if it has one."""
    series = getattr(article, "series", None)
    return [series_group(series)] if series else []


def series_group(series: Any) -> Group:
    """The feed group of a series (a SeriesInfo: an essay's `series`, or in `all_series`)."""
    return Group("series", series.slug, series.name, series.url)
