"""Keep the build's clock out of the output: the same commit builds the same bytes."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Any


def source_date() -> datetime:
    """The date to stamp when content has none: $SOURCE_DATE_EPOCH, else 1970-01-01.

    SOURCE_DATE_EPOCH is the reproducible-builds.org convention
    (https://reproducible-builds.org/specs/source-date-epoch/).
    """
    return datetime.fromtimestamp(int(os.environ.get("SOURCE_DATE_EPOCH", "0")), tz=UTC)


def pin_empty_feed_date(context: Any, feed: Any) -> None:
    """Give a feed with no entries a fixed `updated` date instead of the build time.

    feedgenerator dates a feed by its newest entry, and falls back to "now" when it has
    none (a new site, or one whose essays all wait for their day).
    """
    if not feed.items:
        feed.latest_post_date = source_date  # this feed object only, not the class
