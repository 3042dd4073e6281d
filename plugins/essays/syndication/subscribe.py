"""The feeds a reader can follow, as the subscribe, topic and series pages list them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from jinja2 import pass_context

from essays.syndication.feed_groups import ALL, Group, series_group, tag_group
from essays.syndication.feeds import feed_path, feeds_enabled

KIND_NAMES = {"atom": "Atom", "rss": "RSS", "json": "JSON Feed"}


@dataclass(frozen=True)
class Feed:
    name: str  # "Atom", "RSS" or "JSON Feed"
    url: str  # absolute: a reader pastes it into a feed reader


@dataclass(frozen=True)
class FeedChoice:
    """One group of essays a reader can follow, with its page and its feeds."""

    title: str  # "Every essay", "Essays about healing", a series' name
    page_url: str
    feeds: tuple[Feed, ...]


def choice(group: Group, site_url: str, title: str) -> FeedChoice:
    """Describe the feeds of one group (the JSON feed exists for every essay only)."""
    kinds = ("atom", "rss", "json") if group == ALL else ("atom", "rss")
    feeds = tuple(Feed(KIND_NAMES[k], f"{site_url}/{feed_path(group, k)}") for k in kinds)
    return FeedChoice(title, f"{site_url}/{group.page_url}", feeds)


def choices(site_url: str, tags: Iterable[Any], series: Iterable[Any]) -> tuple[FeedChoice, ...]:
    """Every essay first, then each topic by name, then each series in the order given."""
    found = [choice(ALL, site_url, "Every essay")]
    found += [
        choice(tag_group(tag), site_url, f"Essays about {tag}")
        for tag in sorted(tags, key=lambda t: str(t).casefold())
    ]
    found += [choice(series_group(s), site_url, f"The series {s.name}") for s in series]
    return tuple(found)


@pass_context
def feed_choices(context) -> tuple[FeedChoice, ...]:
    """The subscribe page's list; empty when this build writes no feeds (the preview)."""
    if not feeds_enabled(context):
        return ()
    tags = [tag for tag, _ in context.get("tags") or []]
    return choices(context["SITEURL"], tags, context.get("all_series") or [])


@pass_context
def own_feed(context) -> FeedChoice | None:
    """The feeds of the topic or series a page lists; None elsewhere and without feeds."""
    tag, series = context.get("tag"), context.get("series")
    if not feeds_enabled(context) or not (tag or series):
        return None
    group = tag_group(tag) if tag else series_group(series)
    return choice(group, context["SITEURL"], "")
