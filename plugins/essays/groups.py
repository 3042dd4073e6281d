"""Which feeds an essay belongs to: the site's, its tags', its series'."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from pelican.utils import slugify


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
    """The feed of an essay's series, if it has one.

    The series plugin gives `article.series` a `.name` and `.slug` (and `.url`);
    without it the front matter's text is the name and its slug is made here.
    """
    series = getattr(article, "series", None)
    if not series:
        return []
    name = str(getattr(series, "name", series))
    slug = getattr(series, "slug", None) or slugify(
        name, regex_subs=article.settings["SLUG_REGEX_SUBSTITUTIONS"]
    )
    return [Group("series", slug, name, getattr(series, "url", ""))]


def series_group(series: Any) -> Group:
    """The feed group of a series object (the series plugin's `all_series` items)."""
    return Group("series", series.slug, series.name, series.url)
