"""One order for essays of the same day, whatever order the files were found in.

Pelican collects the files in a set, whose order changes from run to run (string
hashes are salted per process), and sorts by date alone: two essays dated the same
day would swap places in the lists from one build to the next, so a publish would
not give the same bytes twice, and unchanged list pages would look changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pelican.utils import order_content


def in_stable_order(items: list[Any], order_by: str | Callable) -> list[Any]:
    """Order items by the setting, items equal under it by their source path."""
    return order_content(sorted(items, key=lambda item: str(item.source_path)), order_by)


def order_same_day(generator) -> None:
    """Give the essays, hidden essays and drafts one order before tags and lists are made."""
    order_by = generator.settings["ARTICLE_ORDER_BY"]
    for name in ("articles", "hidden_articles", "drafts"):
        setattr(generator, name, in_stable_order(getattr(generator, name), order_by))
