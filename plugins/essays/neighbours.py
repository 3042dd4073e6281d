"""Chronological neighbours: the next older and next newer published essay."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def neighbours(items: Sequence[Any]) -> dict[int, tuple[Any | None, Any | None]]:
    """Map each item's index (in date order, oldest first) to (older, newer)."""
    return {
        i: (items[i - 1] if i > 0 else None, items[i + 1] if i + 1 < len(items) else None)
        for i in range(len(items))
    }


def link_neighbours(generator) -> None:
    """Give each published essay `older_essay` and `newer_essay` (None at the ends)."""
    ordered = sorted(generator.articles, key=lambda a: (a.date, a.slug))
    for i, (older, newer) in neighbours(ordered).items():
        ordered[i].older_essay, ordered[i].newer_essay = older, newer
    for item in generator.drafts + getattr(generator, "hidden_articles", []):
        item.older_essay = item.newer_essay = None
